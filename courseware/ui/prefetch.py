"""The scripts of the quiz's widgets fetched while the line would otherwise be idle.

Streamlit's page first loads its own scripts, then opens its websocket and runs the page's
Python; only when the page's elements arrive does it ask for the code of each kind of widget
(radio buttons, checkboxes, select boxes, HTML). On slow 3G the line is idle for the second or
two the websocket and the run take, and the widgets' code then arrives only after it. `Prefetch`,
an ASGI middleware, adds `<link rel="prefetch">` for those widgets' scripts (with what they
import that the page does not already load) to Streamlit's page shell: the browser fetches them
at its lowest priority, once the page's own scripts are in, and finds them in its cache when
the widgets ask.

Only the page shell is changed (the HTML that loads `./static/js/index.*.js`), and only by
adding links before `</head>`; a widget whose script is not found is left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from courseware.ui.light_fonts import STREAMLIT_STATIC

# The widgets on a quiz's first screen, by the name of their script (Streamlit's chunk names
# are the components' names followed by a content hash).
QUIZ_WIDGETS = ("Radio", "Checkbox", "Selectbox", "Html", "LinkButton", "PageLink")
SHELL_MARK = b"./static/js/index."
# Where Streamlit's page shell is never served: its files and its own endpoints.
NOT_PAGES = ("/static/", "/_stcore/", "/media/", "/component/")
STATIC_IMPORT = re.compile(r'from"\./([\w.-]+\.js)"|import"\./([\w.-]+\.js)"')
PRELOADED = re.compile(r'"\./static/js/([\w.-]+\.js)"')


def prefetched_scripts(static: Path = STREAMLIT_STATIC, widgets=QUIZ_WIDGETS) -> list[str]:
    """The widgets' scripts and everything they import, less what the page shell loads."""
    folder = static / "js"
    shell = PRELOADED.findall((static.parent / "index.html").read_text(encoding="utf-8"))
    chunks = {path.name for path in folder.glob("*.js")}
    wanted = [
        name
        for widget in widgets
        for name in sorted(chunks)
        if re.fullmatch(rf"{re.escape(widget)}\.[\w-]+\.js", name)
    ]
    found: list[str] = []
    while wanted:
        name = wanted.pop(0)
        if name in found or name in shell or name not in chunks:
            continue
        found.append(name)
        code = (folder / name).read_text(encoding="utf-8", errors="ignore")
        wanted += [a or b for a, b in STATIC_IMPORT.findall(code)]
    return found


class Prefetch:
    def __init__(self, app, static: Path = STREAMLIT_STATIC) -> None:
        self.app = app
        self._links = "".join(
            f'<link rel="prefetch" href="./static/js/{name}" as="script" crossorigin>'
            for name in prefetched_scripts(static)
        ).encode()

    async def __call__(self, scope, receive, send) -> None:
        page = scope["type"] == "http" and scope["method"] == "GET"
        if not page or not self._links or scope["path"].startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        # The shell as it is, to add the links to (a few KB; nginx compresses it on the way).
        plain = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": plain}
        start: dict | None = None
        body: list[bytes] = []

        async def send_with_links(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                types = [v for k, v in message["headers"] if k.lower() == b"content-type"]
                if types and types[0].startswith(b"text/html"):
                    start = message  # held back until the whole page is in
                    return
            elif start is not None and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._send_page(start, b"".join(body), send)
                return
            await send(message)

        await self.app(scope, receive, send_with_links)

    async def _send_page(self, start: dict, page: bytes, send) -> None:
        encoded = any(k.lower() == b"content-encoding" for k, _ in start["headers"])
        if not encoded and SHELL_MARK in page and b"</head>" in page:
            page = page.replace(b"</head>", self._links + b"</head>", 1)
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(page)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": page})
