"""`python -m courseware xapi send | status | retry`."""

import pytest
from sqlalchemy import update

from courseware.cli import main
from courseware.store.models import XapiStatement
from courseware.store.progress import mark_lesson_done


@pytest.fixture
def xapi_shell(xapi_db, monkeypatch, capsys):
    settings = xapi_db.settings
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", xapi_db.url)
    monkeypatch.setenv("COURSEWARE_XAPI_ENDPOINT", settings.xapi_endpoint)
    monkeypatch.setenv("COURSEWARE_SECRET_KEY", settings.secret_key.get_secret_value())

    def run(*args):
        capsys.readouterr()
        status = main(list(args))
        return status, capsys.readouterr().out

    return run


def test_status_send_and_retry(xapi_db, cast, xapi_shell):
    mark_lesson_done(xapi_db, cast.learner_a, "legal-framework", "definition")
    status, out = xapi_shell("xapi", "status")
    assert status == 0
    assert "pending: 1 (failing: 0)" in out and "dead letters: 0" in out
    # Nobody answers at the configured address: nothing is lost, the sender pauses.
    status, out = xapi_shell("xapi", "send", "--once")
    assert status == 1 and "cannot be reached" in out
    status, out = xapi_shell("xapi", "status")
    assert "pending: 1 (failing: 1)" in out and "next try at" in out
    xapi_db.write(lambda tx: tx.session.execute(update(XapiStatement).values(state="dead")))
    status, out = xapi_shell("xapi", "status")
    assert status == 1 and "dead letters: 1\n  1  experienced  0 tries" in out
    assert xapi_shell("xapi", "retry") == (0, "1 dead letters back in the outbox\n")
    assert "pending: 1 (failing: 1)" in xapi_shell("xapi", "status")[1]


def test_send_without_an_lrs_says_how_to_configure_one(db, monkeypatch, capsys):
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", db.url)
    monkeypatch.delenv("COURSEWARE_XAPI_ENDPOINT", raising=False)
    assert main(["xapi", "send", "--once"]) == 2
    assert "COURSEWARE_XAPI_ENDPOINT" in capsys.readouterr().err
