"""Figures about groups of learners, for dashboards. Coordinators see them for every cohort,
but never for a group so small that a figure could point at a person."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from itertools import chain
from typing import Literal

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Integer, case, cast, func, literal, select

from courseware.access import (
    MIN_GROUP_SIZE,
    Actor,
    can_manage_cohort,
    can_view_cohort_aggregates,
    can_view_organisations,
    must_suppress,
    require,
    visible_cohort_ids,
)
from courseware.analytics.item_analysis import ItemAnalysis
from courseware.analytics.knowledge_gain import knowledge_gain
from courseware.analytics.privacy import SUPPRESSED, suppress_small_groups
from courseware.analytics.quiz_items import analyse_marks
from courseware.content.quiz import Quiz
from courseware.store.accounts import get_cohort
from courseware.store.actors import current_actor
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.models import (
    SUBMITTED,
    Answer,
    Cohort,
    Enrolment,
    LessonProgress,
    Organisation,
    QuizAttempt,
    User,
)
from courseware.store.sql_functions import fraction_value, layout_question_ids, week_start


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


# Reports for trainers and coordinators --------------------------------------------------------
#
# Every query below aggregates in the database (GROUP BY over indexed columns) and returns a
# small DataFrame: per group, per question or per learner, never one row per answer. The
# index `ix_quiz_attempts_report` holds every column they read from quiz_attempts, so the
# database answers from the index without reading the wide attempt rows. A learner is their
# user id; the attempts of an erased learner (user id gone) each count as one learner of their
# own, as in `cohort_quiz_summary`.

AttemptPolicy = Literal["first", "all", "last", "highest"]
ATTEMPT_POLICIES: tuple[AttemptPolicy, ...] = ("first", "all", "last", "highest")
ACTIVE_WINDOW = timedelta(days=30)
FREE_TEXT_LIMIT = 200


@dataclass(frozen=True)
class ReportFilters:
    """Which learners and attempts a report covers. Empty means no restriction; `end` is
    inclusive (a whole day)."""

    organisation_ids: tuple[int, ...] = ()
    cohort_ids: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class CourseQuizzes:
    """The quizzes a dashboard follows, from the course file."""

    finals: tuple[str, ...]
    pretest: str | None = None
    posttest: str | None = None
    survey: str | None = None


@dataclass(frozen=True)
class _Scope:
    acting: Actor
    # Cohort id to (organisation id, cohort name), for the cohorts the report covers.
    cohorts: dict[int, tuple[int, str]]
    every_cohort: bool
    filters: ReportFilters
    now: datetime

    @property
    def end(self) -> datetime:
        """Exclusive end of the period: the day after `filters.end`, or now."""
        if self.filters.end is None:
            return self.now
        return datetime.combine(self.filters.end + timedelta(days=1), time.min, UTC)

    def suppress(self, learners: int) -> bool:
        return must_suppress(self.acting, learners)

    def attempts(self, *quiz_ids: str) -> list:
        """Conditions on QuizAttempt: submitted, in scope, at one of `quiz_ids` (any if none)."""
        conditions = [QuizAttempt.state == SUBMITTED]
        conditions.append(
            QuizAttempt.cohort_id.is_not(None)
            if self.every_cohort
            else QuizAttempt.cohort_id.in_(self.cohorts)
        )
        if quiz_ids:
            conditions.append(QuizAttempt.quiz_id.in_(quiz_ids))
        if self.filters.start is not None:
            start = datetime.combine(self.filters.start, time.min, UTC)
            conditions.append(QuizAttempt.submitted_at >= start)
        if self.filters.end is not None:
            conditions.append(QuizAttempt.submitted_at < self.end)
        if self.filters.language is not None:
            conditions.append(QuizAttempt.user_id.in_(self._speakers()))
        return conditions

    def enrolments(self) -> list:
        conditions = [Enrolment.enrolled_at < self.end]
        if not self.every_cohort:
            conditions.append(Enrolment.cohort_id.in_(self.cohorts))
        if self.filters.language is not None:
            conditions.append(Enrolment.user_id.in_(self._speakers()))
        return conditions

    def _speakers(self):
        return select(User.id).where(User.language == self.filters.language)


def _scope(tx: Transaction, actor: Actor, filters: ReportFilters) -> _Scope:
    """The cohorts the acting user may see aggregates of, narrowed by the filters. Naming a
    cohort the user may not see is refused, not silently dropped."""
    acting = current_actor(tx, actor)
    rows = _connection(tx).execute(select(Cohort.id, Cohort.organisation_id, Cohort.name)).all()
    visible = {
        row.id: (row.organisation_id, row.name)
        for row in rows
        if row.id in visible_cohort_ids(acting, [row.id])
        and can_view_cohort_aggregates(acting, row.id)
    }
    require(bool(visible) or can_view_organisations(acting), "you may not see these reports")
    known = {row.id for row in rows}
    for cohort_id in filters.cohort_ids:
        if cohort_id not in known:
            raise NotFound("no such cohort")
        require(cohort_id in visible, "you may not see this cohort")
    cohorts = {
        cohort_id: where
        for cohort_id, where in visible.items()
        if (not filters.cohort_ids or cohort_id in filters.cohort_ids)
        and (not filters.organisation_ids or where[0] in filters.organisation_ids)
    }
    every = len(cohorts) == len(rows) and not filters.cohort_ids and not filters.organisation_ids
    return _Scope(acting, cohorts, every, filters, tx.now)


def report_cohorts(db: Database, actor: Actor) -> list[tuple[int, str, int]]:
    """(id, name, organisation id) of the cohorts whose figures the user may see, by name:
    the choices of a report's cohort filter, in one query."""

    def work(tx: Transaction) -> list[tuple[int, str, int]]:
        cohorts = _scope(tx, actor, ReportFilters()).cohorts
        listed = [(c, name, organisation) for c, (organisation, name) in cohorts.items()]
        return sorted(listed, key=lambda cohort: (cohort[1], cohort[0]))

    return db.read(work)


