"""Reminders at scale (issue 22): 100,000 learners whose certificates were issued over the
last year, about half of whom took each follow-up step once it was due, on SQLite.

- the due computation (`decide_reminders`), steady state: every reminder due before today
  decided and sent already, today's decided now (the sender's first turn of a day);
- the same with nothing new to decide (each later turn, every few minutes);
- the backlog: mails switched on for the first time, every reminder due over the year
  decided at once;
- sending: today's reminders claimed and delivered to a real SMTP server (aiosmtpd, as the
  tests start it: tests/followup/smtp.py) on this machine, each outcome recorded
  (`send_once`, which decides first).

Seconds are medians of runs, each on a fresh copy of the database built once (by bulk
inserts); memory is the peak of Python's allocations (tracemalloc) in one more run, whose
time is not counted (tracing slows Python down)."""

from __future__ import annotations

import random
import shutil
import time as clock
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bench.measure import Figure, figure, median, skipped, timed
from courseware.access import COMMAND_LINE
from courseware.content.catalog import Catalog
from courseware.followup import reminders_due
from courseware.mail.sender import send_once
from courseware.settings import load_settings
from courseware.store import Database, open_database
from courseware.store.bulk import insert_rows
from courseware.store.followup import decide_reminders
from courseware.store.quiz_versions import keep_version

SECTION = "follow-up reminders"
LEARNERS = 100_000
DAYS = 365
SEED = 2026
# The share of learners who take a follow-up step once it is due (the demo's rates are near).
TAKING = 0.5
SECRET = "a benchmark secret key, long enough for the app"
NO_LAYOUT = {"question_ids": [], "option_orders": {}}


def _settings(url: str, smtp_port: int | None = None):
    mail = {} if smtp_port is None else {"smtp_host": "127.0.0.1", "smtp_port": smtp_port}
    return load_settings(
        database_url=url,
        secret_key=SECRET,
        public_url="https://learn.example.org",
        smtp_security="none",
        smtp_from="Course <course@learn.example.org>",
        **mail,
    )


def build(url: str, catalog: Catalog, now: datetime, steady: bool) -> str:
    """A database of LEARNERS certified learners at spread dates and the follow-up steps
    they took; with `steady`, also every reminder that was due before today, as sent."""
    db = open_database(_settings(url))
    plan = catalog.course.followup
    rng = random.Random(SEED)
    start = now - timedelta(days=DAYS)
    yesterday = now.date() - timedelta(days=1)
    rows: dict[str, list[dict]] = {
        "organisations": [{"id": 1, "name": "Bench", "created_at": start}],
        "users": [],
        "certificates": [],
        "quiz_attempts": [],
        "followup_reminders": [],
    }

    def work(tx) -> None:
        versions = {step.quiz: keep_version(tx, catalog.quizzes[step.quiz]) for step in plan}
        for user_id in range(1, LEARNERS + 1):
            issued = now - timedelta(days=rng.uniform(0, DAYS))
            rows["users"].append(_learner(user_id, issued))
            rows["certificates"].append(_certificate(user_id, issued))
            taken = []
            for step in plan:
                took_at = issued + timedelta(days=step.after_days + 1)
                if took_at < now and rng.random() < TAKING:
                    taken.append(step.quiz)
                    rows["quiz_attempts"].append(_attempt(user_id, step.quiz, versions, took_at))
            if steady:
                for reminder in reminders_due(plan, issued.date(), taken, yesterday):
                    rows["followup_reminders"].append(_sent(user_id, reminder))
        insert_rows(tx, rows)

    db.write(work)
    db.dispose()
    return url


def _learner(user_id: int, issued: datetime) -> dict:
    return {
        "id": user_id,
        "email": f"learner{user_id}@bench.local",
        "display_name": f"Learner {user_id}",
        "role": "learner",
        "organisation_id": 1,
        "language": "sr" if user_id % 3 else "en",
        "script": "latin",
        "password_hash": "not a hash: nobody signs in",
        "must_change_password": False,
        "active": True,
        "created_at": issued - timedelta(days=30),
        "last_seen_at": issued,
    }


def _certificate(user_id: int, issued: datetime) -> dict:
    code = f"BENCH{user_id:08d}"
    return {
        "user_id": user_id,
        "serial": code,
        "verification_code": code,
        "issued_at": issued,
        "revoked_at": None,
    }


