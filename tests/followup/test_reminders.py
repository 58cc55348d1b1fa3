"""Reminder mails, received by a real SMTP server: once per learner and step, in the
learner's language and script, with the link to the check, its date and a one-click
unsubscribe; none without SMTP settings; retried with back-off when refused."""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime

from courseware.mail.sender import send_once
from courseware.mail.tokens import user_of_token
from courseware.settings import signing_key
from courseware.store import Database
from courseware.store.followup import (
    my_followup,
    reminder_status,
    reminders_wanted,
    retry_failed_reminders,
    set_reminders,
    stop_reminders_by_link,
)
from tests.followup.conftest import PUBLIC_URL, mail_settings
from tests.followup.helpers import certify, reminder_rows


def _parts(message):
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def _token(message) -> str:
    link = message["List-Unsubscribe"].strip("<>")
    return link.split("token=")[1].split("&")[0]


def test_due_steps_follow_the_moved_clock(mail_db, cast, clock, catalog):
    plan = catalog.course.followup
    assert my_followup(mail_db, cast.learner_a, plan) is None  # no certificate yet
    certify(mail_db, cast.learner_a.user_id)
    steps = my_followup(mail_db, cast.learner_a, plan)
    assert steps.certified_on == date(2026, 3, 2)
    assert [(s.quiz_id, s.due_on, s.due(steps.today)) for s in steps.steps] == [
        ("retention-30", date(2026, 4, 1), False),
        ("followup-survey", date(2026, 5, 31), False),
    ]
    clock.advance(days=30)
    steps = my_followup(mail_db, cast.learner_a, plan)
    assert [s.due(steps.today) for s in steps.steps] == [True, False]


def test_no_mail_and_nothing_decided_without_smtp_settings(db, cast, clock, smtp, course, catalog):
    plain = Database(db.url, mail_settings(db.url, None, course), clock)
    certify(plain, cast.learner_a.user_id)
    clock.advance(days=31)
    assert send_once(plain, catalog).decided == 0
    assert smtp.messages == [] and reminder_rows(plain) == []
    # The app still shows the step as due.
    steps = my_followup(plain, cast.learner_a, catalog.course.followup)
    assert steps.steps[0].due(steps.today)
    plain.dispose()


def test_a_due_step_is_mailed_once_in_the_learners_language_and_script(
    mail_db, cast, clock, smtp, catalog
):
    certify(mail_db, cast.learner_a.user_id, language="sr", script="cyrillic")
    certify(mail_db, cast.learner_b.user_id)
    clock.advance(days=29)
    assert send_once(mail_db, catalog).sent == 0
    clock.advance(days=1)
    assert send_once(mail_db, catalog).sent == 2
    assert send_once(mail_db, catalog).sent == 0  # once
    assert len(smtp.messages) == 2
    serbian = next(m for m in smtp.messages if m["Content-Language"] == "sr-Cyrl")
    english = next(m for m in smtp.messages if m["Content-Language"] == "en")
    assert serbian["Subject"] == "Време је за кратку проверу након обуке: Тридесет дана"
    plain, html = _parts(serbian)
    assert "01.04.2026." in plain and "01.04.2026." in html
    assert f"{PUBLIC_URL}/quiz?quiz=retention-30" in plain
    assert f'href="{PUBLIC_URL}/quiz?quiz=retention-30"' in html
    assert '<html lang="sr-Cyrl">' in html
    plain, html = _parts(english)
    assert english["Subject"] == "A follow-up check is due: Thirty days"
    assert "is due on 2026-04-01: Thirty days" in plain
    # RFC 8058: an https link with a signed token, and the one-click POST header.
    unsubscribe = english["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{PUBLIC_URL}/unsubscribe?token=") and "lang=en" in unsubscribe
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsedate_to_datetime(english["Date"]) == clock.now.replace(microsecond=0)
    key = signing_key(mail_db.settings)
    assert user_of_token(key, _token(english)) == cast.learner_b.user_id
    assert user_of_token(key, _token(serbian)) == cast.learner_a.user_id
    # No answers, scores or case details: the mail names the check and its day only.
    for word in ("score", "point", "answer", "%"):
        assert word not in plain.lower()


def test_a_second_reminder_follows_and_a_taken_step_is_not_reminded(
    mail_db, cast, clock, smtp, catalog
):
    certify(mail_db, cast.learner_a.user_id)
    clock.advance(days=30)
    send_once(mail_db, catalog)
    clock.advance(days=7)
    send_once(mail_db, catalog)
    assert [m["Subject"] for m in smtp.messages] == ["A follow-up check is due: Thirty days"] * 2
    assert "This is a second reminder." in _parts(smtp.messages[1])[0]
    assert smtp.messages[0]["Message-ID"] != smtp.messages[1]["Message-ID"]
    clock.advance(days=60)
    send_once(mail_db, catalog)
    assert [m["Subject"] for m in smtp.messages][2:] == ["A follow-up check is due: Your work"]