def _per_learner() -> tuple:
    """GROUP BY keys for one group per learner: the user id, and for an erased learner (no
    user id) the attempt's id, so that each of their attempts counts alone. Grouping by
    quiz first and then these follows the report index."""
    return (QuizAttempt.user_id, case((QuizAttempt.user_id.is_(None), QuizAttempt.id)))


def _learner_count():
    """How many learners the attempts in a group belong to (see `_per_learner`)."""
    erased = func.sum(case((QuizAttempt.user_id.is_(None), 1), else_=0))
    return _whole(func.count(func.distinct(QuizAttempt.user_id)) + func.coalesce(erased, 0))


def _whole(expression):
    """A count as an integer on both databases (PostgreSQL sums integers as numeric)."""
    return cast(expression, Integer)


def _score():
    return fraction_value(QuizAttempt.points) / fraction_value(QuizAttempt.max_points)


def _passed():
    return case((QuizAttempt.passed.is_(True), 1), else_=0)


def _chosen_attempts(scope: _Scope, quiz_ids: Sequence[str], policy: AttemptPolicy):
    """The ids of the attempts a statistic uses: each learner's first, last or highest
    attempt at each quiz, or all of them (each then counted as a separate attempt). Ids grow
    with the start of attempts, so the first attempt is the one with the lowest id; of two
    equally high attempts the first counts."""
    if policy not in ATTEMPT_POLICIES:
        raise InvalidInput(f"unknown attempt choice '{policy}'")
    conditions = scope.attempts(*quiz_ids)
    if policy == "all":
        return select(QuizAttempt.id).where(*conditions)
    if policy in ("first", "last"):
        pick = func.min if policy == "first" else func.max
        return (
            select(pick(QuizAttempt.id))
            .where(*conditions)
            .group_by(QuizAttempt.quiz_id, *_per_learner())
        )
    ranked = (
        select(
            QuizAttempt.id.label("id"),
            func.row_number()
            .over(
                partition_by=(QuizAttempt.quiz_id, *_per_learner()),
                order_by=(func.coalesce(_score(), -1.0).desc(), QuizAttempt.id),
            )
            .label("rank"),
        )
        .where(*conditions)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1)


