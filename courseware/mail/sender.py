"""The reminder sender: decides which reminders are due, follow-up steps and practice sets
alike (store/followup.py), claims them,
sends each mail and records the outcome. `send_once` does one round (cron, tests,
`followup send --once`); `ReminderThread` does it every `reminder_send_interval_seconds` in
the app. Several instances may all run one: each reminder is decided once, and claimed by
one sender at a time."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from urllib.parse import urlsplit

from courseware.access import COMMAND_LINE
from courseware.background import Periodic, new_owner
from courseware.content.catalog import Catalog
from courseware.content.fields import localize
from courseware.i18n import Translator
from courseware.mail.reminder import (
    ReminderMail,
    check_url,
    practice_url,
    reminder_message,
    unsubscribe_url,
)
from courseware.mail.smtp import MailServer
from courseware.mail.tokens import unsubscribe_token
from courseware.practice import set_of_reminder
from courseware.settings import signing_key
from courseware.store.database import Database
from courseware.store.followup import Outgoing, claim_reminders, decide_reminders, record_delivery

log = logging.getLogger(__name__)


@dataclass
class Round:
    decided: int = 0
    sent: int = 0
    failed: int = 0


def _message(db: Database, catalog: Catalog, row: Outgoing):
    settings = db.settings
    t = Translator(row.language, row.script)
    number = set_of_reminder(row.quiz_id)
    quiz = catalog.quizzes.get(row.quiz_id)
    if number is not None:
        title, link = t("practice.set", number=number), practice_url(settings.public_url)
    else:
        title = t.script_of(localize(quiz.title, row.language)) if quiz else row.quiz_id
        link = check_url(settings.public_url, row.quiz_id)
    token = unsubscribe_token(signing_key(settings), row.user_id)
    return reminder_message(
        ReminderMail(
            row.email,
            row.display_name,
            row.language,
            row.script,
            title,
            row.due_on,
            row.round,
            row.id,
            practice=number is not None,
        ),
        sender=settings.smtp_from,
        link=link,
        unsubscribe=unsubscribe_url(settings.public_url, token, row.language, row.script),
        domain=urlsplit(settings.public_url).hostname or "localhost",
        at=db.now(),
    )


def send_once(db: Database, catalog: Catalog, owner: str | None = None) -> Round:
    """Decide the due reminders, then send every one that is due, batch after batch. Without
    SMTP settings nothing is decided or sent (due steps show on My learning only)."""
    done = Round()
    course = catalog.course
    if not db.settings.mail_enabled or course is None:
        return done
    if not course.followup and course.practice is None:
        return done
    owner = owner or new_owner()
    done.decided = decide_reminders(db, COMMAND_LINE, course.followup, course.practice)
    while batch := claim_reminders(db, COMMAND_LINE, owner, db.settings.reminder_batch_size):
        try:
            server = MailServer(db.settings).__enter__()
        except (smtplib.SMTPException, OSError) as error:
            for row in batch:
                record_delivery(db, COMMAND_LINE, owner, row.id, f"mail server: {error}")
            done.failed += len(batch)
            break
        try:
            for row in batch:
                try:
                    server.send(_message(db, catalog, row))
                except (smtplib.SMTPException, OSError) as error:
                    record_delivery(db, COMMAND_LINE, owner, row.id, str(error) or repr(error))
                    done.failed += 1
                else:
                    record_delivery(db, COMMAND_LINE, owner, row.id)
                    done.sent += 1
        finally:
            server.__exit__(None, None, None)
    return done


class ReminderThread(Periodic):
    """Sends the due reminders every `reminder_send_interval_seconds` until stopped."""

    def __init__(self, db: Database, catalog: Catalog):
        super().__init__("reminder-sender", db, db.settings.reminder_send_interval_seconds)
        self.catalog = catalog

    def turn(self) -> None:
        send_once(self.db, self.catalog, self.owner)
