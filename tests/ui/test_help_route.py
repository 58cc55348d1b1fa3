"""`/help`: the contacts as a plain page without any script, in each language and script."""

from starlette.applications import Starlette

from courseware.ui.help_route import help_routes
from tests.ui.asgi_browser import Browser


def test_the_help_page_lists_the_contacts_without_javascript():
    browser = Browser(app=Starlette(routes=help_routes()))
    english = browser.get("/help?lang=en")
    assert english.status == 200
    assert '<html lang="en">' in english.text and "<script" not in english.text
    assert "Need help now?" in english.text and 'href="tel:' in english.text
    cyrillic = browser.get("/help?lang=sr&script=cyrillic")
    assert "Потребна вам је помоћ одмах?" in cyrillic.text
    # Never framed by another site, nothing sniffed, no address sent elsewhere.
    assert english.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in english.headers["content-security-policy"]
    assert english.headers["x-content-type-options"] == "nosniff"
    assert english.headers["referrer-policy"] == "same-origin"
