"""Connecting to the database and running units of work in transactions.

SQLite (the default) is set up for several threads of one app: write-ahead logging so that
readers never wait for writers, foreign keys enforced, a busy timeout, and deleted content
overwritten (secure_delete). Write transactions start with BEGIN IMMEDIATE: a transaction
that reads first and writes later would otherwise fail at once with "database is locked"
when another writer got there in between, without waiting for the busy timeout; the app's
own writers take turns on a lock before that. What still fails on contention (a busy
timeout running out, a PostgreSQL serialization failure or deadlock) is retried here, so it
never reaches a user.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from courseware.settings import Settings, load_settings
from courseware.store.errors import Unavailable
from courseware.store.passwords import Passwords

T = TypeVar("T")
Clock = Callable[[], datetime]

ATTEMPTS_ON_CONTENTION = 8
# PostgreSQL SQLSTATEs that mean "run the transaction again": serialization failure, deadlock,
# and a unique key taken by a concurrent transaction after this one checked it was free (run
# again, the check sees the other row and refuses with a clear message).
RETRYABLE_SQLSTATES = {"40001", "40P01", "23505"}


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_database_engine(
    url: str, settings: Settings, *, foreign_keys: bool = True, write_ahead_log: bool = True
) -> Engine:
    """An engine for `url`. `foreign_keys=False` is for SQLite migrations only: rebuilding a
    table (batch mode) drops the old one, which with foreign keys on would cascade.
    `write_ahead_log=False` is for a bulk load only (`store.bulk`): SQLite then writes its
    pages into the file once, not into the log and then again into the file; readers wait
    for it meanwhile. The next connection of the app takes the file back to the log."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if (
        parsed.database
        and parsed.database != ":memory:"
        and not parsed.database.startswith("file:")
    ):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_size=10, max_overflow=20)

    @event.listens_for(engine, "connect")
    def configure_sqlite(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # First, so that taking the file to the log waits for a load that holds it.
        cursor.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_timeout_ms)}")
        try:
            cursor.execute(f"PRAGMA journal_mode={'WAL' if write_ahead_log else 'DELETE'}")
        except sqlite3.OperationalError:
            if write_ahead_log:
                raise
            # Leaving the log needs the file alone, and the app has it open: the load then
            # goes through the log, only slower.
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # Deleted rows are overwritten with zeros, not left in free space in the file: an
        # erased person's email must not be readable in it (see `Database.checkpoint`).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin_sqlite(connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# SQLite result codes (the primary code, the low byte of an extended one) that mean the file
# cannot be used just now: not opened, an I/O error, the disk full, the file read-only.
SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_READONLY,
}
SQLITE_UNAVAILABLE_WORDS = (
    "unable to open",
    "disk I/O",
    "database or disk is full",
    "readonly database",
)
# PostgreSQL SQLSTATEs of the same kind: a connection refused, lost or closed (class 08), a
# server shutting down or starting (57P01..57P03), insufficient resources (class 53: disk
# full, out of memory, too many connections) and a read-only transaction (25006: a standby,
# or a server made read-only).
POSTGRES_UNAVAILABLE = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "25006"}
POSTGRES_UNAVAILABLE_CLASSES = ("53",)


def is_unreachable(error: DBAPIError) -> bool:
    """The database is down, cut off, full or read-only, as opposed to a statement that is
    wrong: nothing was written, and the same work may succeed later."""
    if error.connection_invalidated:
        return True
    cause = error.orig
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in SQLITE_UNAVAILABLE:
            return True
        return isinstance(cause, sqlite3.OperationalError) and any(
            words in str(cause) for words in SQLITE_UNAVAILABLE_WORDS
        )
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is None:
        # psycopg reports a refused, lost or closed connection as OperationalError.
        return isinstance(error, OperationalError)
    return sqlstate in POSTGRES_UNAVAILABLE or sqlstate.startswith(POSTGRES_UNAVAILABLE_CLASSES)


def unreachable_as_unavailable(work: Callable[[], T]) -> T:
    try:
        return work()
    except DBAPIError as error:
        if is_unreachable(error):
            raise Unavailable("the database cannot be used just now") from error
        raise


