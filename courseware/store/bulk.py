"""Writing many rows at once: the demo database (see `courseware.demo`) and benchmarks.

Rows are plain dicts, converted with the same column types as the rest of the store (so a
time or a score is stored exactly as the app stores it) and written in large chunks below
the ORM: `executemany` on SQLite, COPY on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import JSON, Column, Connection, Table, func, select, text
from sqlalchemy.engine import Dialect

from courseware.access import COMMAND_LINE, Actor, can_load_demo, require
from courseware.content.catalog import Catalog, load_catalog
from courseware.demo import DEMO_PASSWORD, Simulation
from courseware.demo.aside import Columns, as_columns, batches_aside
from courseware.gc_pause import cycle_collection_paused
from courseware.settings import REPO_ROOT, load_settings
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, Rejected
from courseware.store.migrate import upgrade_database
from courseware.store.models import Base, User
from courseware.store.quiz_versions import keep_version
from courseware.store.summaries import rebuild
from courseware.store.types import UTCDateTime
from courseware.store.xapi_bulk import demo_outbox_rows

Progress = Callable[[int, int], None]
# SQLite keeps 2 MB of pages in memory by default: loading hundreds of megabytes in one
# transaction would write pages out and read them back over and over. Only while the rows
# go in: a sort (to build an index) runs slower in the larger cache, 20 s instead of 11 for
# the largest index at 100,000 learners.
SQLITE_LOAD_CACHE_KIB = 256 * 1024
# SQLite sorts (to build an index, and for the rebuild's reads) on one thread unless let use
# more: two, the cores of the machines this runs on (the largest index at 100,000 learners:
# 15 s on one thread, 11 s on two).
SQLITE_SORTING_THREADS = 2


class DatabaseNotEmpty(Rejected):
    """Demo data goes only into a database without accounts (or one emptied first)."""


@dataclass(frozen=True)
class DemoSummary:
    learners: int
    seed: int
    # Rows written, by table.
    counts: dict[str, int]
    # Learners by where the simulation left them: completed, in_progress, stuck, dropped_out.
    statuses: dict[str, int]
    # Follow-up steps due by the demo's today: "taken", or "waiting" to be.
    followup: dict[str, int]
    # An account to sign in with for each role (admin, coordinator, trainer, learner).
    accounts: dict[str, str]
    password: str
    seconds: float


def load_demo(
    db_or_url: Database | str,
    learners: int,
    seed: int,
    *,
    actor: Actor = COMMAND_LINE,
    replace_existing: bool = False,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    learners_per_batch: int = 500,
    xapi: bool = False,
) -> DemoSummary:
    """Fill a database with `learners` simulated learners (and their organisations, cohorts,
    trainers, a coordinator and an admin), all signing in with DEMO_PASSWORD. The schema is
    upgraded first. Raises DatabaseNotEmpty when the database holds accounts, unless
    `replace_existing` empties it first. `progress(learners_done, learners)` is called after
    each batch. The time counted includes loading the course and hashing the password.
    With `xapi`, the learners' statements are written to the outbox too (store/xapi_bulk.py).

    It is one transaction: a load that fails or is interrupted leaves the database as it was.
    On PostgreSQL its tables are locked meanwhile (see `_foreign_keys_checked_once`).
    """
    started = time.perf_counter()
    if learners < 1:
        raise InvalidInput("the demo needs at least one learner")
    catalog = catalog or load_catalog(REPO_ROOT)
    if catalog.course is None:
        raise InvalidInput("the course is invalid: run `python -m courseware validate`")
    with _opened(db_or_url) as db, cycle_collection_paused():
        # The history ends at the start of today: the same seed gives the same rows all day.
        today = db.now().replace(hour=0, minute=0, second=0, microsecond=0)
        password_hash = db.passwords.hash(DEMO_PASSWORD)

        def work(tx: Transaction) -> tuple[Simulation, Counter[str]]:
            simulation = Simulation(catalog, learners, seed, today, password_hash)
            _prepare(tx, actor, simulation, replace_existing)
            counts: Counter[str] = Counter()
            settings, now = tx.settings, tx.now

            def outbox(rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, list[dict]]:
                return {"xapi_outbox": demo_outbox_rows(settings, catalog, rows, now)}

            batches = batches_aside(simulation, learners_per_batch, outbox if xapi else None)
            with _sqlite_pragma(tx, "threads", SQLITE_SORTING_THREADS):
                with (
                    _foreign_keys_checked_once(tx),
                    _indexes_built_after(tx),
                    _sqlite_pragma(tx, "cache_size", -SQLITE_LOAD_CACHE_KIB),
                ):
                    for columns, learners_done in batches:
                        insert_columns(tx, columns)
                        counts.update({t: _length(v) for t, v in columns.items()})
                        if progress is not None:
                            progress(learners_done, learners)
                restart_id_sequences(tx)
                # The rows went in without the writes that keep the report summaries: built
                # once here, from the rows, by the code the migration and the check use.
                rebuild(tx)
            record(tx, actor, "demo.load", learners=learners, seed=seed, replaced=replace_existing)
            return simulation, counts

        simulation, counts = db.write(work)
    return DemoSummary(
        learners=learners,
        seed=seed,
        counts=dict(counts),
        statuses=dict(simulation.statuses),
        followup=dict(simulation.followup),
        accounts=dict(simulation.accounts),
        password=DEMO_PASSWORD,
        seconds=time.perf_counter() - started,
    )


@contextmanager
def _opened(db_or_url: Database | str) -> Iterator[Database]:
    """The database at its newest schema; one opened here from a URL is closed after."""
    if isinstance(db_or_url, Database):
        upgrade_database(db_or_url.url, settings=db_or_url.settings)
        yield db_or_url
        return
    settings = load_settings(database_url=db_or_url)
    upgrade_database(db_or_url, settings=settings)
    # A load writes gigabytes in one transaction: through SQLite's log it would write them
    # twice, and copy the log into the file as it commits (a tenth of a large load's time).
    db = Database(db_or_url, settings, write_ahead_log=False)
    try:
        yield db
    finally:
        db.dispose()


def _prepare(tx: Transaction, actor: Actor, simulation: Simulation, replace_existing: bool) -> None:
    """Refuse a database with accounts (or empty it), then store the quiz versions the
    simulated attempts refer to."""
    require(can_load_demo(current_actor(tx, actor)), "only the command line loads demo data")
    accounts = tx.session.scalar(select(func.count()).select_from(User))
    if accounts and not replace_existing:
        raise DatabaseNotEmpty(f"the database already holds {accounts} accounts")
    if replace_existing:
        _empty_tables(tx)
    # Dated at the start of the simulated history, before the first attempt on them.
    at_the_start = replace(tx, now=simulation.start)
    for quiz in simulation.versions:
        keep_version(at_the_start, quiz)


def _empty_tables(tx: Transaction) -> None:
    """Delete every row of every table (the schema stays)."""
    connection = tx.session.connection()
    tables = Base.metadata.sorted_tables
    if connection.dialect.name == "postgresql":
        names = ", ".join(_quoted(connection.dialect, table.name) for table in tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
        return
    for table in reversed(tables):
        connection.execute(table.delete())


def insert_rows(tx: Transaction, rows: Mapping[str, list[dict[str, Any]]]) -> None:
    """Insert rows given by table name, parents before children. Every row of a table must
    have the same keys; a key left out takes the column's default (an id from its sequence)."""
    insert_columns(tx, as_columns(rows))