def _connection(tx: Transaction) -> Connection:
    """The transaction's connection: reports read plain rows, with no ORM in between."""
    return tx.session.connection()


def _frame(rows, columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def _suppressed(
    table: pd.DataFrame, acting: Actor, size_column: str, value_columns: list[str]
) -> pd.DataFrame:
    """`table` with small groups blanked for an actor subject to suppression at all (a group
    of none is always small), and with the `suppressed` column either way."""
    if table.empty or not must_suppress(acting, 0):
        return table.assign(**{SUPPRESSED: False})
    return suppress_small_groups(table, size_column, value_columns, MIN_GROUP_SIZE)


# Quiz items: marks and answers ------------------------------------------------------------------


@dataclass(frozen=True)
class QuizMarks:
    """Marks of the chosen attempts at one quiz: one row per attempt, one column per graded
    question (points; 0 when shown but not answered, NaN when the attempt did not show it,
    as with a question drawn from a pool), and `attempts` with each attempt's cohort_id and
    learner. When `suppressed`, the group is too small to be shown and both are empty."""

    quiz_id: str
    suppressed: bool
    learners: int
    marks: pd.DataFrame
    attempts: pd.DataFrame


def _question_columns(quiz: Quiz) -> dict[str, str]:
    """Graded question id to the id of the top-level question that shows it."""
    return {
        leaf.id: question.id
        for question in quiz.questions
        for leaf in question.leaves()
        if leaf.graded
    }


def _quiz_marks(tx: Transaction, scope: _Scope, quiz: Quiz, policy: AttemptPolicy) -> QuizMarks:
    parents = _question_columns(quiz)
    leaf_ids = list(parents)
    chosen = _chosen_attempts(scope, [quiz.id], policy)
    # Only a quiz that draws from a pool needs each attempt's layout (a wide column).
    shown = layout_question_ids(QuizAttempt.layout) if quiz.draw else literal(None)
    attempts = (
        _connection(tx)
        .execute(
            select(QuizAttempt.id, QuizAttempt.user_id, QuizAttempt.cohort_id, shown)
            .where(QuizAttempt.id.in_(chosen))
            .order_by(QuizAttempt.id)
        )
        .all()
    )
    index = pd.Index([row[0] for row in attempts], name="attempt")
    who = pd.DataFrame(
        {
            "cohort_id": [row[2] for row in attempts],
            "learner": [row[1] if row[1] is not None else -row[0] for row in attempts],
        },
        index=index,
    )
    learners = who["learner"].nunique()
    if scope.suppress(learners):
        return QuizMarks(quiz.id, True, learners, pd.DataFrame(columns=leaf_ids), who.iloc[:0])
    values = np.zeros((len(index), len(leaf_ids)))
    if quiz.draw:
        for row, (_, _, _, question_ids) in enumerate(attempts):
            shown_ids = set(json.loads(question_ids or "[]"))
            values[row] = [0.0 if parents[q] in shown_ids else np.nan for q in leaf_ids]
    # Question ids as column numbers, computed in the query: a long column of strings is
    # the slowest thing to bring into pandas.
    column = case(
        {leaf_id: number for number, leaf_id in enumerate(leaf_ids)}, value=Answer.question_id
    )
    result = _connection(tx).execute(
        select(Answer.attempt_id, column, func.coalesce(fraction_value(Answer.points), 0.0)).where(
            Answer.attempt_id.in_(chosen), Answer.question_id.in_(leaf_ids)
        )
    )
    earned = np.fromiter(chain.from_iterable(result), dtype=float).reshape(-1, 3)
    rows, columns = index.get_indexer(earned[:, 0]), earned[:, 1].astype(int)
    answered = ~np.isnan(values[rows, columns])
    values[rows[answered], columns[answered]] = earned[answered, 2]
    marks = pd.DataFrame(values, index=index, columns=leaf_ids)
    return QuizMarks(quiz.id, False, learners, marks, who)


MASTERY_GROUPINGS = ("organisation", "cohort")


def _mastery(marks: QuizMarks, quiz: Quiz, scope: _Scope, by: str) -> pd.DataFrame:
    """Per group and question tag: the points earned and possible on the questions the
    attempts showed (an unanswered one earns nothing), their share, and the group's
    learners; small groups suppressed."""
    leaves = {leaf.id: leaf for leaf in quiz.leaves() if leaf.graded}
    cohorts = marks.attempts["cohort_id"]
    group = cohorts.map(lambda c: scope.cohorts[c][0]) if by == "organisation" else cohorts
    tags = sorted({tag for leaf in leaves.values() for tag in leaf.tags})
    questions = list(marks.marks.columns)
    # Question by tag: 1 where the question has the tag. Points per attempt and tag are
    # then one product of matrices (a question the attempt did not show is NaN: nothing).
    tagged = np.array([[tag in leaves[q].tags for tag in tags] for q in questions], dtype=float)
    maxima = np.array([float(leaves[q].max_points) for q in questions])
    values = marks.marks.to_numpy()
    shown = ~np.isnan(values)
    per_attempt = {
        "earned": np.where(shown, values, 0.0) @ tagged,
        "possible": (shown * maxima) @ tagged,
    }
    sums = {
        name: pd.DataFrame(matrix, index=marks.marks.index, columns=tags).groupby(group).sum()
        for name, matrix in per_attempt.items()
    }
    table = (
        pd.DataFrame({name: frame.stack() for name, frame in sums.items()})
        .rename_axis(["group", "tag"])
        .reset_index()
    )
    table = table[table["possible"] > 0].sort_values(["tag", "group"], kind="stable")
    table = table.reset_index(drop=True)
    table["mastery"] = table["earned"] / table["possible"]
    sizes = marks.attempts.groupby(group)["learner"].nunique().rename("learners")
    sizes = _suppressed(sizes.rename_axis("group").reset_index(), scope.acting, "learners", [])
    table = table.merge(sizes, on="group")
    table.loc[table[SUPPRESSED], ["earned", "possible", "mastery"]] = np.nan
    return table


@dataclass(frozen=True)
class AnswerCounts:
    """How often each distinct answer was given to each question: columns `question_id`,
    `answer`, `points` and `count`. Empty when `suppressed`."""

    quiz_id: str
    suppressed: bool
    learners: int
    counts: pd.DataFrame


ANSWER_COUNT_COLUMNS = ["question_id", "answer", "points", "count"]


def _answer_counts(
    tx: Transaction,
    scope: _Scope,
    quiz_id: str,
    policy: AttemptPolicy,
    question_ids: Sequence[str] | None = None,
) -> AnswerCounts:
    chosen = _chosen_attempts(scope, [quiz_id], policy)
    learners = _connection(tx).scalar(select(_learner_count()).where(QuizAttempt.id.in_(chosen)))
    if scope.suppress(learners):
        return AnswerCounts(quiz_id, True, learners, pd.DataFrame(columns=ANSWER_COUNT_COLUMNS))
    query = select(
        Answer.question_id,
        Answer.answer,
        func.max(fraction_value(Answer.points)),
        func.count(),
    ).where(Answer.attempt_id.in_(chosen))
    if question_ids is not None:
        query = query.where(Answer.question_id.in_(question_ids))
    rows = _connection(tx).execute(query.group_by(Answer.question_id, Answer.answer)).all()
    counts = _frame(rows, ANSWER_COUNT_COLUMNS)
    counts = counts[counts["answer"].notna()].reset_index(drop=True)
    return AnswerCounts(quiz_id, False, learners, counts)


def answer_counts(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    quiz_id: str,
    policy: AttemptPolicy = "first",
) -> AnswerCounts:
    """Which answer how often, per question of the quiz, over the chosen attempts."""
    return db.read(lambda tx: _answer_counts(tx, _scope(tx, actor, filters), quiz_id, policy))


# A trainer's cohort -------------------------------------------------------------------------------


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
            _connection(tx)
            .execute(
                select(User.id, User.display_name, User.email, Enrolment.enrolled_at)
                .join(Enrolment, Enrolment.user_id == User.id)
                .where(Enrolment.cohort_id == cohort_id)
                .order_by(User.display_name, User.id)
            )
            .all()
        )
        quizzes = (
            _connection(tx)
            .execute(
                select(
                    QuizAttempt.user_id,
                    QuizAttempt.quiz_id,
                    func.count(QuizAttempt.submitted_at),
                    func.max(_score()),
                    func.max(_passed()),
                    func.max(QuizAttempt.submitted_at),
                    func.max(QuizAttempt.started_at),
                )
                .where(QuizAttempt.user_id.in_(members))
                .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id)
            )
            .all()
        )
        lessons = (
            _connection(tx)
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
            learners=_frame(learners, ["user_id", "name", "email", "enrolled_at"]),
            quizzes=_frame(
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
            lessons=_frame(lessons, ["user_id", "module_id", "lessons", "last_done"]),
        )

    return db.read(work)


# The coordinator's dashboard ----------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """Learners enrolled, active in the 30 days before the end of the period (submitted a
    quiz), who passed every module final, and the share of (learner, final) pairs passed.
    All None when `suppressed`."""

    suppressed: bool
    enrolled: int | None
    active: int | None
    completed: int | None
    pass_rate: float | None


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
    """

    headline: Headline
    organisations: dict[int, str]
    funnel: pd.DataFrame
    pass_rates: pd.DataFrame
    scores: pd.DataFrame
    weekly: pd.DataFrame


