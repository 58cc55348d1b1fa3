"""A browser for the app's Starlette routes, in the test's own process: it keeps cookies
and sends forms like a browser, and the test chooses the address it connects from and the
headers it sends. (Starlette's TestClient needs an HTTP client library the app does not
otherwise use; an ASGI call is all it takes.)"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette

from courseware.ui.auth_routes import auth_routes


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    set_cookies: dict[str, SimpleCookie]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def location(self) -> str | None:
        return self.headers.get("location")


@dataclass
class Browser:
    # Where the browser connects from, and the site as it typed it.
    peer: str = "203.0.113.5"
    site: str = "http://course.example.org"
    cookies: dict[str, str] = field(default_factory=dict)
    app: Starlette = field(default_factory=lambda: Starlette(routes=auth_routes()))

    @property
    def origin(self) -> str:
        return self.site

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", path, b"", headers or {})

    def post(
        self,
        path: str,
        fields: dict[str, str],
        headers: dict[str, str] | None = None,
        *,
        same_origin: bool = True,
    ) -> Reply:
        """A form sent from the site's own page (Origin and Sec-Fetch-Site as a browser
        sends them), unless `same_origin` is False; `headers` add or replace."""
        sent = {"content-type": "application/x-www-form-urlencoded"}
        if same_origin:
            sent |= {"origin": self.origin, "sec-fetch-site": "same-origin"}
        return self.request("POST", path, urlencode(fields).encode(), sent | (headers or {}))

    def token(self, path: str) -> str:
        """The form token of the page at `path` (fetching it sets the form cookie)."""
        text = self.get(path).text
        start = text.index('name="form_token" value="') + len('name="form_token" value="')
        return text[start : text.index('"', start)]

    def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        site = urlsplit(self.site)
        target = urlsplit(path)
        sent = {"host": site.netloc} | {name.lower(): value for name, value in headers.items()}
        if self.cookies:
            sent["cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": site.scheme,
            "path": target.path,
            "raw_path": target.path.encode(),
            "query_string": target.query.encode(),
            "root_path": "",
            "headers": [(n.encode("latin-1"), v.encode("latin-1")) for n, v in sent.items()],
            "client": (self.peer, 50000),
            "server": (site.hostname, site.port or (443 if site.scheme == "https" else 80)),
        }
        # In its own thread: when the whole suite runs in one process, the browser tests'
        # Playwright keeps an event loop running in this one, and asyncio.run refuses to nest.
        with ThreadPoolExecutor(max_workers=1) as own_thread:
            return own_thread.submit(asyncio.run, self._call(scope, body)).result()

    async def _call(self, scope: dict, body: bytes) -> Reply:
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        sent: list[dict] = []

        async def receive() -> dict:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            sent.append(message)

        await self.app(scope, receive, send)
        start = next(m for m in sent if m["type"] == "http.response.start")
        headers, cookies = {}, {}
        for name, value in start["headers"]:
            name, value = name.decode("latin-1"), value.decode("latin-1")
            if name == "set-cookie":
                cookie = SimpleCookie(value)
                cookies |= {key: cookie for key in cookie}
            else:
                headers[name] = value
        for name, cookie in cookies.items():
            morsel = cookie[name]
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return Reply(start["status"], headers, cookies, body)