def insert_columns(tx: Transaction, tables: Columns) -> None:
    """Insert rows given column by column (`as_columns`), parents before children."""
    connection = tx.session.connection()
    write = _copy if connection.dialect.name == "postgresql" else _execute_many
    for table in Base.metadata.sorted_tables:
        if table.name in tables:
            values = tables[table.name]
            columns = [table.c[name] for name in values]
            write(connection, table, columns, _stored_values(connection.dialect, columns, values))


def _length(values: dict[str, list[Any]]) -> int:
    return len(next(iter(values.values())))


@contextmanager
def _foreign_keys_checked_once(tx: Transaction) -> Iterator[None]:
    """PostgreSQL checks a foreign key row by row with a trigger, which takes most of the time
    of a bulk load. Dropped meanwhile and added back after, each key is checked once for all
    rows (adding it fails if a row breaks it), and comes back exactly as it was defined.
    SQLite checks its keys in place, quickly."""
    connection = tx.session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    keys = connection.execute(
        text(
            "SELECT conrelid::regclass::text AS table_name, conname AS name,"
            " pg_get_constraintdef(oid) AS definition FROM pg_constraint"
            " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
        )
    ).all()
    for key in keys:
        name = _quoted(connection.dialect, key.name)
        connection.execute(text(f"ALTER TABLE {key.table_name} DROP CONSTRAINT {name}"))
    yield
    for key in keys:
        name = _quoted(connection.dialect, key.name)
        connection.execute(
            text(f"ALTER TABLE {key.table_name} ADD CONSTRAINT {name} {key.definition}")
        )


@contextmanager
def _indexes_built_after(tx: Transaction) -> Iterator[None]:
    """An index whose entries arrive in no order (answers by question and time, attempts by
    moment) costs a search down a tree larger than the page cache for every row written:
    at 100,000 learners the load ran three times slower towards its end than at its start.
    Dropped meanwhile and created again after, from the definition the database holds,
    each index is built once, by sorting. Indexes that back a constraint (primary keys,
    unique columns) stay: the rows are checked against them as they arrive. A unique index
    of its own (one open attempt per quiz) is checked as it is built again: rows that break
    it fail the load, which then leaves the database as it was."""
    connection = tx.session.connection()
    indexes = connection.exec_driver_sql(
        _POSTGRESQL_INDEXES if connection.dialect.name == "postgresql" else _SQLITE_INDEXES
    ).all()
    for name, _ in indexes:
        connection.exec_driver_sql(f"DROP INDEX {_quoted(connection.dialect, name)}")
    yield
    for _, definition in indexes:
        connection.exec_driver_sql(definition)


