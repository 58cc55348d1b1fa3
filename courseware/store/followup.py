"""The follow-up plan in the database: a learner's due steps (from the certificate's day and
the attempts since), the reminders decided and sent, and who wants none.

A due practice set (courseware/practice.py) is a step too: its reminder is recorded under the
key `practice:N` in place of a quiz id, in one round.

Exactly once: `decide_reminders` inserts one row per learner, step and round, under a unique
key, in the transaction that decides it (of two senders deciding at once on PostgreSQL, the
second's unique key conflict makes the database layer run its transaction again, and it
finds the row). A sender then claims due rows for `reminder_claim_seconds` (SKIP LOCKED on
PostgreSQL, so that two senders never claim the same row), sends, and records the outcome.
A sender killed after claiming leaves the claim to run out; the next one sends the mail.
What no database can close is the moment between the mail server's "250 accepted" and the
commit of "sent": a sender killed exactly then makes the next one send again; the mail's
Message-ID is the same, so that mail systems that de-duplicate drop the copy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import delete, func, insert, select, update

from courseware.access import Actor, can_administer, can_choose_reminders, is_person, require
from courseware.content.course import FollowupStep, PracticePlan
from courseware.followup import Reminder, StepStatus, plan_status, reminders_due
from courseware.mail.tokens import user_of_token
from courseware.practice import practice_reminders, reminder_key
from courseware.settings import signing_key
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.backoff import doubling_wait
from courseware.store.database import Database, Transaction
from courseware.store.models import (
    REMINDER_DEAD,
    REMINDER_PENDING,
    REMINDER_SENT,
    Certificate,
    FollowupReminder,
    PracticeSet,
    QuizAttempt,
    ReminderOptOut,
    User,
)


@dataclass(frozen=True)
class LearnerFollowup:
    certified_on: date
    steps: list[StepStatus]
    today: date
    reminders_wanted: bool


@dataclass(frozen=True)
class Outgoing:
    """A claimed reminder, with what its mail needs (and nothing of answers or scores)."""

    id: int
    user_id: int
    email: str
    display_name: str
    language: str
    script: str
    quiz_id: str
    round: int
    due_on: date


@dataclass(frozen=True)
class FailedReminder:
    id: int
    user_id: int
    quiz_id: str
    round: int
    tries: int
    state: str
    last_error: str | None
    next_try_at: datetime


@dataclass(frozen=True)
class ReminderStatus:
    pending: int
    sent_last_day: int
    failing: list[FailedReminder]
    dead: int


def certified_at(tx: Transaction, *conditions) -> dict[int, datetime]:
    """Who holds a certificate, and since when, among the users `conditions` pick (all of
    them without)."""
    query = (
        select(Certificate.user_id, Certificate.issued_at)
        .join(User, User.id == Certificate.user_id)
        .where(Certificate.revoked_at.is_(None), *conditions)
    )
    return {user_id: issued_at for user_id, issued_at in tx.session.execute(query)}


def submitted_since(tx: Transaction, quiz_ids: list[str], *conditions) -> dict[int, set[str]]:
    """The plan's quizzes each learner (of those `conditions` pick) submitted since earning
    the certificate. Joined in the database: a list of every certified learner's id would
    be a statement with 100,000 parameters (more than PostgreSQL takes)."""
    taken: dict[int, set[str]] = defaultdict(set)
    rows = tx.session.execute(
        select(QuizAttempt.user_id, QuizAttempt.quiz_id)
        .join(Certificate, Certificate.user_id == QuizAttempt.user_id)
        .where(
            Certificate.revoked_at.is_(None),
            QuizAttempt.quiz_id.in_(quiz_ids),
            QuizAttempt.submitted_at.is_not(None),
            QuizAttempt.started_at >= Certificate.issued_at,
            *conditions,
        )
        .distinct()
    )
    for user_id, quiz_id in rows:
        taken[user_id].add(quiz_id)
    return taken


def finished_sets(tx: Transaction, user_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """The numbers of the practice sets each learner (of `user_ids`, or all) finished."""
    finished: dict[int, set[int]] = defaultdict(set)
    query = select(PracticeSet.user_id, PracticeSet.number).where(
        PracticeSet.finished_at.is_not(None)
    )
    if user_ids is not None:
        query = query.where(PracticeSet.user_id.in_(list(user_ids)))
    for user_id, number in tx.session.execute(query):
        finished[user_id].add(number)
    return finished


def _done(tx: Transaction, user_ids: list[int], keys: list[str]) -> dict[int, set[str]]:
    """The reminders' steps each of `user_ids` has done: follow-up quizzes submitted since
    the certificate, practice sets finished (by their reminder keys)."""
    done = submitted_since(tx, keys, Certificate.user_id.in_(user_ids))
    for user_id, numbers in finished_sets(tx, user_ids).items():
        done[user_id].update(reminder_key(number) for number in numbers)
    return done


def _wants_reminders(tx: Transaction, user_id: int) -> bool:
    return tx.session.get(ReminderOptOut, user_id) is None


def my_followup(db: Database, actor: Actor, plan: list[FollowupStep]) -> LearnerFollowup | None:
    """The acting learner's follow-up steps and when each is due; None before the
    certificate (or for a course without a plan)."""

    def work(tx: Transaction) -> LearnerFollowup | None:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        mine = Certificate.user_id == acting.user_id
        certified = certified_at(tx, mine)
        if not plan or acting.user_id not in certified:
            return None
        taken = submitted_since(tx, [step.quiz for step in plan], mine)
        certified_on = certified[acting.user_id].date()
        return LearnerFollowup(
            certified_on,
            plan_status(plan, certified_on, taken[acting.user_id]),
            tx.now.date(),
            _wants_reminders(tx, acting.user_id),
        )

    return db.read(work)


def reminders_wanted(db: Database, actor: Actor) -> bool:
    def work(tx: Transaction) -> bool:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        return _wants_reminders(tx, acting.user_id)

    return db.read(work)


def _choose(tx: Transaction, user_id: int, wanted: bool) -> None:
    opt_out = tx.session.get(ReminderOptOut, user_id)
    if wanted and opt_out is not None:
        tx.session.delete(opt_out)
    elif not wanted and opt_out is None:
        tx.session.add(ReminderOptOut(user_id=user_id, at=tx.now))
    if not wanted:
        # Mails decided but not yet sent are not sent either.
        tx.session.execute(
            delete(FollowupReminder).where(
                FollowupReminder.user_id == user_id, FollowupReminder.state != REMINDER_SENT
            )
        )


def set_reminders(db: Database, actor: Actor, wanted: bool) -> None:
    """The acting person's own choice on My account."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require(is_person(acting) and can_choose_reminders(acting, acting.user_id))
        _choose(tx, acting.user_id, wanted)

    db.write(work)