def _organisation_names(tx: Transaction, acting: Actor) -> dict[int, str]:
    if not can_view_organisations(acting):
        return {}
    return dict(_connection(tx).execute(select(Organisation.id, Organisation.name)).all())


def _headline(tx: Transaction, scope: _Scope, course: CourseQuizzes) -> Headline:
    enrolled = _connection(tx).scalar(
        select(func.count(func.distinct(Enrolment.user_id))).where(*scope.enrolments())
    )
    if scope.suppress(enrolled):
        return Headline(True, None, None, None, None)
    active = _connection(tx).scalar(
        select(_learner_count()).where(
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
        .group_by(*_per_learner())
        .subquery()
    )
    attempted, passed, completed = (
        _connection(tx)
        .execute(
            select(
                _whole(func.coalesce(func.sum(per_learner.c.taken), 0)),
                _whole(func.coalesce(func.sum(per_learner.c.passed), 0)),
                _whole(
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
    )


def _progress(tx: Transaction, scope: _Scope, course: CourseQuizzes) -> pd.DataFrame:
    """Per cohort and quiz: the learners who took it and how many of them passed. A learner
    who took a quiz in several cohorts counts once, in the newest of them (cohort ids grow
    as cohorts are made), so that totals over cohorts count each learner once."""
    quiz_ids = [q for q in (course.pretest, *course.finals, course.posttest, course.survey) if q]
    per_learner = (
        select(
            func.max(QuizAttempt.cohort_id).label("cohort_id"),
            QuizAttempt.quiz_id,
            func.max(_passed()).label("ok"),
        )
        .where(*scope.attempts(*quiz_ids))
        .group_by(QuizAttempt.quiz_id, *_per_learner())
        .subquery()
    )
    rows = (
        _connection(tx)
        .execute(
            select(
                per_learner.c.cohort_id,
                per_learner.c.quiz_id,
                func.count(),
                _whole(func.sum(per_learner.c.ok)),
            ).group_by(per_learner.c.cohort_id, per_learner.c.quiz_id)
        )
        .all()
    )
    progress = _frame(rows, ["cohort_id", "quiz_id", "learners", "passed"])
    progress["organisation_id"] = progress["cohort_id"].map(
        lambda cohort_id: scope.cohorts[cohort_id][0]
    )
    return progress


def _funnel(
    scope: _Scope, headline: Headline, progress: pd.DataFrame, course: CourseQuizzes
) -> pd.DataFrame:
    """Learners at each stage: enrolled, took the pre-test, passed each final in course
    order, took the post-test, answered the evaluation."""
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


def _pass_rates(scope: _Scope, progress: pd.DataFrame, finals: Sequence[str]) -> pd.DataFrame:
    """Organisation × final: learners who took it, how many passed. Small cells are
    suppressed within each final, with a second cell where one alone would give it away."""
    columns = ["organisation_id", "quiz_id", "learners", "passed", "pass_rate", SUPPRESSED]
    by_cell = (
        progress[progress["quiz_id"].isin(finals)]
        .groupby(["organisation_id", "quiz_id"], as_index=False)[["learners", "passed"]]
        .sum()
    )
    by_cell["pass_rate"] = by_cell["passed"] / by_cell["learners"]
    tables = []
    for _, cells in by_cell.groupby("quiz_id"):
        cells = cells.reset_index(drop=True)
        tables.append(_suppressed(cells, scope.acting, "learners", ["passed", "pass_rate"]))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)


def _scores(tx: Transaction, scope: _Scope, finals: Sequence[str]) -> pd.DataFrame:
    """How many learners reached each best score at each final."""
    best = (
        select(QuizAttempt.quiz_id, func.max(_score()).label("score"))
        .where(*scope.attempts(*finals))
        .group_by(QuizAttempt.quiz_id, *_per_learner())
        .subquery()
    )
    rows = (
        _connection(tx)
        .execute(
            select(best.c.quiz_id, best.c.score, func.count()).group_by(
                best.c.quiz_id, best.c.score
            )
        )
        .all()
    )
    scores = _frame(rows, ["quiz_id", "score", "learners"])
    takers = scores.groupby("quiz_id")["learners"].sum()
    small = [quiz_id for quiz_id, learners in takers.items() if scope.suppress(learners)]
    shown = scores[~scores["quiz_id"].isin(small)].assign(**{SUPPRESSED: False})
    hidden = pd.DataFrame({"quiz_id": small, "score": pd.NA, "learners": pd.NA, SUPPRESSED: True})
    return pd.concat([shown, hidden], ignore_index=True) if small else shown


def _weekly(tx: Transaction, scope: _Scope) -> pd.DataFrame:
    week = week_start(QuizAttempt.submitted_at)
    rows = (
        _connection(tx)
        .execute(
            select(week.label("week"), func.count(), _learner_count())
            .where(*scope.attempts())
            .group_by(week)
            .order_by(week)
        )
        .all()
    )
    weekly = _frame(rows, ["week", "attempts", "learners"])
    weekly["week"] = pd.to_datetime(weekly["week"]).dt.date
    return _suppressed(weekly, scope.acting, "learners", ["attempts"])


def dashboard(
    db: Database, actor: Actor, filters: ReportFilters, course: CourseQuizzes
) -> Dashboard:
    """The programme figures a coordinator (or admin) follows, in one read transaction."""

    def work(tx: Transaction) -> Dashboard:
        scope = _scope(tx, actor, filters)
        headline = _headline(tx, scope, course)
        progress = _progress(tx, scope, course)
        return Dashboard(
            headline=headline,
            organisations=_organisation_names(tx, scope.acting),
            funnel=_funnel(scope, headline, progress, course),
            pass_rates=_pass_rates(scope, progress, course.finals),
            scores=_scores(tx, scope, course.finals),
            weekly=_weekly(tx, scope),
        )

    return db.read(work)


# Items, knowledge gain, topics, the evaluation ------------------------------------------------


@dataclass(frozen=True)
class ItemReport:
    """The item analysis of one quiz over the chosen attempts (None when `suppressed`)."""

    quiz_id: str
    suppressed: bool
    learners: int
    analysis: ItemAnalysis | None
    # Tag mastery per organisation or cohort, when asked for: group, tag, earned, possible,
    # mastery (0..1), learners, suppressed.
    mastery: pd.DataFrame | None = None


def item_statistics(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    quiz: Quiz,
    policy: AttemptPolicy = "first",
    mastery_by: str | None = None,
) -> ItemReport:
    """Moodle's item statistics for `quiz` (see `analytics.quiz_items.analyse_marks`), and
    with `mastery_by` ("organisation" or "cohort") the tag mastery from the same marks."""
    if mastery_by is not None and mastery_by not in MASTERY_GROUPINGS:
        raise InvalidInput(f"unknown grouping '{mastery_by}'")

    def work(tx: Transaction) -> ItemReport:
        scope = _scope(tx, actor, filters)
        marks = _quiz_marks(tx, scope, quiz, policy)
        if marks.suppressed:
            return ItemReport(quiz.id, True, marks.learners, None)
        mastery = None if mastery_by is None else _mastery(marks, quiz, scope, mastery_by)
        return ItemReport(quiz.id, False, marks.learners, analyse_marks(marks.marks, quiz), mastery)

    return db.read(work)


GAIN_GROUPINGS = ("organisation", "cohort", "topic")


def _pairs(tx: Transaction, scope: _Scope, course: CourseQuizzes) -> pd.DataFrame:
    """Each learner's first pre-test and first post-test score, with the post-test's cohort."""
    rows = (
        _connection(tx)
        .execute(
            select(QuizAttempt.user_id, QuizAttempt.cohort_id, QuizAttempt.quiz_id, _score()).where(
                QuizAttempt.id.in_(
                    _chosen_attempts(scope, [course.pretest, course.posttest], "first")
                ),
                QuizAttempt.user_id.is_not(None),
            )
        )
        .all()
    )
    scores = _frame(rows, ["user_id", "cohort_id", "quiz_id", "score"])
    pre = scores[scores["quiz_id"] == course.pretest].set_index("user_id")["score"]
    post = scores[scores["quiz_id"] == course.posttest].set_index("user_id")
    pairs = post.rename(columns={"score": "post"}).join(pre.rename("pre"), how="inner")
    pairs["organisation_id"] = pairs["cohort_id"].map(lambda c: scope.cohorts[c][0])
    return pairs.reset_index()[["user_id", "cohort_id", "organisation_id", "pre", "post"]]


def _topic_pairs(
    tx: Transaction,
    scope: _Scope,
    course: CourseQuizzes,
    topics: Mapping[str, Mapping[str, tuple[str, float]]],
) -> pd.DataFrame:
    """Per learner with both tests and per topic: the share of the topic's points earned in
    the pre- and in the post-test (a question left unanswered earns nothing). `topics` maps
    each test's id to its question ids, each with (topic, maximum points)."""
    learners = _pairs(tx, scope, course)["user_id"]
    possible = pd.Series(
        {
            (quiz_id, topic): sum(m for t, m in questions.values() if t == topic)
            for quiz_id, questions in topics.items()
            for topic, _ in questions.values()
        },
        dtype=float,
    )
    question_topics = {
        q: topic for questions in topics.values() for q, (topic, _) in questions.items()
    }
    by_topic: dict[str, list[str]] = {}
    for question_id, topic in question_topics.items():
        by_topic.setdefault(topic, []).append(question_id)
    topic = case(
        *((Answer.question_id.in_(ids), name) for name, ids in by_topic.items()), else_=None
    )
    rows = _connection(tx).execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.quiz_id,
            topic.label("topic"),
            func.sum(fraction_value(Answer.points)),
        )
        .join(Answer, Answer.attempt_id == QuizAttempt.id)
        .where(
            QuizAttempt.id.in_(_chosen_attempts(scope, [course.pretest, course.posttest], "first")),
            QuizAttempt.user_id.in_(learners.tolist()),
            Answer.question_id.in_(list(question_topics)),
        )
        .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id, topic)
    )
    earned = _frame(rows, ["user_id", "quiz_id", "topic", "earned"]).set_index(
        ["user_id", "topic", "quiz_id"]
    )["earned"]
    shared = sorted(
        set(t for q, t in possible.index if q == course.pretest)
        & set(t for q, t in possible.index if q == course.posttest)
    )
    grid = pd.MultiIndex.from_product([learners, shared], names=["user_id", "topic"])
    tests = [course.pretest, course.posttest]
    earned = (
        earned.unstack("quiz_id").reindex(index=grid, columns=tests).fillna(0.0)
        if len(earned)
        else pd.DataFrame(0.0, index=grid, columns=tests)
    )
    pairs = pd.DataFrame(index=grid)
    for column, quiz_id in zip(("pre", "post"), tests, strict=True):
        maxima = np.array([possible[(quiz_id, t)] for t in grid.get_level_values("topic")])
        pairs[column] = earned[quiz_id].to_numpy(dtype=float) / maxima
    return pairs.reset_index()