_SQLITE_INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
_POSTGRESQL_INDEXES = (
    "SELECT ix.relname, pg_get_indexdef(pg_index.indexrelid) FROM pg_index"
    " JOIN pg_class ix ON ix.oid = pg_index.indexrelid"
    " WHERE ix.relnamespace = current_schema()::regnamespace"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = pg_index.indexrelid)"
)


@contextmanager
def _sqlite_pragma(tx: Transaction, pragma: str, value: int) -> Iterator[None]:
    """SQLite's `pragma` set to `value` meanwhile (other databases: nothing)."""
    connection = tx.session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql(f"PRAGMA {pragma}").scalar())
    connection.exec_driver_sql(f"PRAGMA {pragma}={value}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA {pragma}={before}")


def restart_id_sequences(tx: Transaction) -> None:
    """On PostgreSQL, number new rows after the ids given explicitly (SQLite does so anyway)."""
    connection = tx.session.connection()
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" in table.c:
            name = _quoted(connection.dialect, table.name)
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                    f" (SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                )
            )


def _quoted(dialect: Dialect, name: str) -> str:
    return dialect.identifier_preparer.quote(name)


def _execute_many(
    connection: Connection, table: Table, columns: list[Column], values: Iterable[tuple]
) -> None:
    names = ", ".join(_quoted(connection.dialect, column.name) for column in columns)
    marks = ", ".join("?" for _ in columns)
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {_quoted(connection.dialect, table.name)} ({names}) VALUES ({marks})",
            values,
        )
    finally:
        cursor.close()


def _copy(
    connection: Connection, table: Table, columns: list[Column], values: Iterable[tuple]
) -> None:
    names = ", ".join(_quoted(connection.dialect, column.name) for column in columns)
    statement = f"COPY {_quoted(connection.dialect, table.name)} ({names}) FROM STDIN"
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def _stored_values(
    dialect: Dialect, columns: list[Column], values: dict[str, list[Any]]
) -> Iterator[tuple]:
    """The rows as tuples of what the driver takes."""
    converted = []
    for column in columns:
        picked = values[column.name]
        convert = _converter(dialect, column)
        converted.append(picked if convert is None else map(convert, picked))
    return zip(*converted, strict=True)


def _converter(dialect: Dialect, column: Column) -> Callable[[Any], Any] | None:
    """The column type's own conversion to what the driver takes (None: as it is)."""
    convert = column.type.dialect_impl(dialect).bind_processor(dialect)
    if convert is None:
        return None
    if isinstance(column.type, UTCDateTime):
        return _quick_sqlite_time(convert) if dialect.name == "sqlite" else convert
    if dialect.name == "postgresql" and isinstance(column.type.dialect_impl(dialect), JSON):
        convert = _json_text(convert)
    return _once_per_value(convert)


def _json_text(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """psycopg sends JSON wrapped, serialising it again for every row (a layout takes
    longer to serialise than the rest of its row to write); COPY takes the text itself."""
    from psycopg.types.json import Json, Jsonb

    def as_text(value: Any) -> Any:
        wrapped = convert(value)
        if isinstance(wrapped, Json | Jsonb):
            return (wrapped.dumps or json.dumps)(wrapped.obj)
        return wrapped

    return as_text


def _once_per_value(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert`, run once for each distinct value: values other than times repeat a lot
    (option ids, points, layouts shared by many attempts)."""
    converted: dict[Any, Any] = {}

    def once(value: Any) -> Any:
        # A list or dict is known by its identity: the same object is shared by many rows,
        # all alive while they are written. Other values by type too: True == 1, but their
        # JSON differs.
        key = id(value) if value.__class__ in (list, dict) else (value.__class__, value)
        try:
            return converted[key]
        except KeyError:
            converted[key] = result = convert(value)
            return result
        except TypeError:  # unhashable all the same, such as a tuple holding a list
            return convert(value)

    return once


def _quick_sqlite_time(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SQLite keeps times as text. Formatting them is most of the work of a bulk load, and
    `isoformat` writes the same text several times faster than the column type, whose own
    conversion is kept should the two ever disagree."""

    def quick(value: datetime | None) -> str | None:
        if value is None or value.tzinfo is None:
            return convert(value)  # None, or the type's refusal of a naive time
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        return value.isoformat(" ", "microseconds")[:-6]  # without "+00:00"

    samples = [
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, 9, tzinfo=UTC),
        datetime(2026, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=2))),
    ]
    return quick if all(quick(sample) == convert(sample) for sample in samples) else convert
