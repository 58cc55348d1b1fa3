"""Page runs on the 10,000-learner database: one script run of a page, as a click causes,
timed in this process with Streamlit's AppTest (no browser, no network), with the time spent
in SQL measured on SQLAlchemy's results (see SqlClock). A minimal page (a title and a
button) run the same way is the floor: what Streamlit itself costs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import CursorResult, Engine, event
from streamlit import logger as streamlit_logger
from streamlit.testing.v1 import AppTest

from bench.measure import Figure, median
from courseware.content.catalog import Catalog
from courseware.demo import DEMO_PASSWORD
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import open_database
from courseware.store.attempts import attempts_left, start_attempt
from courseware.store.auth import authenticate, sign_in
from courseware.ui import context, resources
from tests.ui.conftest import go_to

SECTION = "page run"
MAIN = str(REPO_ROOT / "courseware" / "ui" / "main.py")
FLOOR = "import streamlit as st\nst.title('Floor')\nst.button('Press')\n"
TIMEOUT_SECONDS = 300


class SqlClock:
    """Seconds during which this process was running queries (any engine, any thread), since
    `reset()`: a query counts from its execution until its last row has been read from the
    driver (with SQLite most of a query's work happens as its rows are read). Queries that
    run at the same time count once: this is the page's time spent waiting on the database,
    comparable with its run time."""

    def __init__(self) -> None:
        self._spans: list[tuple[float, float]] = []
        event.listen(Engine, "before_cursor_execute", self._before)
        spans = self._spans
        read_all = CursorResult._soft_close

        # SQLAlchemy calls _soft_close once a result's last row is read (or it has none).
        def read_to_the_end(result: CursorResult, hard: bool = False) -> None:
            started = getattr(result.context, "bench_started", None)
            if started is not None and not result._soft_closed:
                spans.append((started, time.perf_counter()))
                result.context.bench_started = None
            read_all(result, hard)

        CursorResult._soft_close = read_to_the_end

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if context is not None:
            context.bench_started = time.perf_counter()

    @property
    def seconds(self) -> float:
        total, reached = 0.0, float("-inf")
        for start, end in sorted(self._spans):
            if end > reached:
                total += end - max(start, reached)
                reached = end
        return total

    def reset(self) -> None:
        self._spans.clear()


@dataclass
class PageRun:
    seconds: float
    sql_seconds: float


def run_once(at: AppTest, clock: SqlClock, before: Callable[[], None] | None = None) -> PageRun:
    if before is not None:
        before()
    clock.reset()
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].message}")
    return PageRun(seconds, clock.seconds)


def _learner_quiz(db, catalog: Catalog, email: str) -> str:
    """A quiz the learner has in progress (started here if needed), as the quiz page's query."""
    identity = authenticate(db, sign_in(db, email, DEMO_PASSWORD, "127.0.0.1").token)
    course = catalog.course
    for module_id in course.modules:
        quiz = catalog.quizzes[catalog.modules[module_id].final]
        if attempts_left(db, identity.actor, quiz) != 0:
            start_attempt(db, identity.actor, quiz)
            return quiz.id
    raise RuntimeError(f"{email} has no attempts left at any final")


def measure(database_url: str, accounts: dict[str, str], catalog: Catalog, runs: int):
    # AppTest outside a server: Streamlit warns that it has no runtime, which is the point.
    streamlit_logger.set_log_level("error")
    os.environ["COURSEWARE_DATABASE_URL"] = database_url
    resources.reset()
    db = open_database(load_settings(database_url=database_url))
    clock = SqlClock()
    token = {"value": None}
    context.session_token = lambda db: token["value"]

    def page(email: str, url_path: str, **query: str) -> AppTest:
        token["value"] = sign_in(db, email, DEMO_PASSWORD, "127.0.0.1").token
        at = AppTest.from_file(MAIN, default_timeout=TIMEOUT_SECONDS)
        at.run()
        return go_to(at, url_path, **query)

    floor_app = AppTest.from_string(FLOOR, default_timeout=TIMEOUT_SECONDS)
    floor_app.run()
    floor = [run_once(floor_app, clock) for _ in range(runs)]
    floor_median = median([r.seconds for r in floor])
    figures = [_figure("minimal page (floor)", floor, 0.0)]

    quiz_id = _learner_quiz(db, catalog, accounts["learner"])
    measured = [
        ("learner quiz page", page(accounts["learner"], "quiz", quiz=quiz_id)),
        ("trainer cohort page", page(accounts["trainer"], "")),
    ]
    dashboard = page(accounts["coordinator"], "")
    for name, at in measured:
        figures.append(_figure(name, [run_once(at, clock) for _ in range(runs)], floor_median))
    cold = [run_once(dashboard, clock, st.cache_data.clear) for _ in range(runs)]
    figures.append(_figure("coordinator dashboard, cold", cold, floor_median, "caches cleared"))
    warm = [run_once(dashboard, clock) for _ in range(runs)]
    figures.append(_figure("coordinator dashboard, warm", warm, floor_median, "cached"))
    db.dispose()
    resources.reset()
    return figures


def _figure(name: str, page_runs: list[PageRun], floor: float, note: str = "") -> Figure:
    seconds = [r.seconds for r in page_runs]
    sql_share = median([r.sql_seconds / r.seconds for r in page_runs])
    ratio = f"{median(seconds) / floor:.0f} × floor, " if floor else ""
    notes = f"{ratio}{sql_share:.0%} in SQL" + (f"; {note}" if note else "")
    return Figure(SECTION, name, median(seconds), "s", seconds, notes)
