"""What axe cannot see: `<html lang>` follows the language shown (en, sr-Latn, sr-Cyrl), also
right after switching and on the next page, and the document's title names the page."""

from __future__ import annotations

import re

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.i18n import Translator
from tests.e2e.streamlit_page import expect, wait_for_app

pytestmark = pytest.mark.e2e


def test_html_lang_and_title_follow_the_language_and_the_page(app_server, new_context):
    page = new_context().new_page()
    page.goto(app_server.url)
    wait_for_app(page)
    html = page.locator("html")
    english = Translator("en")
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_title(re.compile(re.escape(english("nav.sign_in"))))

    for label, tag, translator in [
        ("Srpski (latinica)", "sr-Latn", Translator("sr", "latin")),
        ("Српски (ћирилица)", "sr-Cyrl", Translator("sr", "cyrillic")),
    ]:
        page.get_by_text(label, exact=True).click()
        wait_for_app(page)
        expect(html).to_have_attribute("lang", tag)
        expect(page).to_have_title(f"{translator('nav.sign_in')} · {translator('app.name')}")

    # On to another page in the same session: still Cyrillic, and the title says where.
    cyrillic = Translator("sr", "cyrillic")
    page.get_by_role("link", name=cyrillic("nav.verify")).click()
    wait_for_app(page)
    expect(html).to_have_attribute("lang", "sr-Cyrl")
    expect(page).to_have_title(f"{cyrillic('nav.verify')} · {cyrillic('app.name')}")

    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_title(f"{english('nav.verify')} · {english('app.name')}")
