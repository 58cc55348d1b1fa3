"""A reminder is mailed once, also when two instances send at the same time on PostgreSQL,
and when a sender is killed (kill -9) while the mail server is taking its mail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from courseware.mail.sender import send_once
from courseware.settings import REPO_ROOT
from courseware.store import Database
from courseware.store.models import FollowupReminder
from tests.databases import add_user
from tests.followup.helpers import certify, reminder_rows, send_from_two_instances

LEARNERS = 12


@pytest.mark.postgres
def test_two_instances_sending_at_once_mail_each_reminder_once(mail_db, cast, clock, smtp, catalog):
    if mail_db.engine.dialect.name != "postgresql":
        pytest.skip("two instances share a PostgreSQL database")
    for number in range(LEARNERS):
        learner = add_user(mail_db, f"many{number}@example.org", "learner", cast.organisation_a)
        certify(mail_db, learner.user_id)
    clock.advance(days=38)  # each learner: the 30-day step, and its second reminder
    sent = send_from_two_instances(mail_db, catalog, clock)
    assert sent == 2 * LEARNERS
    received = Counter(m["Message-ID"] for m in smtp.messages)
    assert len(received) == 2 * LEARNERS and set(received.values()) == {1}
    assert Counter(m["To"] for m in smtp.messages).most_common(1)[0][1] == 2


def _sender_process(db: Database, smtp) -> subprocess.Popen:
    settings = db.settings
    env = os.environ | {
        "COURSEWARE_DATABASE_URL": db.url,
        "COURSEWARE_CONTENT_DIR": str(settings.content_dir),
        "COURSEWARE_SMTP_HOST": "127.0.0.1",
        "COURSEWARE_SMTP_PORT": str(smtp.port),
        "COURSEWARE_SMTP_SECURITY": "none",
        "COURSEWARE_PUBLIC_URL": settings.public_url,
        "COURSEWARE_SECRET_KEY": settings.secret_key.get_secret_value(),
        "PYTHONPATH": str(REPO_ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "courseware", "followup", "send", "--once"],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_sender_killed_while_mailing_leaves_the_mail_to_the_next_one_sent_once(
    mail_db, cast, smtp, catalog
):
    # The sender process runs on the real clock: the certificate is 31 real days old.
    certify(mail_db, cast.learner_a.user_id, at=datetime.now(UTC) - timedelta(days=31))
    smtp.recorder.hold = True
    sender = _sender_process(mail_db, smtp)
    assert smtp.recorder.arrived.wait(timeout=60), sender.communicate(timeout=5)[0]
    sender.send_signal(signal.SIGKILL)
    sender.wait()
    smtp.recorder.hold = False
    smtp.recorder.released.set()
    assert smtp.messages == []
    assert reminder_rows(mail_db) == [(cast.learner_a.user_id, "retention-30", 1, "pending")]
    # A second sender finds the reminder claimed; once the claim runs out (five minutes
    # later, in real life), it sends it.
    real = Database(mail_db.url, mail_db.settings)
    assert send_once(real, catalog).sent == 0
    real.write(lambda tx: tx.session.execute(update(FollowupReminder).values(claimed_until=tx.now)))
    again = _sender_process(real, smtp)
    output = again.communicate(timeout=60)[0].decode()
    assert again.returncode == 0, output
    assert "sent 1" in output
    assert len(smtp.messages) == 1
    assert send_once(real, catalog).sent == 0
    assert len(smtp.messages) == 1
    assert reminder_rows(real) == [(cast.learner_a.user_id, "retention-30", 1, "sent")]
    real.dispose()
