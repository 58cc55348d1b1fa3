"""The coordinator's dashboard: the programme's headline, funnel, pass rates, scores and
weekly activity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd
from sqlalchemy import and_, case, false, func, or_, select

from courseware.access import Actor, can_view_organisations
from courseware.analytics.privacy import SUPPRESSED
from courseware.store.database import Database, Transaction
from courseware.store.models import AttemptGrant, Enrolment, Organisation, QuizAttempt
from courseware.store.reports.scope import (
    CourseQuizzes,
    ReportFilters,
    Scope,
    admitted,
    attempt_passed,
    attempt_score,
    connection,
    enrolled_by_cohort,
    learner_count,
    learner_keys,
    scope_of,
    suppressed_for,
    to_frame,
    whole,
)
from courseware.store.sql_functions import week_start

ACTIVE_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Headline:
    """Learners enrolled, active in the 30 days before the end of the period (submitted a
    quiz), who passed every module final, the share of (learner, final) pairs passed among
    the finals learners submitted, and the learners stuck: out of attempts at a final
    (its limit plus those granted) without passing it. All None when `suppressed`."""

    suppressed: bool
    enrolled: int | None
    active: int | None
    completed: int | None
    pass_rate: float | None
    stuck: int | None = None


@dataclass(frozen=True)
class Dashboard:
    """Aggregates only, already suppressed for the acting user. Tables carry a boolean
    `suppressed` column; a suppressed group's figures are NA.

    - `cohorts`: cohort_id, organisation_id, cohort (name), enrolled
    - `progress`: cohort_id, organisation_id, quiz_id, learners (who submitted it), passed
      (learners with a passing attempt); groups not suppressed here, see `funnel`/`pass_rates`
    - `funnel`: stage (quiz id, or "enrolled"), learners
    - `pass_rates`: organisation_id, quiz_id, learners, passed, pass_rate
    - `scores`: quiz_id, score (0..1, first attempts), learners, suppressed
    - `weekly`: week (Monday), attempts, learners, suppressed

    `left_out`: per section ("headline", which the funnel shares, "pass_rates", "scores",
    "weekly"), how many cohorts were left out as too small (see `scope.admitted`).
    """

    headline: Headline
    organisations: dict[int, str]
    funnel: pd.DataFrame
    pass_rates: pd.DataFrame
    scores: pd.DataFrame
    weekly: pd.DataFrame
    left_out: dict[str, int] = field(default_factory=dict)


def _organisation_names(tx: Transaction, acting: Actor) -> dict[int, str]:
    if not can_view_organisations(acting):
        return {}
    return dict(connection(tx).execute(select(Organisation.id, Organisation.name)).all())


def _headline(tx: Transaction, scope: Scope, course: CourseQuizzes) -> Headline:
    enrolled = connection(tx).scalar(
        select(func.count(func.distinct(Enrolment.user_id))).where(*scope.enrolments())
    )
    if scope.suppress(enrolled):
        return Headline(True, None, None, None, None, None)
    active = connection(tx).scalar(
        select(learner_count()).where(
            *scope.attempts(), QuizAttempt.submitted_at >= scope.end - ACTIVE_WINDOW
        )
    )
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
    return Headline(
        suppressed=False,
        enrolled=enrolled,
        active=active,
        completed=completed if course.finals else 0,
        pass_rate=passed / attempted if attempted else None,
        stuck=_stuck(tx, scope, course),
    )


def _stuck(tx: Transaction, scope: Scope, course: CourseQuizzes) -> int:
    """Learners whose submitted attempts at a final with a limit reached the limit plus the
    extra attempts granted them by the end of the period, none of them passed. An erased
    learner is nobody's to help any more, so is not counted."""
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