def knowledge_gain_by(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    course: CourseQuizzes,
    by: str = "organisation",
    topics: Mapping[str, Mapping[str, tuple[str, float]]] | None = None,
) -> pd.DataFrame:
    """Knowledge gain from the first pre-test to the first post-test of each learner, for
    all the learners the filters cover (group "all") and per organisation, cohort or topic:
    one row per group with the columns of `KnowledgeGain.as_row()`, `group`, `suppressed`."""
    if by not in GAIN_GROUPINGS:
        raise InvalidInput(f"unknown grouping '{by}'")
    if by == "topic" and not topics:
        raise InvalidInput("a grouping by topic needs the questions' topics")

    def work(tx: Transaction) -> pd.DataFrame:
        scope = _scope(tx, actor, filters)
        if not (course.pretest and course.posttest):
            return _gain_table(pd.DataFrame(columns=["group", "pre", "post"]), scope.acting)
        if by == "topic":
            pairs = _topic_pairs(tx, scope, course, topics).rename(columns={"topic": "group"})
            overall = pd.DataFrame(columns=["group", "pre", "post"])
        else:
            pairs = _pairs(tx, scope, course)
            overall = pairs.assign(group="all")
            pairs = pairs.assign(group=pairs[f"{by}_id"])
        return _gain_table(pd.concat([overall, pairs], ignore_index=True), scope.acting)

    return db.read(work)


