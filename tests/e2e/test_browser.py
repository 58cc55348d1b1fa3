"""When the browser tests run, skip, or fail the session (tests/e2e/conftest.py obeys this)."""

import pytest

from tests.e2e.browser import (
    CHROMIUM_MISSING,
    MUST_RUN_IN_CI,
    PLAYWRIGHT_MISSING,
    SKIPPED,
    Verdict,
    browser_verdict,
)

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.parametrize(
    ("chromium", "has_playwright", "environ", "verdict"),
    [
        (CHROMIUM, True, {}, Verdict(chromium=CHROMIUM)),
        (CHROMIUM, True, {"CI": "true"}, Verdict(chromium=CHROMIUM)),
        (None, True, {}, Verdict(skip=SKIPPED.format(cause=CHROMIUM_MISSING))),
        (CHROMIUM, False, {}, Verdict(skip=SKIPPED.format(cause=PLAYWRIGHT_MISSING))),
        (None, False, {}, Verdict(skip=SKIPPED.format(cause=CHROMIUM_MISSING))),
        (None, True, {"CI": "true"}, Verdict(fail=MUST_RUN_IN_CI.format(cause=CHROMIUM_MISSING))),
        (
            CHROMIUM,
            False,
            {"CI": "1"},
            Verdict(fail=MUST_RUN_IN_CI.format(cause=PLAYWRIGHT_MISSING)),
        ),
        # An empty CI variable is the same as none.
        (None, True, {"CI": ""}, Verdict(skip=SKIPPED.format(cause=CHROMIUM_MISSING))),
    ],
)
def test_browser_tests_run_skip_or_fail(chromium, has_playwright, environ, verdict):
    assert browser_verdict(chromium, has_playwright, environ) == verdict
