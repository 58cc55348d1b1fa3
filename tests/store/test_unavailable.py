import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from courseware.settings import load_settings
from courseware.store import Database
from courseware.store.errors import Unavailable

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