def _progress(tx: Transaction, scope: Scope, course: CourseQuizzes) -> pd.DataFrame:
    """Per cohort and quiz: the learners who took it and how many of them passed. A learner
    who took a quiz in several cohorts counts once, in the newest of them (cohort ids grow
    as cohorts are made), so that totals over cohorts count each learner once."""
    quiz_ids = [q for q in (course.pretest, *course.finals, course.posttest, course.survey) if q]
    per_learner = (
        select(
            func.max(QuizAttempt.cohort_id).label("cohort_id"),
            QuizAttempt.quiz_id,
            func.max(attempt_passed()).label("ok"),
        )
        .where(*scope.attempts(*quiz_ids))
        .group_by(QuizAttempt.quiz_id, *learner_keys())
        .subquery()
    )
    rows = (
        connection(tx)
        .execute(
            select(
                per_learner.c.cohort_id,
                per_learner.c.quiz_id,
                func.count(),
                whole(func.sum(per_learner.c.ok)),
            ).group_by(per_learner.c.cohort_id, per_learner.c.quiz_id)
        )
        .all()
    )
    progress = to_frame(rows, ["cohort_id", "quiz_id", "learners", "passed"])
    progress["organisation_id"] = progress["cohort_id"].map(
        lambda cohort_id: scope.cohorts[cohort_id][0]
    )
    return progress


def _funnel(headline: Headline, progress: pd.DataFrame, course: CourseQuizzes) -> pd.DataFrame:
    """Learners at each stage: enrolled, took the pre-test, passed each final in course
    order, took the post-test, answered the evaluation (in the cohorts of the headline)."""
    totals = progress.groupby("quiz_id")[["learners", "passed"]].sum()
    stages = [("enrolled", headline.enrolled)]
    for quiz_id, column in (
        (course.pretest, "learners"),
        *((final, "passed") for final in course.finals),
        (course.posttest, "learners"),
        (course.survey, "learners"),
    ):
        if quiz_id:
            stages.append((quiz_id, int(totals[column].get(quiz_id, 0))))
    funnel = pd.DataFrame(stages, columns=["stage", "learners"])
    funnel["suppressed"] = headline.suppressed
    if headline.suppressed:
        funnel["learners"] = pd.NA
    return funnel


def _admitted_per_quiz(
    scope: Scope, progress: pd.DataFrame, quiz_ids: Sequence[str]
) -> tuple[dict[str, Scope], int]:
    """Per quiz, the scope of the cohorts with enough learners who took it, and how many
    cohorts were left out of at least one of the quizzes."""
    scopes, left_out = {}, set()
    for quiz_id in quiz_ids:
        rows = progress[progress["quiz_id"] == quiz_id]
        scopes[quiz_id], _ = admitted(
            scope, dict(zip(rows["cohort_id"], rows["learners"], strict=True))
        )
        left_out |= set(rows["cohort_id"]) - set(scopes[quiz_id].cohorts)
    return scopes, len(left_out)


def _pass_rates(scope: Scope, progress: pd.DataFrame, per_final: dict[str, Scope]) -> pd.DataFrame:
    """Organisation × final: learners who took it, how many passed, over the cohorts with
    enough learners who took it. Small cells (for those who see every cohort) are suppressed
    within each final, with a second cell where one alone would give it away."""
    columns = ["organisation_id", "quiz_id", "learners", "passed", "pass_rate", SUPPRESSED]
    kept = [
        progress[(progress["quiz_id"] == quiz_id) & progress["cohort_id"].isin(final.cohorts)]
        for quiz_id, final in per_final.items()
    ]
    by_cell = (
        pd.concat(kept, ignore_index=True)
        .groupby(["organisation_id", "quiz_id"], as_index=False)[["learners", "passed"]]
        .sum()
    )
    by_cell["pass_rate"] = by_cell["passed"] / by_cell["learners"]
    tables = []
    for _, cells in by_cell.groupby("quiz_id"):
        cells = cells.reset_index(drop=True)
        tables.append(suppressed_for(cells, scope.acting, "learners", ["passed", "pass_rate"]))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)


