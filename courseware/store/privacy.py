"""A person's data: everything held about them as JSON, and erasing them."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import delete, select

from courseware.access import Actor, can_export_person, require, require_account_change
from courseware.content.questions.free_text import FreeText
from courseware.store import xapi_events
from courseware.store.accounts import (
    get_user,
)
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.models import (
    IN_PROGRESS,
    Answer,
    AttemptGrant,
    AuditEntry,
    AuthSession,
    Certificate,
    CertificateReview,
    Cohort,
    CohortTrainer,
    Enrolment,
    FailedSignin,
    FollowupReminder,
    LessonProgress,
    Organisation,
    PracticeAnswer,
    PracticeItem,
    PracticeSet,
    QuizAttempt,
    Regrade,
    RegradedAttempt,
    ReminderOptOut,
    RetracedPath,
    TimeAccommodation,
    User,
)
from courseware.store.quiz_versions import quiz_version
from courseware.store.summaries import keeping_summaries

# Columns that are keys or secrets rather than information about the person.
NOT_EXPORTED = {"id", "user_id", "attempt_id", "password_hash", "token_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Fraction):
        return str(value)
    return value


def _row(row: Any, *skip: str) -> dict[str, Any]:
    columns = row.__table__.columns.keys()
    return {
        name: _plain(getattr(row, name))
        for name in columns
        if name not in NOT_EXPORTED and name not in skip
    }


def _rows(tx: Transaction, model: Any, *where: Any, skip: tuple[str, ...] = ()) -> list[dict]:
    found = tx.session.scalars(select(model).where(*where).order_by(*model.__table__.primary_key))
    return [_row(row, *skip) for row in found]


def _regrades(tx: Transaction, attempt_id: int) -> list[dict]:
    """Each regrade of an attempt: when, why, and its result before and after."""
    rows = tx.session.execute(
        select(RegradedAttempt, Regrade.at, Regrade.reason)
        .join(Regrade, Regrade.id == RegradedAttempt.regrade_id)
        .where(RegradedAttempt.attempt_id == attempt_id)
        .order_by(RegradedAttempt.id)
    )
    return [
        _row(row, "regrade_id") | {"at": _plain(at), "reason": reason} for row, at, reason in rows
    ]


def export_user_data(db: Database, actor: Actor, user_id: int) -> dict[str, Any]:
    """Everything stored about a user, ready for `json.dumps`: for the user or an admin."""

    def work(tx: Transaction) -> dict[str, Any]:
        acting = current_actor(tx, actor)
        require(can_export_person(acting, user_id), "you may download only your own data")
        user = get_user(tx, user_id)
        if acting.user_id != user_id:
            record(tx, acting, "account.export", user_id)
        attempts = []
        for attempt in tx.session.scalars(
            select(QuizAttempt).where(QuizAttempt.user_id == user_id).order_by(QuizAttempt.id)
        ):
            exported = _row(attempt, "layout", "seed")
            exported["answers"] = _rows(tx, Answer, Answer.attempt_id == attempt.id)
            exported["regrades"] = _regrades(tx, attempt.id)
            exported["retraced_paths"] = _rows(
                tx, RetracedPath, RetracedPath.attempt_id == attempt.id
            )
            attempts.append(exported)
        practice = []
        for practice_set in tx.session.scalars(
            select(PracticeSet).where(PracticeSet.user_id == user_id).order_by(PracticeSet.number)
        ):
            exported = _row(practice_set, "seed")
            exported["items"] = []
            for item in tx.session.scalars(
                select(PracticeItem)
                .where(PracticeItem.set_id == practice_set.id)
                .order_by(PracticeItem.position)
            ):
                answers = _rows(tx, PracticeAnswer, PracticeAnswer.item_id == item.id)
                exported["items"].append(_row(item) | {"answers": answers})
            practice.append(exported)
        cohort_names = {cohort.id: cohort.name for cohort in tx.session.scalars(select(Cohort))}
        enrolments = _rows(tx, Enrolment, Enrolment.user_id == user_id)
        for enrolment in enrolments:
            enrolment["cohort"] = cohort_names[enrolment.pop("cohort_id")]
        return {
            "account": _row(user)
            | {"organisation": tx.session.get(Organisation, user.organisation_id).name},
            "cohorts": enrolments,
            "trains": sorted(
                cohort_names[cohort_id]
                for cohort_id in tx.session.scalars(
                    select(CohortTrainer.cohort_id).where(CohortTrainer.user_id == user_id)
                )
            ),
            "lessons_done": _rows(tx, LessonProgress, LessonProgress.user_id == user_id),
            "attempts": attempts,
            "practice_sets": practice,
            "extra_attempts": _rows(tx, AttemptGrant, AttemptGrant.user_id == user_id),
            "time_accommodation": _rows(
                tx, TimeAccommodation, TimeAccommodation.user_id == user_id, skip=("granted_by",)
            ),
            "certificates": _rows(tx, Certificate, Certificate.user_id == user_id),
            "certificate_reviews": _rows(
                tx,
                CertificateReview,
                CertificateReview.certificate_id.in_(
                    select(Certificate.id).where(Certificate.user_id == user_id)
                ),
                skip=("decided_by",),
            ),
            "sessions": _rows(tx, AuthSession, AuthSession.user_id == user_id),
            "reminder_mails": _rows(
                tx,
                FollowupReminder,
                FollowupReminder.user_id == user_id,
                skip=("claimed_by", "claimed_until"),
            ),
            "reminder_mails_off": _rows(tx, ReminderOptOut, ReminderOptOut.user_id == user_id),
            "failed_sign_ins": _rows(tx, FailedSignin, FailedSignin.email == user.email),
            "audit_log": _rows(
                tx, AuditEntry, AuditEntry.target_user_id == user_id, skip=("actor_id",)
            ),
        }

    return db.write(work)


def erase_user(db: Database, actor: Actor, user_id: int) -> None:
    """Delete a user and everything about them. Their graded answers stay, detached from
    any person, so that course figures do not change; free-text answers go, since they may
    name the person, and so do unfinished attempts, which are no result.

    On SQLite the deleted rows are overwritten in the file (secure_delete) and the
    write-ahead log, which still holds the pages as they were, is emptied into the file
    afterwards: no copy of the email is left in either. Backups made before stay as they
    are until they are deleted (docs/deploy.md: 14 days)."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require_account_change(acting, user_id, "erase")
        user = get_user(tx, user_id)
        attempts = list(
            tx.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user_id))
        )
        kept = [a.id for a in attempts if a.state != IN_PROGRESS]
        # Once erased, each of the person's attempts counts as a learner of its own.
        with keeping_summaries(tx, [user_id], after=lambda: ((), kept)):
            _erase(tx, acting, user, attempts)

    db.write(work)
    db.checkpoint()


def _erase(tx: Transaction, acting: Actor, user: User, attempts: list[QuizAttempt]) -> None:
    for attempt in attempts:
        if attempt.state == IN_PROGRESS:
            tx.session.delete(attempt)
            continue
        quiz = quiz_version(tx, attempt.content_version)
        free_text = [leaf.id for leaf in quiz.leaves() if isinstance(leaf, FreeText)]
        tx.session.execute(
            delete(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id.in_(free_text))
        )
    tx.session.execute(delete(FailedSignin).where(FailedSignin.email == user.email))
    xapi_events.user_erased(tx, user.id)
    # The entry names no one: the id it keeps points at nothing once the row is gone.
    record(tx, acting, "account.erase", erased_user_id=user.id)
    tx.session.flush()
    tx.session.execute(delete(User).where(User.id == user.id))