def is_contention(error: OperationalError | IntegrityError) -> bool:
    """A failure caused only by another transaction running at the same time."""
    cause = error.orig
    if isinstance(cause, sqlite3.OperationalError):
        return "locked" in str(cause) or "busy" in str(cause)
    return getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


@dataclass(frozen=True)
class Transaction:
    """What a unit of work gets: the ORM session, and one `now` for all its timestamps."""

    session: Session
    now: datetime
    settings: Settings


class Database:
    """One database: its engine, the settings it runs with, and the clock every timestamp
    comes from (tests move it forward)."""

    def __init__(
        self,
        url: str,
        settings: Settings | None = None,
        clock: Clock = utc_now,
        *,
        write_ahead_log: bool = True,
    ):
        self.settings = settings or load_settings()
        self.passwords = Passwords(self.settings)
        self.url = url
        self.engine = create_database_engine(url, self.settings, write_ahead_log=write_ahead_log)
        self.clock = clock
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(sqlite_write=True), expire_on_commit=False
        )
        # SQLite takes one writer at a time; the app's writers (threads of one process) take
        # turns here, the next one starting as soon as the last commits, instead of polling
        # through SQLite's busy timeout, which sleeps longer and longer between tries.
        # Reentrant, so that a write run inside another fails as before (busy) and never hangs.
        self._turns = threading.RLock() if self.engine.dialect.name == "sqlite" else None

    def now(self) -> datetime:
        return self.clock()

    def read(self, work: Callable[[Transaction], T]) -> T:
        """Run `work` in a transaction that only reads (on SQLite it never waits for writers)."""
        return self._run(self._reader, work)

    def write(self, work: Callable[[Transaction], T]) -> T:
        """Run `work` in one transaction, committed when it returns and rolled back when it
        raises."""
        with self._turn():
            return self._run(self._writer, work)

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """This thread's turn to write, waited for no longer than the busy timeout: when
        another process (a command) holds SQLite's lock for long, the writers then go on as
        without turns, each failing after its own busy timeout and retries, not one after
        another's."""
        if self._turns is None:
            yield
            return
        taken = self._turns.acquire(timeout=self.settings.sqlite_busy_timeout_ms / 1000)
        try:
            yield
        finally:
            if taken:
                self._turns.release()

    def _run(self, sessions: sessionmaker, work: Callable[[Transaction], T]) -> T:
        """On contention `work` runs again from the start, so it must not have effects outside
        the session. Its own exceptions reach the caller unchanged. Raises Unavailable when
        the database cannot be reached: then nothing was written."""
        return unreachable_as_unavailable(lambda: self._run_with_retries(sessions, work))

    def _run_with_retries(self, sessions: sessionmaker, work: Callable[[Transaction], T]) -> T:
        attempt = 1
        while True:
            try:
                with sessions() as session, session.begin():
                    return work(Transaction(session, self.now(), self.settings))
            except (OperationalError, IntegrityError) as error:
                if not is_contention(error):
                    raise
                if attempt == ATTEMPTS_ON_CONTENTION:
                    if isinstance(error.orig, sqlite3.OperationalError):
                        # Another process holds the file's lock for longer than every try
                        # waited (a demo being loaded): nothing was written, try later.
                        raise Unavailable("the database is locked just now") from error
                    raise
            # Random back-off, so that the transactions that collided do not collide again.
            time.sleep(random.uniform(0, 0.01 * 2**attempt))
            attempt += 1

    def reachable(self) -> bool:
        """Whether the database answers just now (pages waiting out an outage ask)."""
        try:
            self.read(lambda tx: tx.session.execute(text("SELECT 1")))
        except Unavailable:
            return False
        return True

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the database file and empty the log, so
        that what was deleted lives on in neither (the pages themselves are zeroed by
        `secure_delete`). Outside any transaction; readers still at an older snapshot can
        keep part of the log until they finish. Nothing to do on PostgreSQL."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def dispose(self) -> None:
        self.engine.dispose()
