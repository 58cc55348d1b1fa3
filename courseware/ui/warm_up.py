"""The server's start: what every page's first run would otherwise pay, done beforehand.

The first visitor after a start waited for the pages' modules (pandas, Plotly, SQLAlchemy's
models, every view) to be imported and the course files to be parsed: seconds on two busy
cores, most of the coordinator's first load (bench, part "browser"). `warm_up`, run from
the app's lifespan, does both in a thread while the server already answers; a page run that
starts meanwhile waits for the same imports (Python imports a module once) rather than
doing them twice.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


def _import_pages_and_course() -> None:
    # The navigation imports every view.
    importlib.import_module("courseware.ui.navigation")
    importlib.import_module("courseware.ui.resources").catalog()


@asynccontextmanager
async def warm_up(_app) -> AsyncIterator[None]:
    threading.Thread(target=_import_pages_and_course, name="warm-up", daemon=True).start()
    yield
