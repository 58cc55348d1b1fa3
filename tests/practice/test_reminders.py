"""Reminders of due practice sets, through the follow-up reminders' exactly-once machinery,
received by a real SMTP server: once per set, in the learner's language and script, with
the link to the practice page and the one-click unsubscribe; none once the set is finished
or the learner opted out."""

from __future__ import annotations

from collections import Counter

import pytest

from courseware.access import COMMAND_LINE
from courseware.mail.sender import send_once
from courseware.store.followup import decide_reminders, set_reminders
from courseware.store.practice import check_practice_item, my_practice
from tests.databases import add_user
from tests.followup.conftest import PUBLIC_URL
from tests.followup.helpers import certify, reminder_rows, send_from_two_instances
from tests.practice.helpers import finish_course

LEARNERS = 12


def _plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_due_set_is_mailed_once_in_the_learners_language(mail_db, cast, clock, smtp, catalog):
    finish_course(mail_db, catalog, cast.learner_a, set(), language="sr", script="latin")
    clock.advance(days=2)
    assert send_once(mail_db, catalog).sent == 0
    clock.advance(days=1)
    assert send_once(mail_db, catalog).sent == 1
    assert send_once(mail_db, catalog).sent == 0  # once
    clock.advance(days=1)
    assert send_once(mail_db, catalog).sent == 0  # still once, the day after
    [message] = smtp.messages
    assert message["Subject"] == "Na redu je kratka vežba: Vežba 1"
    assert message["Content-Language"] == "sr-Latn"
    text = _plain(message)
    assert "05.03.2026." in text and f"{PUBLIC_URL}/practice\r\n" in text
    assert message["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/unsubscribe?token=")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "poen" not in text  # no scores
    assert reminder_rows(mail_db) == [(cast.learner_a.user_id, "practice:1", 1, "sent")]


def test_practice_and_follow_up_steps_are_mailed_side_by_side(mail_db, cast, clock, smtp, catalog):
    finish_course(mail_db, catalog, cast.learner_a, set())
    clock.advance(days=30)  # practice sets 1 to 3 and the 30-day check are all due
    assert send_once(mail_db, catalog).sent == 4
    subjects = sorted(m["Subject"] for m in smtp.messages)
    assert subjects == [
        "A follow-up check is due: Thirty days",
        "A practice set is due: Practice set 1",
        "A practice set is due: Practice set 2",
        "A practice set is due: Practice set 3",
    ]


def test_no_mail_for_a_finished_set_nor_after_opting_out(mail_db, cast, clock, smtp, catalog):
    learner, other = cast.learner_a, cast.learner_b
    finish_course(mail_db, catalog, learner, set())
    finish_course(mail_db, catalog, other, set())
    clock.advance(days=3)
    set_id = my_practice(mail_db, learner, catalog.course.practice, catalog.quizzes).made[1]
    for position in range(3):
        check_practice_item(mail_db, learner, set_id, position)
    set_reminders(mail_db, other, False)
    assert send_once(mail_db, catalog).sent == 0
    assert smtp.messages == [] and reminder_rows(mail_db) == []


@pytest.mark.postgres
def test_two_instances_mail_each_due_set_once(mail_db, cast, clock, smtp, catalog):
    if mail_db.engine.dialect.name != "postgresql":
        pytest.skip("two instances share a PostgreSQL database")
    for number in range(LEARNERS):
        learner = add_user(mail_db, f"many{number}@example.org", "learner", cast.organisation_a)
        certify(mail_db, learner.user_id)
    clock.advance(days=10)  # sets 1 and 2 due for each learner, no follow-up step yet
    assert send_from_two_instances(mail_db, catalog, clock) == 2 * LEARNERS
    received = Counter(m["Message-ID"] for m in smtp.messages)
    assert len(received) == 2 * LEARNERS and set(received.values()) == {1}
    subjects = Counter(m["Subject"] for m in smtp.messages)
    assert subjects == {
        "A practice set is due: Practice set 1": LEARNERS,
        "A practice set is due: Practice set 2": LEARNERS,
    }


def test_a_set_finished_after_the_decision_is_not_mailed(mail_db, cast, clock, smtp, catalog):
    learner = cast.learner_a
    finish_course(mail_db, catalog, learner, set())
    clock.advance(days=3)
    course = catalog.course
    assert decide_reminders(mail_db, COMMAND_LINE, course.followup, course.practice) == 1
    set_id = my_practice(mail_db, learner, course.practice, catalog.quizzes).made[1]
    for position in range(3):
        check_practice_item(mail_db, learner, set_id, position)
    assert send_once(mail_db, catalog).sent == 0
    assert smtp.messages == [] and reminder_rows(mail_db) == []
