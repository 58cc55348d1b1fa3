"""Streamlit's icon and text fonts answered with subsets (courseware/ui/light_fonts.py)."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from courseware.i18n import to_cyrillic
from courseware.settings import REPO_ROOT
from courseware.ui.light_fonts import (
    STREAMLIT_STATIC,
    LightFonts,
    _ligatures,
    icon_names,
    icon_subset,
    text_subset,
)
from tests.ui.asgi_browser import Browser

MEDIA = STREAMLIT_STATIC / "media"
ICONS = next(MEDIA.glob("MaterialSymbols-Rounded.*.woff2"))
TEXT = next(MEDIA.glob("SourceSansVF-Upright.ttf.*.woff2"))


def _passed_through(request):
    return PlainTextResponse("from the app")


@pytest.fixture(scope="module")
def browser() -> Browser:
    inner = Starlette(routes=[Route("/{path:path}", _passed_through)])
    return Browser(app=LightFonts(inner))


def test_the_names_include_streamlits_own_icons_and_the_apps():
    names = icon_names()
    # The sidebar's collapse button (Streamlit) and the timer of a timed quiz (this app).
    assert {"keyboard_double_arrow_left", "timer_off", "support"} <= names


def test_the_icon_subset_draws_the_names_asked_for_and_no_others():
    subset = TTFont(io.BytesIO(icon_subset(ICONS, ["menu", "timer_off", "no_such_icon"])))
    assert set(_ligatures(subset)) == {"menu", "timer_off"}


def test_the_text_subset_writes_serbian_in_both_scripts_and_leaves_greek_out():
    cmap = TTFont(io.BytesIO(text_subset(TEXT))).getBestCmap()
    assert all(ord(letter) in cmap for letter in "čćđšžČĆĐŠŽљњџЂЋЖ„“–…")
    assert ord("α") not in cmap


def test_every_letter_of_the_course_and_the_interface_is_in_the_text_subset():
    full = TTFont(TEXT).getBestCmap()
    kept = TTFont(io.BytesIO(text_subset(TEXT))).getBestCmap()
    written = set()
    for folder in ("modules", "quizzes", "data", "courseware/i18n/messages"):
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.suffix in {".md", ".yaml"}:
                written |= set(path.read_text(encoding="utf-8"))
    # Cyrillic is derived from the Serbian Latin text.
    written |= set(to_cyrillic("".join(sorted(written))))
    missing = {c for c in written if ord(c) in full and ord(c) not in kept and c.isprintable()}
    assert not missing, f"drawn in a fallback font: {''.join(sorted(missing))}"


def test_the_font_requests_get_the_subsets(browser):
    icons = browser.get(f"/static/media/{ICONS.name}")
    assert icons.status == 200 and icons.headers["content-type"] == "font/woff2"
    assert len(icons.body) < ICONS.stat().st_size / 10
    drawn = set(_ligatures(TTFont(io.BytesIO(icons.body))))
    full = _ligatures(TTFont(ICONS))
    wanted = icon_names() & set(full)
    # Every wanted icon, and no other drawing (a few drawings have several names).
    assert wanted <= drawn
    assert {full[name] for name in drawn} == {full[name] for name in wanted}
    text = browser.get(f"/static/media/{TEXT.name}")
    assert text.status == 200 and len(text.body) < TEXT.stat().st_size / 2


def test_a_browser_with_the_subset_revalidates_it_and_gets_a_304(browser):
    first = browser.get(f"/static/media/{ICONS.name}")
    assert first.headers["cache-control"] == "no-cache"
    again = browser.get(f"/static/media/{ICONS.name}", {"if-none-match": first.headers["etag"]})
    assert again.status == 304 and again.body == b""
    stale = browser.get(f"/static/media/{ICONS.name}", {"if-none-match": '"older"'})
    assert stale.status == 200 and stale.body == first.body


def test_a_head_request_gets_the_headers_only(browser):
    head = browser.request("HEAD", f"/static/media/{TEXT.name}", b"", {})
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) > 0


@pytest.mark.parametrize(
    "path",
    ["/quiz", "/static/media/SourceSansVF-Italic.ttf.Bt9VkdQ3.woff2", "/static/js/index.js"],
)
def test_every_other_request_passes_through(browser, path):
    assert browser.get(path).text == "from the app"