def test_a_refused_mail_is_retried_with_back_off_and_shown_to_admins(
    mail_db, cast, clock, smtp, catalog
):
    certify(mail_db, cast.learner_a.user_id)
    clock.advance(days=30)
    smtp.recorder.refuse = True
    assert send_once(mail_db, catalog).failed == 1
    status = reminder_status(mail_db, cast.admin)
    assert status.pending == 1
    [failing] = status.failing
    assert failing.tries == 1 and "try again later" in failing.last_error
    smtp.recorder.refuse = False
    assert send_once(mail_db, catalog).sent == 0  # still waiting (first wait: 60 s)
    clock.advance(seconds=61)
    assert send_once(mail_db, catalog).sent == 1
    assert len(smtp.messages) == 1 and reminder_status(mail_db, cast.admin).failing == []


def test_a_reminder_given_up_on_can_be_sent_again_by_an_admin(
    db, cast, clock, smtp, course, catalog
):
    once = Database(db.url, mail_settings(db.url, smtp, course, reminder_max_tries=1), clock)
    certify(once, cast.learner_a.user_id)
    clock.advance(days=30)
    smtp.recorder.refuse = True
    send_once(once, catalog)
    assert reminder_status(once, cast.admin).dead == 1
    clock.advance(days=1)
    smtp.recorder.refuse = False
    assert send_once(once, catalog).sent == 0
    assert retry_failed_reminders(once, cast.admin) == 1
    assert send_once(once, catalog).sent == 1
    once.dispose()


def test_an_unsubscribed_learner_gets_no_more_mail(mail_db, cast, clock, smtp, catalog):
    certify(mail_db, cast.learner_a.user_id)
    clock.advance(days=30)
    send_once(mail_db, catalog)
    [mail] = smtp.messages
    assert stop_reminders_by_link(mail_db, _token(mail))
    assert not reminders_wanted(mail_db, cast.learner_a)
    clock.advance(days=90)
    send_once(mail_db, catalog)
    assert len(smtp.messages) == 1
    assert not stop_reminders_by_link(mail_db, f"{cast.learner_a.user_id}.forged")


def test_my_account_switch_turns_mails_off_and_on(mail_db, cast, clock, smtp, catalog):
    certify(mail_db, cast.learner_a.user_id)
    set_reminders(mail_db, cast.learner_a, False)
    clock.advance(days=30)
    send_once(mail_db, catalog)
    assert smtp.messages == []
    set_reminders(mail_db, cast.learner_a, True)
    send_once(mail_db, catalog)
    assert len(smtp.messages) == 1


def _take(db, learner, quiz):
    from courseware.store.attempts import save_answer, start_attempt, submit_attempt

    attempt = start_attempt(db, learner, quiz)
    save_answer(db, learner, attempt.id, quiz.questions[0].id, True)
    submit_attempt(db, learner, attempt.id)


def test_a_check_taken_before_the_certificate_does_not_count_one_taken_after_does(
    mail_db, cast, clock, smtp, catalog
):
    learner = cast.learner_a
    retention = catalog.quizzes["retention-30"]
    _take(mail_db, learner, retention)  # before the certificate: not the follow-up
    clock.advance(days=1)
    certify(mail_db, learner.user_id)
    clock.advance(days=30)
    steps = my_followup(mail_db, learner, catalog.course.followup)
    assert [s.done for s in steps.steps] == [False, False]
    _take(mail_db, learner, retention)
    steps = my_followup(mail_db, learner, catalog.course.followup)
    assert [s.done for s in steps.steps] == [True, False]
    assert send_once(mail_db, catalog).decided == 0
    assert smtp.messages == []


def test_a_reminder_decided_is_not_sent_once_the_check_is_taken(
    mail_db, cast, clock, smtp, catalog
):
    from courseware.access import COMMAND_LINE
    from courseware.store.followup import decide_reminders

    certify(mail_db, cast.learner_a.user_id)
    clock.advance(days=30)
    assert decide_reminders(mail_db, COMMAND_LINE, catalog.course.followup) == 1
    _take(mail_db, cast.learner_a, catalog.quizzes["retention-30"])
    assert send_once(mail_db, catalog).sent == 0
    assert smtp.messages == [] and reminder_rows(mail_db) == []


def test_serbian_latin_readers_get_latin(mail_db, cast, clock, smtp, catalog):
    certify(mail_db, cast.learner_a.user_id, language="sr", script="latin")
    clock.advance(days=30)
    send_once(mail_db, catalog)
    [mail] = smtp.messages
    assert mail["Content-Language"] == "sr-Latn"
    assert mail["Subject"] == "Vreme je za kratku proveru nakon obuke: Trideset dana"
    assert "lang=sr&script=latin" in mail["List-Unsubscribe"]


def test_reminders_are_in_the_learners_export_and_go_with_her_erasure(
    mail_db, cast, clock, smtp, catalog
):
    from courseware.store.privacy import erase_user, export_user_data

    learner = cast.learner_a
    certify(mail_db, learner.user_id)
    clock.advance(days=30)
    send_once(mail_db, catalog)
    set_reminders(mail_db, learner, False)
    exported = export_user_data(mail_db, learner, learner.user_id)
    assert [(r["quiz_id"], r["state"]) for r in exported["reminder_mails"]] == [
        ("retention-30", "sent")
    ]
    assert len(exported["reminder_mails_off"]) == 1
    erase_user(mail_db, cast.admin, learner.user_id)
    assert reminder_rows(mail_db) == []
