"""The coordinator's dashboard: the programme's headline, funnel, pass rates, scores and
weekly activity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd
from sqlalchemy import func, select

from courseware.access import Actor, can_view_organisations
from courseware.analytics.privacy import SUPPRESSED
from courseware.store.database import Database, Transaction
from courseware.store.models import Enrolment, Organisation
from courseware.store.reports import dashboard_counts as raw
from courseware.store.reports import dashboard_summaries as summed
from courseware.store.reports.scope import (
    CourseQuizzes,
    ReportFilters,
    Scope,
    admitted,
    connection,
    enrolled_by_cohort,
    scope_of,
    suppressed_for,
)

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


def _headline(tx: Transaction, scope: Scope, course: CourseQuizzes, counts) -> Headline:
    enrolled = connection(tx).scalar(
        select(func.count(func.distinct(Enrolment.user_id))).where(*scope.enrolments())
    )
    if scope.suppress(enrolled):
        return Headline(True, None, None, None, None, None)
    active = counts.active_learners(tx, scope, scope.end - ACTIVE_WINDOW)
    finals = counts.final_counts(tx, scope, course)
    return Headline(
        suppressed=False,
        enrolled=enrolled,
        active=active,
        completed=finals.completed,
        pass_rate=finals.passed / finals.attempted if finals.attempted else None,
        stuck=finals.stuck,
    )


def _progress(tx: Transaction, scope: Scope, course: CourseQuizzes, counts) -> pd.DataFrame:
    """Per cohort and quiz: the learners who took it and how many of them passed (see
    `dashboard_counts.progress`), with each cohort's organisation."""
    progress = counts.progress(tx, scope, course)
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


def _scores(tx: Transaction, scope: Scope, per_final: dict[str, Scope], counts) -> pd.DataFrame:
    """How many learners reached each best score at each final (over the cohorts with
    enough learners who took it)."""
    scores = counts.best_scores(tx, scope, per_final)
    scores = scores.sort_values(["quiz_id", "score"], ignore_index=True, na_position="first")
    takers = scores.groupby("quiz_id")["learners"].sum()
    small = [quiz_id for quiz_id, learners in takers.items() if scope.suppress(learners)]
    shown = scores[~scores["quiz_id"].isin(small)].assign(**{SUPPRESSED: False})
    hidden = pd.DataFrame({"quiz_id": small, "score": pd.NA, "learners": pd.NA, SUPPRESSED: True})
    return pd.concat([shown, hidden], ignore_index=True) if small else shown


def _weekly(tx: Transaction, scope: Scope, counts) -> tuple[pd.DataFrame, int]:
    """Attempts and learners per week, and how many cohorts were left out of some week."""
    if scope.leaves_out_small_groups:
        return _weekly_by_cohort(tx, scope, counts)
    weekly = counts.weeks(tx, scope, by_cohort=False).drop(columns="cohort_id")
    weekly = weekly.sort_values("week", ignore_index=True)
    weekly["week"] = pd.to_datetime(weekly["week"]).dt.date
    return suppressed_for(weekly, scope.acting, "learners", ["attempts"]), 0


def _weekly_by_cohort(tx: Transaction, scope: Scope, counts) -> tuple[pd.DataFrame, int]:
    """Each week over the cohorts with enough learners active in it: a cohort's week of 3
    active learners is left out of that week whichever cohorts are chosen."""
    cells = counts.weeks(tx, scope, by_cohort=True)
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


def _programme(
    tx: Transaction,
    actor: Actor,
    filters: ReportFilters,
    course: CourseQuizzes,
    *,
    from_summaries: bool = True,
):
    """The report's scope, where its counts come from, the scope of the cohorts with enough
    learners enrolled (the headline's and the funnel's), and how many cohorts that leaves out."""
    scope = scope_of(tx, actor, filters)
    counts = summed if from_summaries and summed.covers(scope, course) else raw
    enrolled, left_out = admitted(scope, enrolled_by_cohort(tx, scope))
    return scope, counts, enrolled, left_out


def headline(
    db: Database, actor: Actor, filters: ReportFilters, course: CourseQuizzes
) -> tuple[Headline, int]:
    """The headline figures alone (what the dashboard shows first), and how many cohorts
    they leave out: from the report summaries where they answer, as `dashboard`."""

    def work(tx: Transaction) -> tuple[Headline, int]:
        _, counts, enrolled, left_out = _programme(tx, actor, filters, course)
        return _headline(tx, enrolled, course, counts), left_out

    return db.read(work)


def dashboard(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    course: CourseQuizzes,
    *,
    from_summaries: bool = True,
) -> Dashboard:
    """The programme figures a coordinator (or admin) follows, in one read transaction:
    from the report summaries where they answer, else (or with `from_summaries=False`, the
    reference) from the attempts."""

    def work(tx: Transaction) -> Dashboard:
        scope, counts, enrolled, left_out_enrolled = _programme(
            tx, actor, filters, course, from_summaries=from_summaries
        )
        headline = _headline(tx, enrolled, course, counts)
        progress = _progress(tx, scope, course, counts)
        per_final, left_out_finals = _admitted_per_quiz(scope, progress, course.finals)
        weekly, left_out_weekly = _weekly(tx, scope, counts)
        return Dashboard(
            headline=headline,
            organisations=_organisation_names(tx, scope.acting),
            funnel=_funnel(
                headline, progress[progress["cohort_id"].isin(enrolled.cohorts)], course
            ),
            pass_rates=_pass_rates(scope, progress, per_final),
            scores=_scores(tx, scope, per_final, counts),
            weekly=weekly,
            left_out={
                "headline": left_out_enrolled,
                "pass_rates": left_out_finals,
                "scores": left_out_finals,
                "weekly": left_out_weekly,
            },
        )

    return db.read(work)