def stop_reminders_by_link(db: Database, token: str) -> bool:
    """The unsubscribe link of a mail: the signed token is the authority (RFC 8058: a mail
    client posts it without a session). False for a token we did not sign, or a person
    since erased."""
    user_id = user_of_token(signing_key(db.settings), token)
    if user_id is None:
        return False

    def work(tx: Transaction) -> bool:
        if tx.session.get(User, user_id) is None:
            return False
        _choose(tx, user_id, wanted=False)
        return True

    return db.write(work)


def decide_reminders(
    db: Database, actor: Actor, plan: list[FollowupStep], practice: PracticePlan | None = None
) -> int:
    """Write a reminder for every due step and practice set of every certified learner who
    wants mails and has none for it yet; returns how many were decided."""

    def work(tx: Transaction) -> int:
        require(can_administer(current_actor(tx, actor)))
        today = tx.now.date()
        wanting = (User.active.is_(True), User.id.not_in(select(ReminderOptOut.user_id)))
        certified = certified_at(tx, *wanting)
        if not certified:
            return 0
        taken = submitted_since(tx, [step.quiz for step in plan])
        # Every learner's (a list of all certified ones would be too long for an IN clause).
        finished = finished_sets(tx) if practice else {}
        decided = {
            tuple(row)
            for row in tx.session.execute(
                select(FollowupReminder.user_id, FollowupReminder.quiz_id, FollowupReminder.round)
            )
        }

        # Learners certified on the same day who took the same steps (and finished the same
        # practice sets) have the same reminders due: worked out once for each such group (a
        # few thousand among 100,000 learners certified over a year).
        @cache
        def due(certified_on: date, steps: frozenset[str], sets: frozenset[int]) -> list[Reminder]:
            reminders = reminders_due(plan, certified_on, steps, today)
            if practice:
                reminders += practice_reminders(practice, certified_on, sets, today)
            return reminders

        new = [
            {
                "user_id": user_id,
                "quiz_id": reminder.quiz_id,
                "round": reminder.round,
                "due_on": reminder.due_on,
                "state": REMINDER_PENDING,
                "tries": 0,
                "next_try_at": tx.now,
                "created_at": tx.now,
            }
            for user_id, issued_at in certified.items()
            for reminder in due(
                issued_at.date(),
                frozenset(taken[user_id]),
                frozenset(finished.get(user_id, ())),
            )
            if (user_id, reminder.quiz_id, reminder.round) not in decided
        ]
        if new:
            # One executemany: after a year of certificates without mail settings, the
            # first turn decides a few hundred thousand reminders.
            tx.session.execute(insert(FollowupReminder), new)
        return len(new)

    return db.write(work)


