"""Whether the browser tests can run here: Debian's Chromium, driven by Playwright (PyPI).

Playwright's own browser downloads are never used (`playwright install` cannot reach its
download host from here); `.ci/run` installs the `chromium` package with apt instead.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_MISSING = "Chromium not found"
PLAYWRIGHT_MISSING = "Playwright not installed"
SKIPPED = "{cause}: browser tests skipped"
MUST_RUN_IN_CI = "{cause}, but CI is set: the browser tests must run (.ci/run installs chromium)"


def find_chromium() -> str | None:
    if DEBIAN_CHROMIUM.is_file():
        return str(DEBIAN_CHROMIUM)
    return shutil.which("chromium")


def playwright_installed() -> bool:
    return importlib.util.find_spec("playwright") is not None


@dataclass(frozen=True)
class Verdict:
    """What to do with the browser tests: run them with `chromium`, or skip or fail them."""

    chromium: str | None = None
    skip: str | None = None
    fail: str | None = None


def browser_verdict(
    chromium: str | None, has_playwright: bool, environ: Mapping[str, str]
) -> Verdict:
    """Run when both are there. Otherwise skip with one reason, except in CI (the variable
    CI is set), where a missing browser fails the run: CI must never pass without them."""
    missing = (
        CHROMIUM_MISSING if chromium is None else None if has_playwright else PLAYWRIGHT_MISSING
    )
    if missing is None:
        return Verdict(chromium=chromium)
    if environ.get("CI"):
        return Verdict(fail=MUST_RUN_IN_CI.format(cause=missing))
    return Verdict(skip=SKIPPED.format(cause=missing))