def _scores(tx: Transaction, scope: Scope, per_final: dict[str, Scope]) -> pd.DataFrame:
    """How many learners reached each best score at each final (over the cohorts with
    enough learners who took it)."""
    finals = list(per_final)
    in_admitted_cohorts = or_(
        false(),
        *(
            and_(QuizAttempt.quiz_id == quiz_id, *final.attempts(quiz_id))
            for quiz_id, final in per_final.items()
        ),
    )
    best = (
        select(QuizAttempt.quiz_id, func.max(attempt_score()).label("score"))
        .where(*scope.attempts(*finals), in_admitted_cohorts)
        .group_by(QuizAttempt.quiz_id, *learner_keys())
        .subquery()
    )
    rows = (
        connection(tx)
        .execute(
            select(best.c.quiz_id, best.c.score, func.count()).group_by(
                best.c.quiz_id, best.c.score
            )
        )
        .all()
    )
    scores = to_frame(rows, ["quiz_id", "score", "learners"])
    takers = scores.groupby("quiz_id")["learners"].sum()
    small = [quiz_id for quiz_id, learners in takers.items() if scope.suppress(learners)]
    shown = scores[~scores["quiz_id"].isin(small)].assign(**{SUPPRESSED: False})
    hidden = pd.DataFrame({"quiz_id": small, "score": pd.NA, "learners": pd.NA, SUPPRESSED: True})
    return pd.concat([shown, hidden], ignore_index=True) if small else shown


def _weekly(tx: Transaction, scope: Scope) -> tuple[pd.DataFrame, int]:
    """Attempts and learners per week, and how many cohorts were left out of some week."""
    week = week_start(QuizAttempt.submitted_at)
    if scope.leaves_out_small_groups:
        return _weekly_by_cohort(tx, scope, week)
    rows = (
        connection(tx)
        .execute(
            select(week.label("week"), func.count(), learner_count())
            .where(*scope.attempts())
            .group_by(week)
            .order_by(week)
        )
        .all()
    )
    weekly = to_frame(rows, ["week", "attempts", "learners"])
    weekly["week"] = pd.to_datetime(weekly["week"]).dt.date
    return suppressed_for(weekly, scope.acting, "learners", ["attempts"]), 0


def _weekly_by_cohort(tx: Transaction, scope: Scope, week) -> tuple[pd.DataFrame, int]:
    """Each week over the cohorts with enough learners active in it: a cohort's week of 3
    active learners is left out of that week whichever cohorts are chosen."""
    rows = connection(tx).execute(
        select(week.label("week"), QuizAttempt.cohort_id, func.count(), learner_count())
        .where(*scope.attempts())
        .group_by(week, QuizAttempt.cohort_id)
    )
    cells = to_frame(rows, ["week", "cohort_id", "attempts", "learners"])
    small = cells["learners"].map(scope.suppress).astype(bool)
    weekly = (
        cells[~small]
        .groupby("week", as_index=False)[["attempts", "learners"]]
        .sum()
        .sort_values("week", ignore_index=True)
    )
    weekly["week"] = pd.to_datetime(weekly["week"]).dt.date
    weekly[SUPPRESSED] = False
    return weekly, cells.loc[small, "cohort_id"].nunique()


def dashboard(
    db: Database, actor: Actor, filters: ReportFilters, course: CourseQuizzes
) -> Dashboard:
    """The programme figures a coordinator (or admin) follows, in one read transaction."""

    def work(tx: Transaction) -> Dashboard:
        scope = scope_of(tx, actor, filters)
        enrolled, left_out_enrolled = admitted(scope, enrolled_by_cohort(tx, scope))
        headline = _headline(tx, enrolled, course)
        progress = _progress(tx, scope, course)
        per_final, left_out_finals = _admitted_per_quiz(scope, progress, course.finals)
        weekly, left_out_weekly = _weekly(tx, scope)
        return Dashboard(
            headline=headline,
            organisations=_organisation_names(tx, scope.acting),
            funnel=_funnel(
                headline, progress[progress["cohort_id"].isin(enrolled.cohorts)], course
            ),
            pass_rates=_pass_rates(scope, progress, per_final),
            scores=_scores(tx, scope, per_final),
            weekly=weekly,
            left_out={
                "headline": left_out_enrolled,
                "pass_rates": left_out_finals,
                "scores": left_out_finals,
                "weekly": left_out_weekly,
            },
        )

    return db.read(work)
