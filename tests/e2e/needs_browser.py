"""Imported by each browser test module before anything that imports Playwright: skips that
module when the browser tests cannot run here (one line in the summary), or stops the session
when they must run (in CI). A conftest cannot do this: `pytest tests/e2e` loads it before
collection starts, where a skip is not allowed."""

import os

import pytest

from tests.e2e.browser import browser_verdict, find_chromium, playwright_installed

VERDICT = browser_verdict(find_chromium(), playwright_installed(), os.environ)
if VERDICT.fail:
    pytest.fail(VERDICT.fail, pytrace=False)
if VERDICT.skip:
    pytest.skip(VERDICT.skip, allow_module_level=True)
