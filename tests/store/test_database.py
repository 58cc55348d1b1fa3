import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from courseware.store import open_database
from courseware.store.database import ATTEMPTS_ON_CONTENTION
from courseware.store.errors import Unavailable
from courseware.store.models import Organisation
from tests.databases import settings_for


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'new-folder' / 'courseware.db'}"
    db = open_database(settings_for(url, sqlite_busy_timeout_ms=1234))
    pragmas = db.read(
        lambda tx: [
            tx.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    )
    db.dispose()
    assert pragmas == ["wal", 1, 1234]
    assert (tmp_path / "new-folder" / "courseware.db").is_file()


def _add_organisation(tx, name="Atina"):
    tx.session.add(Organisation(name=name, created_at=tx.now))


def _organisation_names(db):
    return db.read(lambda tx: list(tx.session.scalars(select(Organisation.name))))


def test_a_unit_of_work_that_raises_writes_nothing(db):
    def work(tx):
        _add_organisation(tx)
        tx.session.flush()
        raise ValueError("changed my mind")

    with pytest.raises(ValueError):
        db.write(work)
    assert _organisation_names(db) == []


def test_a_write_that_meets_a_locked_database_runs_again(db):
    calls = []

    def work(tx):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
        _add_organisation(tx)
        return "done"

    assert db.write(work) == "done"
    assert len(calls) == 3
    assert _organisation_names(db) == ["Atina"]


def test_a_database_locked_through_every_try_is_unavailable(db):
    calls = []

    def work(tx):
        calls.append(1)
        raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(Unavailable):
        db.write(work)
    assert len(calls) == ATTEMPTS_ON_CONTENTION


def test_other_database_errors_are_not_retried(db):
    calls = []

    def work(tx):
        calls.append(1)
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))

    with pytest.raises(OperationalError):
        db.write(work)
    assert len(calls) == 1


def test_times_come_back_as_the_same_instant_in_utc(db):
    belgrade = timezone(timedelta(hours=1))
    at = datetime(2026, 3, 2, 10, 30, 15, 123456, tzinfo=belgrade)
    db.write(lambda tx: tx.session.add(Organisation(name="Atina", created_at=at)))
    stored = db.read(lambda tx: tx.session.scalar(select(Organisation.created_at)))
    assert stored == at
    assert stored.tzinfo == UTC


def test_naive_times_are_refused(db):
    naive = datetime(2026, 3, 2, 10, 30)
    with pytest.raises(Exception, match="naive datetime"):
        db.write(lambda tx: tx.session.add(Organisation(name="Atina", created_at=naive)))


def _sqlite(tmp_path, **settings):
    return open_database(settings_for(f"sqlite:///{tmp_path / 'turns.db'}", **settings))


def test_the_app_s_writers_take_turns_on_sqlite(tmp_path):
    db = _sqlite(tmp_path)
    steps, first_in, first_may_end = [], threading.Event(), threading.Event()

    def first(tx):
        steps.append("first starts")
        first_in.set()
        first_may_end.wait(timeout=10)
        _add_organisation(tx, "First")
        steps.append("first ends")

    def second(tx):
        steps.append("second starts")
        _add_organisation(tx, "Second")

    writer = threading.Thread(target=db.write, args=(first,))
    writer.start()
    first_in.wait(timeout=10)
    follower = threading.Thread(target=db.write, args=(second,))
    follower.start()
    follower.join(timeout=0.3)
    assert steps == ["first starts"]  # the second waits for its turn
    first_may_end.set()
    writer.join(timeout=10)
    follower.join(timeout=10)
    assert steps == ["first starts", "first ends", "second starts"]
    assert sorted(_organisation_names(db)) == ["First", "Second"]
    db.dispose()


def test_a_writer_whose_turn_does_not_come_goes_on_after_the_busy_timeout(tmp_path):
    db = _sqlite(tmp_path, sqlite_busy_timeout_ms=100)
    holding, may_end = threading.Event(), threading.Event()

    def long_turn(tx):
        # Holds the turn without touching the database (so SQLite's own lock is free).
        holding.set()
        may_end.wait(timeout=10)

    holder = threading.Thread(target=db.write, args=(long_turn,))
    holder.start()
    holding.wait(timeout=10)
    db.write(_add_organisation)
    assert holder.is_alive()  # written while the other still held its turn
    assert _organisation_names(db) == ["Atina"]
    may_end.set()
    holder.join(timeout=10)
    db.dispose()
