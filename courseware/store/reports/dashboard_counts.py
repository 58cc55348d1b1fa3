"""The dashboard's counts from the raw attempts: the reference the report summaries must
equal (`dashboard_summaries`), and what a report with a period or a language uses, since the
summaries count every attempt of every learner.

Each function counts over the learners of `scope` (all of them, or with `scope.learners`
only some) and returns plain sums over learners, so that counts over separate sets of
learners add up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, case, false, func, or_, select

from courseware.store.database import Transaction
from courseware.store.models import AttemptGrant, QuizAttempt
from courseware.store.reports.scope import (
    CourseQuizzes,
    Scope,
    attempt_passed,
    attempt_score,
    connection,
    learner_count,
    learner_keys,
    to_frame,
    whole,
)
from courseware.store.sql_functions import week_start

PROGRESS_COLUMNS = ["cohort_id", "quiz_id", "learners", "passed"]
SCORE_COLUMNS = ["quiz_id", "score", "learners"]
WEEK_COLUMNS = ["week", "cohort_id", "attempts", "learners"]


@dataclass(frozen=True)
class FinalCounts:
    """(learner, final) pairs submitted and passed; learners who passed every final; and
    learners stuck: out of attempts at a final (its limit plus those granted) without
    passing it (an erased learner is nobody's to help any more, so is not counted)."""

    attempted: int = 0
    passed: int = 0
    completed: int = 0
    stuck: int = 0

    def __add__(self, other: FinalCounts) -> FinalCounts:
        return FinalCounts(
            self.attempted + other.attempted,
            self.passed + other.passed,
            self.completed + other.completed,
            self.stuck + other.stuck,
        )


def quizzes_followed(course: CourseQuizzes) -> list[str]:
    return [q for q in (course.pretest, *course.finals, course.posttest, course.survey) if q]


def active_learners(tx: Transaction, scope: Scope, since: datetime) -> int:
    """Learners who submitted an attempt since `since`."""
    # Only the attempts since then are read: a window, not the whole history.
    return connection(tx).scalar(
        select(learner_count()).where(
            *scope.attempts(recent=True), QuizAttempt.submitted_at >= since
        )
    )


def final_counts(tx: Transaction, scope: Scope, course: CourseQuizzes) -> FinalCounts:
    finals_passed = func.count(
        func.distinct(case((QuizAttempt.passed.is_(True), QuizAttempt.quiz_id)))
    )
    per_learner = (
        select(
            func.count(func.distinct(QuizAttempt.quiz_id)).label("taken"),
            finals_passed.label("passed"),
        )
        .where(*scope.attempts(*course.finals))
        .group_by(*learner_keys())
        .subquery()
    )
    attempted, passed, completed = (
        connection(tx)
        .execute(
            select(
                whole(func.coalesce(func.sum(per_learner.c.taken), 0)),
                whole(func.coalesce(func.sum(per_learner.c.passed), 0)),
                whole(
                    func.coalesce(
                        func.sum(case((per_learner.c.passed == len(course.finals), 1), else_=0)),
                        0,
                    )
                ),
            )
        )
        .one()
    )
    return FinalCounts(
        attempted, passed, completed if course.finals else 0, _stuck(tx, scope, course)
    )


def _stuck(tx: Transaction, scope: Scope, course: CourseQuizzes) -> int:
    """Learners whose submitted attempts at a final with a limit reached the limit plus the
    extra attempts granted them by the end of the period, none of them passed."""
    limits = dict(course.attempt_limits)
    if not limits:
        return 0
    per_final = (
        select(
            QuizAttempt.user_id,
            QuizAttempt.quiz_id,
            func.count().label("made"),
            func.max(attempt_passed()).label("ok"),
        )
        .where(*scope.attempts(*limits), QuizAttempt.user_id.is_not(None))
        .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id)
        .subquery()
    )
    granted = (
        select(
            AttemptGrant.user_id,
            AttemptGrant.quiz_id,
            func.sum(AttemptGrant.extra_attempts).label("extra"),
        )
        .where(AttemptGrant.granted_at < scope.end, AttemptGrant.quiz_id.in_(limits))
        .group_by(AttemptGrant.user_id, AttemptGrant.quiz_id)
        .subquery()
    )
    limit = case(limits, value=per_final.c.quiz_id)
    query = (
        select(func.count(func.distinct(per_final.c.user_id)))
        .select_from(per_final)
        .outerjoin(
            granted,
            and_(
                granted.c.user_id == per_final.c.user_id,
                granted.c.quiz_id == per_final.c.quiz_id,
            ),
        )
        .where(per_final.c.ok == 0, per_final.c.made >= limit + func.coalesce(granted.c.extra, 0))
    )
    return connection(tx).scalar(query)


def progress(tx: Transaction, scope: Scope, course: CourseQuizzes) -> pd.DataFrame:
    """Per cohort and quiz: the learners who took it and how many of them passed. A learner
    who took a quiz in several cohorts counts once, in the newest of them (cohort ids grow
    as cohorts are made), so that totals over cohorts count each learner once."""
    per_learner = (
        select(
            func.max(QuizAttempt.cohort_id).label("cohort_id"),
            QuizAttempt.quiz_id,
            func.max(attempt_passed()).label("ok"),
        )
        .where(*scope.attempts(*quizzes_followed(course)))
        .group_by(QuizAttempt.quiz_id, *learner_keys())
        .subquery()
    )
    rows = connection(tx).execute(
        select(
            per_learner.c.cohort_id,
            per_learner.c.quiz_id,
            func.count(),
            whole(func.sum(per_learner.c.ok)),
        ).group_by(per_learner.c.cohort_id, per_learner.c.quiz_id)
    )
    return to_frame(rows, PROGRESS_COLUMNS)


def best_scores(tx: Transaction, scope: Scope, per_final: Mapping[str, Scope]) -> pd.DataFrame:
    """How many learners reached each best score at each final, over the cohorts of its
    scope in `per_final`."""
    in_admitted_cohorts = or_(
        false(),
        *(
            and_(QuizAttempt.quiz_id == quiz_id, *final.attempts(quiz_id))
            for quiz_id, final in per_final.items()
        ),
    )
    best = (
        select(QuizAttempt.quiz_id, func.max(attempt_score()).label("score"))
        .where(*scope.attempts(*per_final), in_admitted_cohorts)
        .group_by(QuizAttempt.quiz_id, *learner_keys())
        .subquery()
    )
    rows = connection(tx).execute(
        select(best.c.quiz_id, best.c.score, func.count()).group_by(best.c.quiz_id, best.c.score)
    )
    return to_frame(rows, SCORE_COLUMNS)


def weeks(tx: Transaction, scope: Scope, by_cohort: bool) -> pd.DataFrame:
    """Attempts and learners per week, per cohort too when `by_cohort` (else `cohort_id`
    is empty and a learner of several cohorts counts once a week)."""
    week = week_start(QuizAttempt.submitted_at).label("week")
    keys = (week, QuizAttempt.cohort_id) if by_cohort else (week,)
    rows = connection(tx).execute(
        select(*keys, func.count(), learner_count()).where(*scope.attempts()).group_by(*keys)
    )
    cells = to_frame(rows, WEEK_COLUMNS if by_cohort else ["week", "attempts", "learners"])
    if not by_cohort:
        cells.insert(1, "cohort_id", pd.NA)
    return cells
