"""Streamlit's JavaScript and styles sent compressed with Brotli at its strongest setting.

Streamlit sends its static files uncompressed (it keeps them out of its gzip middleware), so a
first visit served by `make run` moves 2.6 MB; nginx's on-the-fly gzip halves the time, but a
phone on slow 3G still waits for about 500 KB of compressed JavaScript before the first
question. Brotli at quality 11 makes those files about 18 % smaller than gzip does; it is too
slow to run per request, so each file is compressed once per machine (`asset_cache`) and kept
in memory by each process: the files of a first page load (those `index.html` names) in a
thread started with the app, the others when first asked for.

Only browsers that accept `br` get it (over HTTPS, or on localhost); anything else, and any
request for a range, passes through to Streamlit unchanged. The files' names carry their
content's hash, so the answer keeps Streamlit's year-long `immutable` caching, with
`Vary: Accept-Encoding` for caches in between. nginx leaves an answer that is already
compressed as it is.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import anyio
import brotli

from courseware.ui.asset_cache import cached
from courseware.ui.light_fonts import STREAMLIT_STATIC

REQUEST = re.compile(r"/static/(js|css)/([\w.-]+\.(?:js|css))$")
MEDIA_TYPES = {"js": b"text/javascript; charset=utf-8", "css": b"text/css; charset=utf-8"}
FIRST_LOAD = re.compile(r"\./static/(js|css)/([\w.-]+\.(?:js|css))")


def _accepts_brotli(headers: dict[bytes, bytes]) -> bool:
    offered = headers.get(b"accept-encoding", b"").decode("latin-1").lower()
    for part in offered.split(","):
        name, _, weight = part.strip().partition(";")
        if name.strip() == "br":
            return weight.replace(" ", "") not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


class Precompressed:
    """ASGI middleware: `/static/js/*.js` and `/static/css/*.css` as Brotli (quality 11)."""

    def __init__(self, app, static: Path = STREAMLIT_STATIC) -> None:
        self.app = app
        # Only the files Streamlit ships, found once: a request names one of them or passes on.
        self._files = {
            (folder, path.name): path
            for folder in MEDIA_TYPES
            for path in (static / folder).glob(f"*.{folder}")
        }
        self._compressed: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()
        first_load = FIRST_LOAD.findall((static.parent / "index.html").read_text(encoding="utf-8"))
        threading.Thread(
            target=lambda: [self._compress(key) for key in first_load if key in self._files],
            name="precompress",
            daemon=True,
        ).start()

    def _compress(self, key: tuple[str, str]) -> bytes:
        with self._lock:
            if key not in self._compressed:
                source = self._files[key]
                # Streamlit's file names carry their content's hash: the name is the key.
                self._compressed[key] = cached(
                    f"{source.name}.q11.br",
                    lambda: brotli.compress(source.read_bytes(), quality=11),
                )
            return self._compressed[key]

    async def __call__(self, scope, receive, send) -> None:
        found = None
        if scope["type"] == "http" and scope["method"] in {"GET", "HEAD"}:
            found = REQUEST.search(scope["path"])
        headers = dict(scope["headers"]) if found else {}
        key = found.groups() if found else None
        if key not in self._files or b"range" in headers or not _accepts_brotli(headers):
            await self.app(scope, receive, send)
            return
        body = self._compressed.get(key) or await anyio.to_thread.run_sync(self._compress, key)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", MEDIA_TYPES[key[0]]),
                    (b"content-encoding", b"br"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"public, immutable, max-age=31536000"),
                    (b"vary", b"Accept-Encoding"),
                ],
            }
        )
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
