"""Streamlit's JavaScript and styles sent as Brotli to browsers that take it
(courseware/ui/precompressed.py), everything else passed through."""

from __future__ import annotations

import brotli
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from courseware.ui.light_fonts import STREAMLIT_STATIC
from courseware.ui.precompressed import FIRST_LOAD, Precompressed
from tests.ui.asgi_browser import Browser

INDEX = (STREAMLIT_STATIC.parent / "index.html").read_text(encoding="utf-8")
FIRST_SCRIPT = next(name for folder, name in FIRST_LOAD.findall(INDEX) if folder == "js")
LATER_STYLE = next(
    path.name for path in (STREAMLIT_STATIC / "css").glob("*.css") if path.name not in INDEX
)
CHROMIUM = {"accept-encoding": "gzip, deflate, br, zstd"}


def _passed_through(request):
    return PlainTextResponse("from Streamlit")


@pytest.fixture(scope="module")
def browser() -> Browser:
    inner = Starlette(routes=[Route("/{path:path}", _passed_through)])
    return Browser(app=Precompressed(inner))


@pytest.mark.parametrize(
    ("folder", "name", "media_type"),
    [("js", FIRST_SCRIPT, "text/javascript"), ("css", LATER_STYLE, "text/css")],
)
def test_a_browser_taking_brotli_gets_the_file_compressed(browser, folder, name, media_type):
    reply = browser.get(f"/static/{folder}/{name}", CHROMIUM)
    assert reply.status == 200
    assert reply.headers["content-encoding"] == "br"
    assert reply.headers["content-type"].startswith(media_type)
    original = (STREAMLIT_STATIC / folder / name).read_bytes()
    assert brotli.decompress(reply.body) == original
    assert len(reply.body) < len(original)
    assert reply.headers["cache-control"] == "public, immutable, max-age=31536000"
    assert reply.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"accept-encoding": "gzip, deflate"},
        {"accept-encoding": "gzip, br;q=0"},
        CHROMIUM | {"range": "bytes=0-99"},
    ],
    ids=["nothing", "gzip only", "brotli refused", "a range"],
)
def test_other_browsers_and_ranges_get_streamlits_answer(browser, headers):
    assert browser.get(f"/static/js/{FIRST_SCRIPT}", headers).text == "from Streamlit"


@pytest.mark.parametrize(
    "path",
    [
        "/static/js/no-such-file.js",
        "/static/js/..%2F..%2Findex.html",
        "/static/media/MaterialSymbols-Rounded.woff2",
        "/quiz",
    ],
)
def test_anything_but_streamlits_own_scripts_and_styles_passes_through(browser, path):
    assert browser.get(path, CHROMIUM).text == "from Streamlit"


def test_a_head_request_gets_the_headers_only(browser):
    head = browser.request("HEAD", f"/static/js/{FIRST_SCRIPT}", b"", CHROMIUM)
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) > 0
