"""My learning shows the follow-up checks, due now (with the link to the check) or on a
date; My account has the reminder mails switch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

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
    # The app's own clock (store/database.py utc_now), moved by time-machine.
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
        certify(db, cast.learner_a.user_id)
    with time_machine.travel(datetime(2026, 3, 31, 23, tzinfo=UTC)):
        texts = _texts(open_app(LEARNER))  # My learning is the first page
    assert "**Thirty days** · Due on 2026-04-01" in texts
    with time_machine.travel(datetime(2026, 4, 1, 8, tzinfo=UTC)):
        at = open_app(LEARNER)
        texts = _texts(at)
        assert "**Thirty days** · Due now" in texts
        assert "**Your work** · Due on 2026-05-31" in texts
        links = [p.proto.label for p in at.get("page_link")]
        assert links.count("Take it") == 1
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