def _attempt(user_id: int, quiz_id: str, versions: dict[str, str], at: datetime) -> dict:
    return {
        "user_id": user_id,
        "cohort_id": None,
        "quiz_id": quiz_id,
        "content_version": versions[quiz_id],
        "seed": 0,
        "layout": NO_LAYOUT,
        "started_at": at,
        "deadline": None,
        "submitted_at": at + timedelta(minutes=12),
        "state": "submitted",
        "points": None,
        "max_points": None,
        "passed": None,
    }


def _sent(user_id: int, reminder) -> dict:
    # When it went matters only to the admin's count of the last day's mails.
    sent_at = datetime.combine(reminder.due_on, time(9), UTC)
    return {
        "user_id": user_id,
        "quiz_id": reminder.quiz_id,
        "round": reminder.round,
        "due_on": reminder.due_on,
        "state": "sent",
        "tries": 0,
        "next_try_at": sent_at,
        "claimed_by": None,
        "claimed_until": None,
        "last_error": None,
        "created_at": sent_at,
        "sent_at": sent_at,
    }


def _fresh(built: str, folder: Path, port: int | None = None) -> Database:
    """A copy of the database built, to change."""
    path = folder / "followup-run.db"
    shutil.copyfile(built.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    return Database(url, _settings(url, port))


def _peak(work: Callable[[], object]) -> float:
    """The peak of Python's allocations during `work`, in MB."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _runs(built: str, folder: Path, runs: int, work: Callable[[Database], object], port=None):
    """Seconds of `work` on fresh copies of the database, what it returned, and its peak
    memory (MB) in one more run."""
    seconds, result = [], None
    for _ in range(runs):
        db = _fresh(built, folder, port)
        started = clock.perf_counter()
        result = work(db)
        seconds.append(clock.perf_counter() - started)
        db.dispose()
    db = _fresh(built, folder, port)
    peak = _peak(lambda: work(db))
    db.dispose()
    return seconds, result, peak


def measure(folder: Path, catalog: Catalog, runs: int) -> list[Figure]:
    plan = catalog.course.followup
    now = datetime.now(UTC)
    size = f"{LEARNERS:,} learners"
    started = clock.perf_counter()
    steady = build(f"sqlite:///{folder / 'followup-steady.db'}", catalog, now, steady=True)
    built = clock.perf_counter() - started
    backlog = build(f"sqlite:///{folder / 'followup-backlog.db'}", catalog, now, steady=False)

    def decide(db: Database) -> int:
        return decide_reminders(db, COMMAND_LINE, plan)

    figures = [figure(SECTION, f"database built by bulk inserts, {size}", [built], "s")]
    for name, url in (("steady state, today's decided", steady), ("backlog", backlog)):
        seconds, decided, peak = _runs(url, folder, runs, decide)
        note = f"{decided:,} reminders decided; peak {peak:.0f} MB (tracemalloc)"
        figures.append(figure(SECTION, f"due computation, {name}, {size}", seconds, "s", note))
    # A later turn of the same day: today's reminders decided already.
    db = _fresh(steady, folder)
    decide(db)
    seconds = [timed(lambda: decide(db)) for _ in range(runs)]
    peak = _peak(lambda: decide(db))
    db.dispose()
    note = f"a later turn of the day; peak {peak:.0f} MB"
    figures.append(figure(SECTION, f"due computation, nothing new, {size}", seconds, "s", note))
    return figures + _sending(steady, folder, catalog, runs, size)


def _sending(built: str, folder: Path, catalog: Catalog, runs: int, size: str) -> list[Figure]:
    name = f"today's reminders sent to aiosmtpd, {size}"
    try:
        from tests.followup.smtp import SmtpServer

        server = SmtpServer()
        server.start()
    except Exception as error:  # aiosmtpd missing
        return [skipped(SECTION, name, "s", f"aiosmtpd unavailable: {error}")]
    try:
        seconds, done, peak = _runs(
            built, folder, runs, lambda db: send_once(db, catalog), server.port
        )
    finally:
        server.stop()
    rate = done.sent / median(seconds)
    note = (
        f"send_once: {done.decided:,} decided, {done.sent:,} sent, {done.failed} failed; "
        f"{rate:.0f} mails/s with the decision; peak {peak:.0f} MB"
    )
    return [figure(SECTION, name, seconds, "s", note)]
