"""Spaced practice on the demo data (SQLite): the milliseconds of a learner's first look at
My learning once sets are due (every set due by now made: the learner's weakest tags read from
their finals and post-test, the pool of the real course, the items stored), of a look once
they are made, and the seconds of a reminder decision round over every certified learner with
the practice plan (the first, which decides every due set and step, and one with nothing new)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import delete, select

from bench.measure import Figure, figure
from courseware.access import COMMAND_LINE
from courseware.content.catalog import Catalog
from courseware.store import Database
from courseware.store.actors import actor_for
from courseware.store.bulk import load_demo
from courseware.store.followup import certified_at, decide_reminders
from courseware.store.models import FollowupReminder, PracticeSet, User
from courseware.store.practice import my_practice

SECTION = "spaced practice"
LEARNERS = 2_000
SEED = 2026


def measure(folder: Path, catalog: Catalog, runs: int) -> list[Figure]:
    url = f"sqlite:///{folder / 'practice.db'}"
    load_demo(url, LEARNERS, SEED, catalog=catalog)
    db = Database(url)
    course = catalog.course
    certified = db.read(lambda tx: sorted(certified_at(tx)))
    # The demo's practisers have their sets made already: a first look is another learner's.
    practised = set(db.read(lambda tx: tx.session.scalars(select(PracticeSet.user_id)).all()))
    actors = db.read(
        lambda tx: [
            actor_for(tx, tx.session.get(User, user_id))
            for user_id in certified
            if user_id not in practised
        ]
    )
    first, again = [], []
    for actor in actors[: max(20, runs)]:
        for times in (first, again):
            started = time.perf_counter()
            my_practice(db, actor, course.practice, catalog.quizzes)
            times.append(1000 * (time.perf_counter() - started))
    rounds, steady = [], []
    for _ in range(runs):
        db.write(lambda tx: tx.session.execute(delete(FollowupReminder)))
        for times in (rounds, steady):
            started = time.perf_counter()
            decide_reminders(db, COMMAND_LINE, course.followup, course.practice)
            times.append(time.perf_counter() - started)
    decided = db.read(lambda tx: len(tx.session.scalars(select(FollowupReminder.id)).all()))
    db.dispose()
    learners = f"{len(certified):,} certified of {LEARNERS:,} demo learners"
    return [
        figure(SECTION, "first look once sets are due (sets made)", first, "ms", learners),
        figure(SECTION, "a look once made", again, "ms"),
        figure(SECTION, "reminder decision round, first", rounds, "s", f"{decided:,} decided"),
        figure(SECTION, "reminder decision round, nothing new", steady, "s", learners),
    ]
