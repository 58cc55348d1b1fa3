"""What regrades did, as their readers need it: the versions a quiz's attempts are graded on
(to choose what to regrade to), the notices a learner's review shows, and when the last
regrade was (figures cached from before it are out of date)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from courseware.access import Actor
from courseware.store.actors import current_actor
from courseware.store.attempts import viewable_attempt
from courseware.store.database import Database, Transaction
from courseware.store.models import SUBMITTED, QuizAttempt, QuizVersion, Regrade, RegradedAttempt
from courseware.store.regrade import ResultChange, in_scope, regrade_scope


@dataclass(frozen=True)
class VersionUse:
    content_version: str
    created_at: datetime
    attempts: int


@dataclass(frozen=True)
class RegradeNotice(ResultChange):
    """One regrade of an attempt, as its learner is told."""

    at: datetime
    reason: str


def quiz_versions_taken(
    db: Database, actor: Actor, quiz_id: str, *, cohort_ids: Collection[int] | None = None
) -> list[VersionUse]:
    """The versions of a quiz that submitted attempts (of learners not erased, in the
    actor's scope) are graded on, oldest first, with how many attempts each."""

    def work(tx: Transaction) -> list[VersionUse]:
        cohorts = regrade_scope(current_actor(tx, actor), cohort_ids)
        rows = tx.session.execute(
            select(QuizVersion.content_version, QuizVersion.created_at, func.count())
            .join(QuizAttempt, QuizAttempt.content_version == QuizVersion.content_version)
            .where(
                *in_scope(quiz_id, cohorts),
                QuizAttempt.state == SUBMITTED,
                QuizAttempt.user_id.is_not(None),
            )
            .group_by(QuizVersion.content_version, QuizVersion.created_at)
            .order_by(QuizVersion.created_at, QuizVersion.content_version)
        )
        return [VersionUse(*row) for row in rows]

    return db.read(work)


def last_regrade_at(db: Database, actor: Actor) -> datetime | None:
    """When any quiz was last regraded: cached figures from before it are out of date."""

    def work(tx: Transaction) -> datetime | None:
        current_actor(tx, actor)
        return tx.session.scalar(select(func.max(Regrade.at)))

    return db.read(work)


def regrade_notices(db: Database, actor: Actor, attempt_id: int) -> list[RegradeNotice]:
    """The regrades of an attempt, oldest first, for whoever may see the attempt."""

    def work(tx: Transaction) -> list[RegradeNotice]:
        viewable_attempt(tx, actor, attempt_id)
        rows = tx.session.execute(
            select(
                RegradedAttempt.old_points,
                RegradedAttempt.old_max_points,
                RegradedAttempt.old_passed,
                RegradedAttempt.new_points,
                RegradedAttempt.new_max_points,
                RegradedAttempt.new_passed,
                Regrade.at,
                Regrade.reason,
            )
            .join(Regrade, Regrade.id == RegradedAttempt.regrade_id)
            .where(RegradedAttempt.attempt_id == attempt_id)
            .order_by(Regrade.at, Regrade.id)
        )
        return [RegradeNotice(*row) for row in rows]

    return db.read(work)
