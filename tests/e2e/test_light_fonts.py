"""In Chromium, the app's icons are drawn from the cut-down icon font (courseware/ui/
light_fonts.py): each is one square glyph, never its name spelled out; and Streamlit's
scripts arrive as Brotli (courseware/ui/precompressed.py) and run."""

from __future__ import annotations

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from tests.e2e.streamlit_page import wait_for_app

pytestmark = pytest.mark.e2e


def test_icons_are_drawn_from_the_subset_and_scripts_come_as_brotli(app_server, new_context):
    page = new_context().new_page()
    fonts: list[int] = []
    scripts: dict[str, str | None] = {}

    def seen(response) -> None:
        if "MaterialSymbols-Rounded" in response.url:
            fonts.append(len(response.body()))
        elif "/static/js/" in response.url:
            scripts[response.url] = response.headers.get("content-encoding")

    page.on("response", seen)
    page.goto(app_server.url)
    wait_for_app(page)
    page.evaluate("document.fonts.ready")
    # The sidebar's help link and page links (this app's icons) and the collapse button
    # (Streamlit's own). An icon's box has a fixed size: measure what is drawn inside it.
    icons = page.locator("[data-testid='stIconMaterial']")
    assert icons.count() >= 2
    for i in range(icons.count()):
        name, drawn, size = icons.nth(i).evaluate(
            """icon => {
                const range = document.createRange();
                range.selectNodeContents(icon);
                return [icon.textContent, range.getBoundingClientRect().width,
                        parseFloat(getComputedStyle(icon).fontSize)];
            }"""
        )
        # A ligature draws the whole name as one glyph about one font size wide; without it
        # the name's letters are spelled out.
        assert drawn <= 1.5 * size, f"'{name}' is spelled out ({drawn:.0f} px), not drawn"
    assert fonts and max(fonts) < 40_000
    assert scripts and set(scripts.values()) == {"br"}
