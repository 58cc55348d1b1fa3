"""The coordinator dashboard at scale (issue 14): its full page run on demo databases of
10,000 and 100,000 learners, on SQLite and PostgreSQL, cold and warm, the ratio of the two
sizes and the memory of the process that ran it; the store's
dashboard read alone, from the report summaries and from the raw rows (the reference), each
in a fresh process; and the median time to submit an attempt (the write that keeps the
summaries) with 50 writers at once.

- cold, fresh process: the first run of the page in a new process (nothing cached);
- cold: later runs with Streamlit's caches cleared first (the database's own cache warm);
- warm: runs served from the caches;
- whole, cold: every folded section unfolded, caches cleared (the first view reads the
  headline figures alone; each section reads its own when unfolded).

Building the 100,000-learner database takes minutes: COURSEWARE_BENCH_DEMO_<N> (e.g.
COURSEWARE_BENCH_DEMO_100000=sqlite:////tmp/demo100k.db) and
COURSEWARE_BENCH_DEMO_POSTGRES_<N> name demo databases built before with `python -m
courseware demo --learners N --database URL`, and COURSEWARE_BENCH_SCALE_SIZES (default
"10000,100000") the sizes measured."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from bench.measure import Figure, figure, median, skipped
from bench.postgres import fresh_database
from courseware.content.catalog import Catalog
from courseware.settings import REPO_ROOT

SECTION = "dashboard at scale"
SEED = 2026
WRITERS = 50
# The writers "within" submit each at a random moment of this many seconds (a group finishing
# a final together, at 25 submits a second), instead of all at the same instant.
WITHIN_SECONDS = 2.0


def sizes() -> list[int]:
    chosen = os.environ.get("COURSEWARE_BENCH_SCALE_SIZES", "10000,100000")
    return [int(n) for n in chosen.split(",")]


def demo_database(
    folder: Path, learners: int, postgres: str | None = None, stack: ExitStack | None = None
) -> str:
    """The URL of a demo database of `learners`: the one named in the environment, or a
    new one made here (on SQLite, or in a database of its own on the PostgreSQL server of
    `postgres`)."""
    kind = "POSTGRES_" if postgres else ""
    named = os.environ.get(f"COURSEWARE_BENCH_DEMO_{kind}{learners}")
    if named:
        return named
    from courseware.store.bulk import load_demo

    if postgres:
        if stack is None:
            raise ValueError("a PostgreSQL demo database is dropped by the stack it is made in")
        url = stack.enter_context(fresh_database(postgres))
    else:
        url = f"sqlite:///{folder / f'scale-{learners}.db'}"
    load_demo(url, learners, SEED)
    return url


def _in_fresh_process(*args: str) -> dict:
    """Run this module's `--child` in a new Python process; what it printed, as JSON."""
    environment = os.environ | {"PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.dashboard_scale", "--child", *args],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        cwd=REPO_ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(
    folder: Path,
    catalog: Catalog,
    runs: int,
    postgres: str | None = None,
    postgres_missing: str | None = None,
) -> list[Figure]:
    figures: list[Figure] = []
    sqlite_urls: dict[int, str] = {}
    for database in ("SQLite", "PostgreSQL"):
        if database == "PostgreSQL" and postgres is None:
            figures.append(skipped(SECTION, "page, PostgreSQL", "s", postgres_missing or ""))
            continue
        with ExitStack() as stack:
            urls = {
                learners: demo_database(
                    folder, learners, postgres if database == "PostgreSQL" else None, stack
                )
                for learners in sizes()
            }
            figures += _pages(database, urls, runs)
        if database == "SQLite":
            sqlite_urls = urls
    smallest = min(sqlite_urls)
    figures += _submits(folder, catalog, sqlite_urls[smallest], smallest)
    return figures