GAIN_COLUMNS = list(knowledge_gain(np.array([]), np.array([])).as_row())


def _gain_table(pairs: pd.DataFrame, acting: Actor) -> pd.DataFrame:
    """One row per group; the overall row and the groups are suppressed separately."""
    rows = [
        {"group": group, **knowledge_gain(group_pairs["pre"], group_pairs["post"]).as_row()}
        for group, group_pairs in pairs.groupby("group", sort=False)
    ]
    table = pd.DataFrame(rows, columns=["group", *GAIN_COLUMNS])
    values = [column for column in GAIN_COLUMNS if column != "n_pairs"]
    overall = table["group"] == "all"
    parts = [
        _suppressed(table[part].reset_index(drop=True), acting, "n_pairs", values)
        for part in (overall, ~overall)
    ]
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class SurveyResults:
    """Answers to the evaluation: `likert` (question_id, answer 1..scale, count) and the
    free-text `comments`, newest first and without names. Empty when `suppressed`."""

    suppressed: bool
    respondents: int
    likert: pd.DataFrame
    comments: list[str]


def survey_results(
    db: Database, actor: Actor, filters: ReportFilters, survey: Quiz
) -> SurveyResults:
    likert_ids = [leaf.id for leaf in survey.leaves() if leaf.type == "likert"]
    text_ids = [leaf.id for leaf in survey.leaves() if leaf.type == "text"]

    def work(tx: Transaction) -> SurveyResults:
        scope = _scope(tx, actor, filters)
        counts = _answer_counts(tx, scope, survey.id, "all", likert_ids)
        likert = counts.counts[["question_id", "answer", "count"]]
        if counts.suppressed:
            return SurveyResults(True, counts.learners, likert, [])
        comments = (
            _connection(tx)
            .scalars(
                select(Answer.answer)
                .where(
                    Answer.attempt_id.in_(_chosen_attempts(scope, [survey.id], "all")),
                    Answer.question_id.in_(text_ids),
                )
                .order_by(Answer.answered_at.desc(), Answer.id.desc())
                .limit(FREE_TEXT_LIMIT)
            )
            .all()
        )
        written = [c.strip() for c in comments if isinstance(c, str) and c.strip()]
        return SurveyResults(False, counts.learners, likert.reset_index(drop=True), written)

    return db.read(work)
