import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from courseware.access import COMMAND_LINE
from courseware.settings import load_settings
from courseware.store import Database
from courseware.store.accounts import (
    create_organisation,
)
from courseware.store.attempts import get_attempt, save_answer, start_attempt
from courseware.store.errors import Unavailable
from courseware.store.migrate import upgrade_database
from courseware.store.models import User
from tests.databases import (
    POSTGRES_URL,
    FakeClock,
    copy_postgres_rows,
    final_quiz,
    postgres_schema,
    settings_for,
)
from tests.disks import fill, tiny_disk

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"


def test_an_unreachable_database_is_reported_as_unavailable_not_as_a_crash():
    db = Database(UNREACHABLE, load_settings(database_url=UNREACHABLE))
    with pytest.raises(Unavailable):
        db.read(lambda tx: tx.session.execute(text("SELECT 1")))
    with pytest.raises(Unavailable):
        db.write(lambda tx: tx.session.execute(text("SELECT 1")))
    db.dispose()


def test_a_wrong_statement_is_not_mistaken_for_an_outage(db):
    with pytest.raises(DBAPIError):
        db.read(lambda tx: tx.session.execute(text("SELECT * FROM no_such_table")))


# A full disk or a read-only database: nothing is written, and the store says "unavailable"
# (the quiz page then keeps the answers and retries), never a raw database error.


def _answered(db, learner, attempt_id):
    return get_attempt(db, learner, attempt_id).answers


def test_a_full_disk_is_unavailable_and_the_answer_lands_once_there_is_room(tmp_path, templates):
    """SQLite on a tmpfs of 4 MiB, filled up to the last byte: SQLite's own SQLITE_FULL."""
    template, cast = templates["sqlite", "cast"]
    with tiny_disk(tmp_path / "disk") as disk:
        path = disk / "courseware.db"
        shutil.copy(template.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
        db = Database(url, settings_for(url), FakeClock())
        try:
            attempt = start_attempt(db, cast.learner_a, final_quiz())
            save_answer(db, cast.learner_a, attempt.id, "consent", False)
            # Every write from now on needs new room: the write-ahead log starts empty.
            db.checkpoint()
            filler = fill(disk)
            with pytest.raises(Unavailable) as raised:
                save_answer(db, cast.learner_a, attempt.id, "days", 90)
            assert "database or disk is full" in str(raised.value.__cause__)
            filler.unlink()
            save_answer(db, cast.learner_a, attempt.id, "days", 90)
            assert _answered(db, cast.learner_a, attempt.id) == {"consent": False, "days": 90}
        finally:
            db.dispose()


def test_a_read_only_database_file_is_unavailable_for_writes_and_still_read(tmp_path, templates):
    """Opened read-only (`mode=ro`; the tests run as root, whom file modes do not stop):
    SQLite's own SQLITE_READONLY, as when the file or its disk became read-only."""
    template, cast = templates["sqlite", "cast"]
    path = tmp_path / "courseware.db"
    shutil.copy(template.removeprefix("sqlite:///"), path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    db = Database(url, settings_for(url), FakeClock())
    try:
        with pytest.raises(Unavailable) as raised:
            start_attempt(db, cast.learner_a, final_quiz())
        assert "attempt to write a readonly database" in str(raised.value.__cause__)
        assert db.read(lambda tx: tx.session.scalar(select(func.count()).select_from(User))) > 0
    finally:
        db.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="COURSEWARE_TEST_POSTGRES_URL is not set")
def test_a_read_only_postgresql_transaction_is_unavailable():
    """A server that only reads (a standby, or default_transaction_read_only): SQLSTATE
    25006."""
    with postgres_schema() as url:
        upgrade_database(url, settings=settings_for(url))
        read_only = make_url(url).update_query_dict(
            {"options": make_url(url).query["options"] + " -cdefault_transaction_read_only=on"}
        )
        db = Database(read_only.render_as_string(hide_password=False), settings_for(url))
        try:
            with pytest.raises(Unavailable) as raised:
                create_organisation(db, COMMAND_LINE, "Atina")
            assert raised.value.__cause__.orig.sqlstate == "25006"
            assert (
                db.read(lambda tx: tx.session.scalar(select(func.count()).select_from(User))) == 0
            )
        finally:
            db.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="COURSEWARE_TEST_POSTGRES_URL is not set")
def test_a_full_postgresql_disk_is_unavailable_and_the_answer_lands_once_there_is_room(
    templates,
):
    """The answers table in a tablespace on a filled tmpfs: SQLSTATE 53100 (disk full)."""
    template, cast = templates["postgres", "cast"]
    tablespace = f"tiny_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    # In a folder the server may reach (a test's own tmp_path is closed to other users).
    folder = Path(tempfile.mkdtemp(prefix="courseware-tablespace-"))
    with (
        postgres_schema() as url,
        tiny_disk(folder, owner="postgres") as disk,
        admin.connect() as connection,
    ):
        upgrade_database(url, settings=settings_for(url))
        copy_postgres_rows(template, url)
        db = Database(url, settings_for(url), FakeClock())
        schema = make_url(url).query["options"].split("=", 1)[1]
        connection.exec_driver_sql(f"CREATE TABLESPACE {tablespace} LOCATION '{disk}'")
        try:
            connection.exec_driver_sql(
                f'ALTER TABLE "{schema}".answers SET TABLESPACE {tablespace}'
            )
            attempt = start_attempt(db, cast.learner_a, final_quiz())
            filler = fill(disk)
            with pytest.raises(Unavailable) as raised:
                save_answer(db, cast.learner_a, attempt.id, "consent", False)
            assert raised.value.__cause__.orig.sqlstate == "53100"
            filler.unlink()
            save_answer(db, cast.learner_a, attempt.id, "consent", False)
            assert _answered(db, cast.learner_a, attempt.id) == {"consent": False}
        finally:
            db.dispose()
            connection.exec_driver_sql(f'ALTER TABLE "{schema}".answers SET TABLESPACE pg_default')
            connection.exec_driver_sql(f"DROP TABLESPACE {tablespace}")
    admin.dispose()
    folder.rmdir()