def _pages(database: str, urls: dict[int, str], runs: int) -> list[Figure]:
    """The page cold and warm at each size, the store's read alone, and the ratio."""
    figures = []
    cold_by_size: dict[int, float] = {}
    for learners, url in urls.items():
        size = f"{learners:,} learners, {database}"
        fresh = [_in_fresh_process("page", url, str(runs)) for _ in range(runs)]
        first = [r["first"] for r in fresh]
        figures.append(figure(SECTION, f"page, cold, fresh process, {size}", first, "s"))
        cold = [s for r in fresh for s in r["cold"]]
        cold_by_size[learners] = median(first)
        figures.append(figure(SECTION, f"page, cold, {size}", cold, "s", "caches cleared"))
        warm = [s for r in fresh for s in r["warm"]]
        figures.append(figure(SECTION, f"page, warm, {size}", warm, "s", "cached"))
        unfolded = [s for r in fresh for s in r["unfolded"]]
        note = "caches cleared, every section unfolded"
        figures.append(figure(SECTION, f"page, whole, cold, {size}", unfolded, "s", note))
        memory = [r["memory"] for r in fresh]
        note = "peak of the process that ran the page; goal: < 300"
        figures.append(figure(SECTION, f"page, memory, {size}", memory, "MiB", note))
        for source in ("summaries", "raw"):
            reads = [_in_fresh_process("read", url, source)["seconds"] for _ in range(runs)]
            note = "the reference" if source == "raw" else ""
            name = f"dashboard read from the {source}, fresh process, {size}"
            figures.append(figure(SECTION, name, reads, "s", note))
    if len(cold_by_size) > 1:
        small, large = min(cold_by_size), max(cold_by_size)
        ratio = cold_by_size[large] / cold_by_size[small]
        name = f"page cold (fresh process), {large:,} / {small:,} learners, {database}"
        figures.append(Figure(SECTION, name, ratio, "×", [], "goal: at most 1.5"))
    return figures


def _submits(folder: Path, catalog: Catalog, url: str, learners: int) -> list[Figure]:
    """Median seconds of `submit_attempt` with WRITERS learners of one cohort submitting a
    final at once, then within WITHIN_SECONDS, then one after the other (what one submit
    costs when it waits for nobody), on a copy of the demo database (so the summaries hold
    real sizes)."""
    from courseware.access import COMMAND_LINE
    from courseware.settings import load_settings
    from courseware.store import open_database
    from courseware.store.summaries import check_summaries

    copy = folder / "scale-writes.db"
    shutil.copy(url.removeprefix("sqlite:///"), copy)
    db = open_database(
        load_settings(
            database_url=f"sqlite:///{copy}", password_hash_time_cost=1, password_hash_memory_kib=64
        )
    )
    quiz = catalog.quizzes[catalog.modules[catalog.course.modules[0]].final]
    together, errors = _submit_times(db, quiz, "Scale writers", "at once")
    within, errors_within = _submit_times(db, quiz, "Scale writers within", "within")
    alone, errors_alone = _submit_times(db, quiz, "Scale writers alone", "alone")
    differences = check_summaries(db, COMMAND_LINE)
    db.dispose()

    def note(errors: list) -> str:
        first_error = f" (first: {errors[0]!r})" if errors else ""
        return (
            f"SQLite, {learners:,}-learner demo; {len(errors)} errors{first_error}, "
            f"{len(differences)} summary differences after the three runs"
        )

    return [
        figure(
            SECTION, f"submit with {WRITERS} writers at once", together or [0.0], "s", note(errors)
        ),
        figure(
            SECTION,
            f"submit with {WRITERS} writers within {WITHIN_SECONDS:g} s",
            within or [0.0],
            "s",
            note(errors_within),
        ),
        figure(SECTION, "submit, one writer at a time", alone or [0.0], "s", note(errors_alone)),
    ]


