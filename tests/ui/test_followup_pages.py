"""My learning shows the follow-up checks, due now (with the link to the check) or on a
date; My account has the reminder mails switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from courseware.content.catalog import load_catalog
from courseware.i18n import Translator
from courseware.store.followup import reminders_wanted
from courseware.ui import resources
from tests.followup.fixtures import write_followup_course
from tests.followup.helpers import certify
from tests.ui.conftest import go_to

ENGLISH = Translator("en")

LEARNER = "learner.a@example.org"


@pytest.fixture
def followup_app(app_db, monkeypatch, tmp_path):
    catalog = load_catalog(write_followup_course(tmp_path / "course"))
    monkeypatch.setattr(resources, "catalog", lambda: catalog)
    return app_db


def _texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_my_learning_shows_the_due_check_with_its_link_and_the_next_with_its_date(
    followup_app, open_app
):
    db, cast = followup_app
    # The app runs on the real clock: the certificate is 31 days old.
    issued = datetime.now(UTC) - timedelta(days=31)
    certify(db, cast.learner_a.user_id, at=issued)
    at = open_app(LEARNER)  # My learning is the first page
    texts = _texts(at)
    assert "**Thirty days** · Due now" in texts
    later = Translator().date((issued + timedelta(days=90)).date())
    assert f"**Your work** · Due on {later}" in texts
    links = [(p.proto.label, p.proto.page) for p in at.get("page_link")]
    assert [label for label, _ in links].count("Take it") == 1
    # The retention check, which belongs to no module, can be taken from there.
    at = go_to(at, "quiz", quiz="retention-30")
    assert ENGLISH("quiz.start") in [b.label for b in at.button]


def test_my_account_switch_turns_the_reminder_mails_off(followup_app, open_app, monkeypatch):
    monkeypatch.setenv("COURSEWARE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("COURSEWARE_REMINDER_SEND_IN_APP", "false")
    resources.reset()
    db = resources.database()
    cast = followup_app[1]
    at = open_app(LEARNER, "account")
    toggle = at.toggle(key="reminder-mails")
    assert toggle.value is True
    toggle.set_value(False).run()
    assert not reminders_wanted(db, cast.learner_a)
