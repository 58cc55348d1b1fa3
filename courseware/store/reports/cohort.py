"""One cohort's figures: a quiz's summary, for whoever may see the cohort's aggregates, and
its learners' named progress, for those who manage it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd
from sqlalchemy import func, select

from courseware.access import (
    Actor,
    can_manage_cohort,
    can_view_cohort_aggregates,
    must_suppress,
    require,
)
from courseware.store.actors import current_actor
from courseware.store.cohorts import (
    get_cohort,
)
from courseware.store.database import Database, Transaction
from courseware.store.models import SUBMITTED, Enrolment, LessonProgress, QuizAttempt, User
from courseware.store.reports.scope import attempt_passed, attempt_score, connection, to_frame


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


@dataclass(frozen=True)
class CohortProgress:
    """What the learners of one cohort have done: `learners` (user_id, name, email,
    enrolled_at), `quizzes` per learner and quiz (attempts, best score 0..1, passed,
    last_submitted, last_started) and `lessons` per learner and module (lessons, last_done)."""

    learners: pd.DataFrame
    quizzes: pd.DataFrame
    lessons: pd.DataFrame


def cohort_progress(db: Database, actor: Actor, cohort_id: int) -> CohortProgress:
    """Named progress of a cohort's learners (all their attempts, in this cohort or not):
    for its trainers and admins."""

    def work(tx: Transaction) -> CohortProgress:
        require(
            can_manage_cohort(current_actor(tx, actor), cohort_id), "you do not manage this cohort"
        )
        get_cohort(tx, cohort_id)
        members = select(Enrolment.user_id).where(Enrolment.cohort_id == cohort_id)
        learners = (
            connection(tx)
            .execute(
                select(User.id, User.display_name, User.email, Enrolment.enrolled_at)
                .join(Enrolment, Enrolment.user_id == User.id)
                .where(Enrolment.cohort_id == cohort_id)
                .order_by(User.display_name, User.id)
            )
            .all()
        )
        quizzes = (
            connection(tx)
            .execute(
                select(
                    QuizAttempt.user_id,
                    QuizAttempt.quiz_id,
                    func.count(QuizAttempt.submitted_at),
                    func.max(attempt_score()),
                    func.max(attempt_passed()),
                    func.max(QuizAttempt.submitted_at),
                    func.max(QuizAttempt.started_at),
                )
                .where(QuizAttempt.user_id.in_(members))
                .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id)
            )
            .all()
        )
        lessons = (
            connection(tx)
            .execute(
                select(
                    LessonProgress.user_id,
                    LessonProgress.module_id,
                    func.count(),
                    func.max(LessonProgress.done_at),
                )
                .where(LessonProgress.user_id.in_(members))
                .group_by(LessonProgress.user_id, LessonProgress.module_id)
            )
            .all()
        )
        return CohortProgress(
            learners=to_frame(learners, ["user_id", "name", "email", "enrolled_at"]),
            quizzes=to_frame(
                quizzes,
                [
                    "user_id",
                    "quiz_id",
                    "attempts",
                    "best_score",
                    "passed",
                    "last_submitted",
                    "last_started",
                ],
            ),
            lessons=to_frame(lessons, ["user_id", "module_id", "lessons", "last_done"]),
        )

    return db.read(work)