def _submit_times(db, quiz, cohort: str, when: str) -> tuple[list[float], list]:
    """Each submit's seconds, WRITERS new learners of `cohort` each submitting `quiz`, and
    the errors raised. `when`: "at once" (all at the same moment), "within" (each at its own
    random moment of WITHIN_SECONDS) or "alone" (one after the other)."""
    from bench.people import cohort_of_learners
    from courseware.store.attempts import save_answer, start_attempt, submit_attempt
    from tests.report_data import right_answer

    people = cohort_of_learners(db, cohort, WRITERS)
    seconds: list[float] = []
    errors: list[BaseException] = []
    # Together: each waits at the start line until all are ready to submit, then its delay.
    ready = threading.Barrier(WRITERS).wait if when != "alone" else lambda: None
    draw = random.Random(SEED)
    delays = [draw.uniform(0, WITHIN_SECONDS) if when == "within" else 0.0 for _ in people]

    def writer(person, delay: float) -> None:
        try:
            attempt = start_attempt(db, person.actor, quiz)
            drawn = set(attempt.layout.question_ids)
            for question in quiz.questions:
                if question.id in drawn:
                    for leaf in question.leaves():
                        if leaf.graded:
                            answer = right_answer(quiz, leaf.id)
                            save_answer(db, person.actor, attempt.id, leaf.id, answer)
            ready()
            time.sleep(delay)
            started = time.perf_counter()
            submit_attempt(db, person.actor, attempt.id)
            seconds.append(time.perf_counter() - started)
        except BaseException as error:  # reported in the note, never silent
            errors.append(error)

    if when == "alone":
        for person in people:
            writer(person, 0.0)
        return seconds, errors
    threads = [
        threading.Thread(target=writer, args=pair) for pair in zip(people, delays, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seconds, errors


# In the fresh process ---------------------------------------------------------------------------


def _child_page(url: str, runs: int) -> dict:
    import streamlit as st
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    from bench.pages import MAIN, TIMEOUT_SECONDS, SqlClock, run_once
    from courseware.demo import DEMO_PASSWORD
    from courseware.settings import load_settings
    from courseware.store import open_database
    from courseware.store.auth import sign_in
    from courseware.ui import context, resources
    from courseware.ui.views.coordinator import FOLDS

    streamlit_logger.set_log_level("error")
    os.environ["COURSEWARE_DATABASE_URL"] = url
    db = open_database(load_settings(database_url=url))
    email = _coordinator_email(db)
    token = sign_in(db, email, DEMO_PASSWORD, "127.0.0.1").token
    context.session_token = lambda db: token
    clock = SqlClock()
    at = AppTest.from_file(MAIN, default_timeout=TIMEOUT_SECONDS)
    # The coordinator's first page is the dashboard: this run is the cold one.
    first = run_once(at, clock).seconds
    cold = [run_once(at, clock, st.cache_data.clear).seconds for _ in range(runs)]
    warm = [run_once(at, clock).seconds for _ in range(runs)]
    # Then every folded section open: the whole dashboard, each figure read again.
    for fold in FOLDS:
        at.session_state[fold] = True
    unfolded = [run_once(at, clock, st.cache_data.clear).seconds for _ in range(runs)]
    db.dispose()
    resources.reset()
    # The whole process at its largest (Python, Streamlit and the session's cached figures):
    # what one coordinator's session can cost at most.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"first": first, "cold": cold, "warm": warm, "unfolded": unfolded, "memory": peak}


def _coordinator_email(db) -> str:
    from sqlalchemy import select

    from courseware.store.models import User

    return db.read(
        lambda tx: tx.session.scalar(
            select(User.email).where(User.role == "coordinator").order_by(User.id).limit(1)
        )
    )


def _child_read(url: str, source: str) -> dict:
    from sqlalchemy import select

    from courseware.content.catalog import load_catalog
    from courseware.settings import load_settings
    from courseware.store import open_database
    from courseware.store.actors import actor_for
    from courseware.store.models import User
    from courseware.store.reports.dashboard import dashboard
    from courseware.store.reports.scope import ReportFilters
    from courseware.ui.report_widgets import course_quizzes

    db = open_database(load_settings(database_url=url))
    course = course_quizzes(load_catalog(REPO_ROOT))
    email = _coordinator_email(db)
    actor = db.read(
        lambda tx: actor_for(tx, tx.session.scalar(select(User).where(User.email == email)))
    )
    started = time.perf_counter()
    dashboard(db, actor, ReportFilters(), course, from_summaries=source == "summaries")
    seconds = time.perf_counter() - started
    db.dispose()
    return {"seconds": seconds}


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    kind, url, extra = sys.argv[2], sys.argv[3], sys.argv[4]
    result = _child_page(url, int(extra)) if kind == "page" else _child_read(url, extra)
    print(json.dumps(result))
