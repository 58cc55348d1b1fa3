"""The dashboard's counts from the report summaries (store/summaries.py): a few rows per
cohort, whatever the number of learners, equal to `dashboard_counts` on the raw attempts
(tests/store/test_summaries.py checks this on random histories).

The summaries hold every learner whose attempts lie in one cohort; the few learners with
attempts in several (`report_spanning_learners`) are counted from their attempts by
`dashboard_counts`, and the two add up. They count every attempt ever submitted, so a
report narrowed to a period or a language is counted from the attempts instead
(`covers`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select

from courseware.store import summaries
from courseware.store.database import Transaction
from courseware.store.models import (
    Cohort,
    ReportActivityCell,
    ReportProfileSummary,
    ReportQuizSummary,
    ReportScoreSummary,
    ReportWeekSummary,
)
from courseware.store.reports import dashboard_counts as raw
from courseware.store.reports.dashboard_counts import FinalCounts
from courseware.store.reports.scope import (
    CourseQuizzes,
    Scope,
    connection,
    only_spanning,
    summaries_cover,
    to_frame,
)


def covers(scope: Scope, course: CourseQuizzes) -> bool:
    """Whether the summaries answer for this scope and course."""
    return summaries_cover(scope) and bool(course.finals)


def active_learners(tx: Transaction, scope: Scope, since: datetime) -> int:
    """Learners whose last attempt was submitted since `since`."""
    active = connection(tx).scalar(
        select(func.coalesce(func.sum(ReportActivityCell.learners), 0)).where(
            ReportActivityCell.last_submitted_at >= since,
            scope.in_cohorts(ReportActivityCell.cohort_id),
        )
    )
    spanning = only_spanning(tx, scope)
    return int(active) + (0 if spanning is None else raw.active_learners(tx, spanning, since))


def final_counts(tx: Transaction, scope: Scope, course: CourseQuizzes) -> FinalCounts:
    attempted, passed = (
        connection(tx)
        .execute(
            select(
                func.coalesce(func.sum(ReportQuizSummary.learners), 0),
                func.coalesce(func.sum(ReportQuizSummary.passed), 0),
            ).where(
                scope.in_cohorts(ReportQuizSummary.cohort_id),
                ReportQuizSummary.quiz_id.in_(course.finals),
            )
        )
        .one()
    )
    profiles = connection(tx).execute(
        select(ReportProfileSummary.profile, func.sum(ReportProfileSummary.learners))
        .where(scope.in_cohorts(ReportProfileSummary.cohort_id))
        .group_by(ReportProfileSummary.profile)
    )
    limits = dict(course.attempt_limits)
    completed = stuck = 0
    for text, learners in profiles:
        standing = json.loads(text)
        if all(standing.get(final) == summaries.PASSED for final in course.finals):
            completed += learners
        # An unpassed final holds the attempts used beyond those granted (a number) for a
        # learner on record, never for an erased one.
        if any(
            isinstance(standing.get(final), int) and standing[final] >= limit
            for final, limit in limits.items()
        ):
            stuck += learners
    counts = FinalCounts(int(attempted), int(passed), completed, stuck)
    spanning = only_spanning(tx, scope)
    return counts if spanning is None else counts + raw.final_counts(tx, spanning, course)


def progress(tx: Transaction, scope: Scope, course: CourseQuizzes) -> pd.DataFrame:
    rows = connection(tx).execute(
        select(
            ReportQuizSummary.cohort_id,
            ReportQuizSummary.quiz_id,
            ReportQuizSummary.learners,
            ReportQuizSummary.passed,
        ).where(
            scope.in_cohorts(ReportQuizSummary.cohort_id),
            ReportQuizSummary.quiz_id.in_(raw.quizzes_followed(course)),
        )
    )
    return _with_spanning(
        to_frame(rows, raw.PROGRESS_COLUMNS),
        tx,
        scope,
        lambda spanning: raw.progress(tx, spanning, course),
        ["cohort_id", "quiz_id"],
    )


def best_scores(tx: Transaction, scope: Scope, per_final: Mapping[str, Scope]) -> pd.DataFrame:
    every = set(connection(tx).scalars(select(Cohort.id)))
    frames = []
    for quiz_id, final in per_final.items():
        # The cohorts of the figure, or all cohorts less the others when those are fewer
        # (a coordinator's programme-wide view leaves out only the small cohorts).
        others = every - set(final.cohorts)
        if len(others) < len(final.cohorts):
            total = _score_rows(tx, quiz_id, [summaries.EVERY_COHORT])
            less = _score_rows(tx, quiz_id, sorted(others)).assign(learners=lambda t: -t.learners)
            frames += [total, less]
        else:
            frames.append(_score_rows(tx, quiz_id, list(final.cohorts)))
    scores = pd.concat(frames, ignore_index=True)
    scores = scores.groupby(["quiz_id", "score"], as_index=False, sort=False)["learners"].sum()
    scores = scores[scores["learners"] != 0].reset_index(drop=True)
    # A learner with no score at all is NULL in the raw rows, NaN in their frame.
    scores["score"] = scores["score"].astype(float).where(scores["score"] != summaries.NO_SCORE)
    return _with_spanning(
        scores,
        tx,
        scope,
        lambda spanning: raw.best_scores(tx, spanning, per_final),
        ["quiz_id", "score"],
    )


def _score_rows(tx: Transaction, quiz_id: str, cohorts: list[int]) -> pd.DataFrame:
    rows = connection(tx).execute(
        select(
            ReportScoreSummary.quiz_id,
            ReportScoreSummary.score,
            func.sum(ReportScoreSummary.learners),
        )
        .where(ReportScoreSummary.quiz_id == quiz_id, ReportScoreSummary.cohort_id.in_(cohorts))
        .group_by(ReportScoreSummary.quiz_id, ReportScoreSummary.score)
    )
    return to_frame(rows, raw.SCORE_COLUMNS)


def weeks(tx: Transaction, scope: Scope, by_cohort: bool) -> pd.DataFrame:
    keys = [ReportWeekSummary.week, ReportWeekSummary.cohort_id] if by_cohort else []
    keys = keys or [ReportWeekSummary.week]
    rows = connection(tx).execute(
        select(
            *keys,
            func.sum(ReportWeekSummary.attempts),
            func.sum(ReportWeekSummary.learners),
        )
        .where(scope.in_cohorts(ReportWeekSummary.cohort_id))
        .group_by(*keys)
    )
    cells = to_frame(rows, raw.WEEK_COLUMNS if by_cohort else ["week", "attempts", "learners"])
    if not by_cohort:
        cells.insert(1, "cohort_id", pd.NA)
    return _with_spanning(
        cells,
        tx,
        scope,
        lambda spanning: raw.weeks(tx, spanning, by_cohort),
        ["week", "cohort_id"],
    )


def _with_spanning(table: pd.DataFrame, tx: Transaction, scope: Scope, count, keys):
    """`table` plus what `count` gives for the learners of several cohorts, summed by
    `keys` (a key that is empty stays empty)."""
    spanning = only_spanning(tx, scope)
    if spanning is None:
        return table
    extra = count(spanning)
    if extra.empty:
        return table
    both = pd.concat([table, extra], ignore_index=True)
    values = [c for c in both.columns if c not in keys]
    return both.groupby(keys, as_index=False, dropna=False, sort=False)[values].sum()
