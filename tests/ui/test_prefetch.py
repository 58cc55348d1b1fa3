"""The quiz widgets' scripts named for prefetching in Streamlit's page shell
(courseware/ui/prefetch.py), and nothing else changed."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from courseware.ui.light_fonts import STREAMLIT_STATIC
from courseware.ui.prefetch import PRELOADED, Prefetch, prefetched_scripts
from tests.ui.asgi_browser import Browser

SHELL = (STREAMLIT_STATIC.parent / "index.html").read_text(encoding="utf-8")
SIGN_IN = "<html><head><title>Sign in</title></head><body>form</body></html>"
asked_encodings: list[str | None] = []


def _shell(request):
    asked_encodings.append(request.headers.get("accept-encoding"))
    return HTMLResponse(SHELL)


@pytest.fixture(scope="module")
def browser() -> Browser:
    inner = Starlette(
        routes=[
            Route("/auth/sign-in", lambda request: HTMLResponse(SIGN_IN)),
            Route("/static/js/{name}", lambda request: PlainTextResponse("script")),
            Route("/{path:path}", _shell),
        ]
    )
    return Browser(app=Prefetch(inner))


def test_the_radio_buttons_script_and_its_imports_are_named_but_not_the_shells_own():
    names = prefetched_scripts()
    assert any(name.startswith("Radio.") for name in names)
    assert any(name.startswith("purify.es.") for name in names)  # imported by Html
    assert not set(names) & set(PRELOADED.findall(SHELL))


def test_the_page_shell_gets_the_links_before_its_head_ends(browser):
    reply = browser.get("/quiz?quiz=identification-final", {"accept-encoding": "gzip"})
    head = reply.text.split("</head>")[0]
    for name in prefetched_scripts():
        assert f'<link rel="prefetch" href="./static/js/{name}" as="script" crossorigin>' in head
    assert int(reply.headers["content-length"]) == len(reply.body)
    # Asked for as it is, so the links can be added (nginx compresses it on the way).
    assert asked_encodings[-1] is None


@pytest.mark.parametrize("path", ["/auth/sign-in", "/static/js/index.js"])
def test_other_answers_pass_unchanged(browser, path):
    reply = browser.get(path)
    assert "prefetch" not in reply.text
    assert reply.text in {SIGN_IN, "script"}
