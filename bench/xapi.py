"""Learning records: what the outbox costs an answer (the median time of `save_answer` with
xAPI on and off, on SQLite and PostgreSQL), and how many statements per second the sender
delivers to a real LRS (Ralph, as the tests start it: tests/ralph/server.py)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.measure import Figure, figure, median, skipped
from bench.people import cohort_of_learners
from courseware.content.catalog import Catalog
from courseware.lrs.sender import send_once
from courseware.settings import load_settings
from courseware.store import Database, open_database
from courseware.store.attempts import save_answer, start_attempt
from courseware.store.bulk import load_demo

SECTION = "learning records (xAPI)"
ANSWERS = 200
DEMO_LEARNERS = 40
SECRET = "a benchmark secret key, long enough for the app"


def _settings(url: str, endpoint: str | None, **more):
    return load_settings(
        database_url=url,
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
        xapi_endpoint=endpoint,
        secret_key=SECRET,
        **more,
    )


def _answer_times(db: Database, actor, quiz) -> float:
    """Median seconds of one `save_answer`, over ANSWERS saves on an attempt at `quiz`."""
    attempt = start_attempt(db, actor, quiz)
    leaf = next(
        leaf
        for question in quiz.questions
        if question.id in attempt.layout.question_ids
        for leaf in question.leaves()
        if leaf.type == "single_choice"
    )
    options = [option.id for option in leaf.options]
    times = []
    for number in range(ANSWERS):
        started = time.perf_counter()
        save_answer(db, actor, attempt.id, leaf.id, options[number % len(options)])
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def answer_cost(kind: str, url: str, catalog: Catalog, runs: int) -> list[Figure]:
    quiz = next(q for q in catalog.quizzes.values() if q.kind == "check" and not q.max_attempts)
    off = open_database(_settings(url, None))
    on = Database(url, _settings(url, "http://127.0.0.1:9/xAPI"))
    learners = cohort_of_learners(off, f"xAPI {kind}", 2 * runs)
    times_off, times_on = [], []
    for run in range(runs):
        # Alternated, so that a slower moment of the machine falls on both.
        times_off.append(_answer_times(off, learners[2 * run].actor, quiz) * 1000)
        times_on.append(_answer_times(on, learners[2 * run + 1].actor, quiz) * 1000)
    off.dispose()
    on.dispose()
    extra = median(times_on) - median(times_off)
    return [
        figure(SECTION, f"an answer saved, xAPI off, {kind}", times_off, "ms"),
        figure(
            SECTION,
            f"an answer saved, xAPI on, {kind}",
            times_on,
            "ms",
            f"+{extra:.1f} ms, {median(times_on) / median(times_off):.2f} × off "
            f"(median of {ANSWERS} saves per run)",
        ),
    ]


def delivery(folder: Path, runs: int) -> list[Figure]:
    """Statements per second from the outbox into Ralph, batches of the default size."""
    name = "statements delivered per second to Ralph (SQLite outbox)"
    try:
        from tests.ralph.server import PASSWORD, USER, Ralph

        ralph = Ralph(folder / "ralph")
    except Exception as error:  # no package index to install it from
        return [skipped(SECTION, name, "statements/s", f"Ralph unavailable: {error}")]
    rates, counts = [], []
    try:
        for run in range(runs):
            # Each run into an empty LRS: Ralph's file backend reads its whole file at every
            # POST (to find the ids it holds already), so it slows down as the file grows.
            ralph.stop()
            (ralph.data / "fs_lrs.jsonl").unlink(missing_ok=True)
            ralph.start()
            url = f"sqlite:///{folder / f'xapi-demo-{run}.db'}"
            settings = _settings(url, ralph.endpoint, xapi_username=USER, xapi_password=PASSWORD)
            db = open_database(settings)
            written = load_demo(db, DEMO_LEARNERS, seed=run + 1, xapi=True).counts["xapi_outbox"]
            started = time.perf_counter()
            done = send_once(db)
            rates.append(done.delivered / (time.perf_counter() - started))
            counts.append(written)
            db.dispose()
    finally:
        ralph.stop()
    note = (
        f"demo --xapi with {DEMO_LEARNERS} learners ({min(counts)}–{max(counts)} statements), "
        "`xapi send --once`, batches of 50, each run into an empty Ralph (file backend) on "
        "the same machine"
    )
    return [figure(SECTION, name, rates, "statements/s", note)]
