"""`python -m courseware followup send [--once] | status`."""

from __future__ import annotations

from courseware.cli import main
from tests.followup.conftest import SECRET
from tests.followup.helpers import certify


def test_send_once_then_status(mail_db, cast, clock, smtp, course, monkeypatch, capsys):
    # The command runs on the real clock: the certificate is older than the first step.
    clock.advance(days=-400)
    certify(mail_db, cast.learner_a.user_id)
    for name, value in {
        "DATABASE_URL": mail_db.url,
        "CONTENT_DIR": str(course),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_SECURITY": "none",
        "SECRET_KEY": SECRET,
    }.items():
        monkeypatch.setenv(f"COURSEWARE_{name}", value)
    assert main(["followup", "send", "--once"]) == 0
    # Both steps are long due, and the first one's second reminder too.
    assert "decided 3, sent 3, failed 0" in capsys.readouterr().out
    assert len(smtp.messages) == 3
    assert main(["followup", "status"]) == 0
    assert "waiting: 0, sent in the last day: 3" in capsys.readouterr().out


def test_send_without_a_mail_server_says_how_to_configure_one(db, monkeypatch, capsys):
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", db.url)
    monkeypatch.delenv("COURSEWARE_SMTP_HOST", raising=False)
    assert main(["followup", "send", "--once"]) == 2
    assert "COURSEWARE_SMTP_HOST" in capsys.readouterr().err
