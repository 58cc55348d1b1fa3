"""Figures about groups of learners, for dashboards. Coordinators see them for every cohort,
but never for a group so small that a figure could point at a person."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select

from courseware.access import Actor, can_view_cohort_aggregates, must_suppress, require
from courseware.store.accounts import get_cohort
from courseware.store.actors import current_actor
from courseware.store.database import Database, Transaction
from courseware.store.models import SUBMITTED, QuizAttempt


@dataclass(frozen=True)
class QuizSummary:
    """A quiz's submitted attempts in one cohort. When `suppressed`, the group is too small
    to be shown and every figure is None."""

    cohort_id: int
    quiz_id: str
    suppressed: bool
    learners: int | None
    attempts: int | None
    # Share of the learners whose best attempt passed, and the mean of their best scores.
    pass_rate: Fraction | None
    mean_best_score: Fraction | None


def cohort_quiz_summary(db: Database, actor: Actor, cohort_id: int, quiz_id: str) -> QuizSummary:
    """Counted over the attempts made while in the cohort, those of erased learners too.
    Scores are None for a survey, which is never scored."""

    def work(tx: Transaction) -> QuizSummary:
        acting = current_actor(tx, actor)
        require(can_view_cohort_aggregates(acting, cohort_id), "you may not see this cohort")
        get_cohort(tx, cohort_id)
        rows = tx.session.execute(
            select(
                QuizAttempt.id,
                QuizAttempt.user_id,
                QuizAttempt.points,
                QuizAttempt.max_points,
                QuizAttempt.passed,
            ).where(
                QuizAttempt.cohort_id == cohort_id,
                QuizAttempt.quiz_id == quiz_id,
                QuizAttempt.state == SUBMITTED,
            )
        ).all()
        # A learner passed when any attempt passed; their score is that of their best one.
        # The attempts of an erased learner can no longer be told apart: each counts alone.
        passed: dict[object, bool] = {}
        best: dict[object, Fraction] = {}
        for row in rows:
            learner = row.user_id if row.user_id is not None else ("erased", row.id)
            passed[learner] = passed.get(learner, False) or bool(row.passed)
            if row.max_points:
                best[learner] = max(best.get(learner, Fraction(0)), row.points / row.max_points)
        if must_suppress(acting, len(passed)):
            return QuizSummary(cohort_id, quiz_id, True, None, None, None, None)
        return QuizSummary(
            cohort_id,
            quiz_id,
            suppressed=False,
            learners=len(passed),
            attempts=len(rows),
            pass_rate=Fraction(sum(passed.values()), len(passed)) if best else None,
            mean_best_score=sum(best.values(), Fraction(0)) / len(best) if best else None,
        )

    return db.read(work)