def claim_reminders(db: Database, actor: Actor, owner: str, size: int) -> list[Outgoing]:
    """Due reminders nobody holds, claimed by `owner` for `reminder_claim_seconds`."""

    def work(tx: Transaction) -> list[Outgoing]:
        require(can_administer(current_actor(tx, actor)))
        free = (FollowupReminder.claimed_until.is_(None)) | (
            FollowupReminder.claimed_until <= tx.now
        )
        rows = tx.session.scalars(
            select(FollowupReminder)
            .where(
                FollowupReminder.state == REMINDER_PENDING,
                FollowupReminder.next_try_at <= tx.now,
                free,
            )
            .order_by(FollowupReminder.id)
            .limit(size)
            .with_for_update(skip_locked=True)
        ).all()
        claimed = []
        until = tx.now + timedelta(seconds=tx.settings.reminder_claim_seconds)
        # Since the decision the learner may have taken the check (or finished the practice
        # set), been deactivated or lost the certificate: then the mail is not sent (nor
        # decided again: it is not due).
        user_ids = list({row.user_id for row in rows})
        certified = certified_at(tx, Certificate.user_id.in_(user_ids))
        taken = _done(tx, user_ids, list({row.quiz_id for row in rows}))
        users = {u.id: u for u in tx.session.scalars(select(User).where(User.id.in_(user_ids)))}
        for row in rows:
            user = users[row.user_id]
            if not user.active or row.user_id not in certified or row.quiz_id in taken[user.id]:
                tx.session.delete(row)
                continue
            row.claimed_by, row.claimed_until = owner, until
            claimed.append(
                Outgoing(
                    row.id,
                    user.id,
                    user.email,
                    user.display_name,
                    user.language,
                    user.script,
                    row.quiz_id,
                    row.round,
                    row.due_on,
                )
            )
        return claimed

    return db.write(work)


def record_delivery(
    db: Database, actor: Actor, owner: str, reminder_id: int, error: str | None = None
) -> None:
    """A claimed reminder's outcome: sent, or failed (tried again later, waiting twice as
    long each time; after `reminder_max_tries`, left for an admin)."""

    def work(tx: Transaction) -> None:
        require(can_administer(current_actor(tx, actor)))
        row = tx.session.get(FollowupReminder, reminder_id)
        if row is None or row.claimed_by != owner:
            return  # unsubscribed meanwhile (the row is gone)
        row.claimed_by, row.claimed_until = None, None
        if error is None:
            row.state, row.sent_at, row.last_error = REMINDER_SENT, tx.now, None
            return
        settings = tx.settings
        row.tries += 1
        row.last_error = error[:500]
        row.next_try_at = tx.now + doubling_wait(
            settings.reminder_first_wait_seconds, settings.reminder_longest_wait_seconds, row.tries
        )
        if row.tries >= settings.reminder_max_tries:
            row.state = REMINDER_DEAD

    db.write(work)


def reminder_status(db: Database, actor: Actor, shown: int = 50) -> ReminderStatus:
    """The admin page's counts, and the reminders that failed (still retried, or given up)."""

    def work(tx: Transaction) -> ReminderStatus:
        require(can_administer(current_actor(tx, actor)))

        def count(*where) -> int:
            return tx.session.scalar(
                select(func.count()).select_from(FollowupReminder).where(*where)
            )

        failing = tx.session.scalars(
            select(FollowupReminder)
            .where(
                FollowupReminder.last_error.is_not(None), FollowupReminder.state != REMINDER_SENT
            )
            .order_by(FollowupReminder.id)
            .limit(shown)
        )
        return ReminderStatus(
            pending=count(FollowupReminder.state == REMINDER_PENDING),
            sent_last_day=count(FollowupReminder.sent_at >= tx.now - timedelta(days=1)),
            failing=[
                FailedReminder(
                    r.id,
                    r.user_id,
                    r.quiz_id,
                    r.round,
                    r.tries,
                    r.state,
                    r.last_error,
                    r.next_try_at,
                )
                for r in failing
            ],
            dead=count(FollowupReminder.state == REMINDER_DEAD),
        )

    return db.read(work)


def retry_failed_reminders(db: Database, actor: Actor) -> int:
    """Reminders given up on, back to pending with their tries from nought."""

    def work(tx: Transaction) -> int:
        acting = current_actor(tx, actor)
        require(can_administer(acting), "only an admin may send reminders again")
        count = tx.session.execute(
            update(FollowupReminder)
            .where(FollowupReminder.state == REMINDER_DEAD)
            .values(state=REMINDER_PENDING, tries=0, next_try_at=tx.now)
        ).rowcount
        if count:
            record(tx, acting, "followup.retry", reminders=count)
        return count

    return db.write(work)
