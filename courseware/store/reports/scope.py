"""What a report covers and how it reads: the filters, the cohorts the acting user may see
aggregates of, the attempts a statistic uses, and the leaving out of small groups.

Small groups and differencing. A coordinator may choose any set of cohorts, so blanking a
total that is small is not enough: the whole programme minus "every cohort but one" would
give that one cohort's figures. So for a coordinator every figure is built only from the
cohorts that have at least MIN_GROUP_SIZE learners in that figure's group (enrolled
learners for the headline, funnel; learners active that week for the weekly activity;
learners who took the quiz for scores, pass rates, item statistics, tag mastery and answer
counts; pairs for knowledge gain; respondents for the evaluation), and a cohort with fewer is
left out of it whichever cohorts are chosen: `admitted` decides, and each figure says how
many groups it left out (never how many people). A figure over several cohorts is then the
sum of what each of its cohorts shows on its own, each about 5 learners or more, so that
the difference between two choices of cohorts tells nothing that a single cohort's own
figures do not (tests/store/test_differencing.py checks this on random cohorts).

Every report query aggregates in the database (GROUP BY over indexed columns) and returns a
small DataFrame: per group, per question or per learner, never one row per answer. The index
`ix_quiz_attempts_report` holds every column they read from quiz_attempts, so the database
answers from the index without reading the wide attempt rows. A learner is their user id; the
attempts of an erased learner (user id gone) each count as one learner of their own, as in
`cohort.cohort_quiz_summary`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Connection, Integer, and_, case, cast, func, or_, select

from courseware.access import (
    MIN_GROUP_SIZE,
    Actor,
    can_view_cohort_aggregates,
    can_view_organisations,
    may_narrow_figures,
    must_suppress,
    require,
    visible_cohort_ids,
)
from courseware.analytics.privacy import SUPPRESSED, suppress_small_groups
from courseware.store.actors import current_actor
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.models import (
    SUBMITTED,
    Cohort,
    Enrolment,
    QuizAttempt,
    ReportSpanningLearner,
    User,
)
from courseware.store.sql_functions import fraction_value

AttemptPolicy = Literal["first", "all", "last", "highest"]
ATTEMPT_POLICIES: tuple[AttemptPolicy, ...] = ("first", "all", "last", "highest")


@dataclass(frozen=True)
class ReportFilters:
    """Which learners and attempts a report covers. Empty means no restriction; `end` is
    inclusive (a whole day)."""

    organisation_ids: tuple[int, ...] = ()
    cohort_ids: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None
    language: str | None = None
    # Whole cohorts by the day they began (their start date, or the day they were made): a
    # period anyone may choose, coordinators included, since it never cuts a cohort in two.
    began_from: date | None = None
    began_to: date | None = None

    def began_in(self, day: date) -> bool:
        return (self.began_from is None or day >= self.began_from) and (
            self.began_to is None or day <= self.began_to
        )


@dataclass(frozen=True)
class CourseQuizzes:
    """The quizzes a dashboard follows, from the course file."""

    finals: tuple[str, ...]
    pretest: str | None = None
    posttest: str | None = None
    survey: str | None = None
    # (final, its max_attempts) for the finals with a limit: a learner who used them all
    # without passing is stuck until a trainer grants another attempt.
    attempt_limits: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Scope:
    acting: Actor
    # Cohort id to (organisation id, cohort name), for the cohorts the report covers.
    cohorts: dict[int, tuple[int, str]]
    every_cohort: bool
    filters: ReportFilters
    now: datetime
    # Only these learners' attempts (a SELECT of user ids), when set: the report summaries
    # leave the learners of several cohorts to be counted from their attempts this way.
    learners: Any = None
    # Not these learners' attempts (a SELECT of user ids; erased learners' are kept), when
    # set: what the summaries count of some cohorts, read from the attempts.
    other_learners: Any = None
    # Every cohort there is, with its organisation: to name the few cohorts left out rather
    # than the many kept, and to sum the summaries kept per organisation.
    organisation_of: Mapping[int, int] = field(default_factory=dict)

    def in_cohorts(self, column):
        """A condition on a cohort id column: one of this scope's cohorts. Written as "not
        one of the others" when those are fewer: a programme-wide figure leaves out a few
        small cohorts, and a list of thousands costs more to send than the query."""
        others = sorted(self.organisation_of.keys() - self.cohorts.keys())
        if not self.organisation_of or len(others) >= len(self.cohorts):
            return column.in_(list(self.cohorts))
        return and_(column.is_not(None), column.not_in(others)) if others else column.is_not(None)

    @property
    def end(self) -> datetime:
        """Exclusive end of the period: the day after `filters.end`, or now."""
        if self.filters.end is None:
            return self.now
        return datetime.combine(self.filters.end + timedelta(days=1), time.min, UTC)

    def suppress(self, learners: int) -> bool:
        return must_suppress(self.acting, learners)

    @property
    def leaves_out_small_groups(self) -> bool:
        """Whether the acting user's figures leave small groups out (coordinators)."""
        return must_suppress(self.acting, 0)

    def attempts(self, *quiz_ids: str, recent: bool = False) -> list:
        """Conditions on QuizAttempt: submitted, in scope, at one of `quiz_ids` (any if none).
        `recent`: the query also asks for a short span of time, which the database should
        read through `ix_quiz_attempts_activity` rather than every attempt of the cohorts."""
        # "+ 0" keeps SQLite from choosing the cohort index for a long list of cohorts, which
        # would read every attempt of the programme to find a month's.
        cohort = QuizAttempt.cohort_id + 0 if recent else QuizAttempt.cohort_id
        conditions = [QuizAttempt.state == SUBMITTED]
        conditions.append(cohort.is_not(None) if self.every_cohort else self.in_cohorts(cohort))
        if quiz_ids:
            conditions.append(QuizAttempt.quiz_id.in_(quiz_ids))
        if self.filters.start is not None:
            start = datetime.combine(self.filters.start, time.min, UTC)
            conditions.append(QuizAttempt.submitted_at >= start)
        if self.filters.end is not None:
            conditions.append(QuizAttempt.submitted_at < self.end)
        if self.filters.language is not None:
            conditions.append(QuizAttempt.user_id.in_(self._speakers()))
        if self.learners is not None:
            conditions.append(QuizAttempt.user_id.in_(self.learners))
        if self.other_learners is not None:
            conditions.append(
                or_(QuizAttempt.user_id.is_(None), QuizAttempt.user_id.not_in(self.other_learners))
            )
        return conditions

    def enrolments(self) -> list:
        conditions = [Enrolment.enrolled_at < self.end]
        if not self.every_cohort:
            conditions.append(self.in_cohorts(Enrolment.cohort_id))
        if self.filters.language is not None:
            conditions.append(Enrolment.user_id.in_(self._speakers()))
        return conditions

    def _speakers(self):
        return select(User.id).where(User.language == self.filters.language)


def admitted(scope: Scope, learners: Mapping[int, int]) -> tuple[Scope, int]:
    """The scope of one figure: `scope` without the cohorts whose group in the figure
    (`learners`: cohort id to how many learners it has in the group) is too small for the
    acting user to see, and how many cohorts were so left out (one with nobody in the
    group is not). Trainers and admins see every group: nothing is left out for them."""
    if not scope.leaves_out_small_groups:
        return scope, 0
    small = {c for c, n in learners.items() if c in scope.cohorts and n and scope.suppress(n)}
    if not small:
        return scope, 0
    kept = {c: where for c, where in scope.cohorts.items() if c not in small}
    return replace(scope, cohorts=kept, every_cohort=False), len(small)


def only_spanning(tx: Transaction, scope: Scope) -> Scope | None:
    """`scope` narrowed to the learners with attempts in several cohorts, whom the report
    summaries leave to be counted from their attempts (store/summaries.py); None when
    there are none."""
    if connection(tx).scalar(select(func.count()).select_from(ReportSpanningLearner)) == 0:
        return None
    return replace(scope, learners=select(ReportSpanningLearner.user_id))


def summaries_cover(scope: Scope) -> bool:
    """Whether the report summaries answer for this scope: they hold every attempt, in any
    language, so a period or a language is counted from the attempts."""
    filters = scope.filters
    return (
        filters.start is None
        and filters.end is None
        and filters.language is None
        and scope.learners is None
        and scope.other_learners is None
    )


def learners_by_cohort(tx: Transaction, scope: Scope, *conditions) -> dict[int, int]:
    """How many learners each cohort has among the attempts that meet `conditions`."""
    rows = connection(tx).execute(
        select(QuizAttempt.cohort_id, learner_count())
        .where(*scope.attempts(), *conditions)
        .group_by(QuizAttempt.cohort_id)
    )
    return {cohort_id: learners for cohort_id, learners in rows}


def enrolled_by_cohort(tx: Transaction, scope: Scope) -> dict[int, int]:
    rows = connection(tx).execute(
        select(Enrolment.cohort_id, func.count(func.distinct(Enrolment.user_id)))
        .where(*scope.enrolments())
        .group_by(Enrolment.cohort_id)
    )
    return dict(rows.all())


def scope_of(tx: Transaction, actor: Actor, filters: ReportFilters) -> Scope:
    """The cohorts the acting user may see aggregates of, narrowed by the filters. Naming a
    cohort the user may not see is refused, not silently dropped."""
    acting = current_actor(tx, actor)
    rows = connection(tx).execute(select(Cohort.id, Cohort.organisation_id, Cohort.name)).all()
    listed = visible_cohort_ids(acting, [row.id for row in rows])
    visible = {
        row.id: (row.organisation_id, row.name)
        for row in rows
        if row.id in listed and can_view_cohort_aggregates(acting, row.id)
    }
    require(bool(visible) or can_view_organisations(acting), "you may not see these reports")
    narrowed = filters.start is not None or filters.end is not None or filters.language
    require(
        not narrowed or may_narrow_figures(acting),
        "coordinators' figures cover whole cohorts: no period or language can be chosen",
    )
    organisation_of = {row.id: row.organisation_id for row in rows}
    for cohort_id in filters.cohort_ids:
        if cohort_id not in organisation_of:
            raise NotFound("no such cohort")
        require(cohort_id in visible, "you may not see this cohort")
    cohorts = {
        cohort_id: where
        for cohort_id, where in visible.items()
        if (not filters.cohort_ids or cohort_id in filters.cohort_ids)
        and (not filters.organisation_ids or where[0] in filters.organisation_ids)
    }
    if filters.began_from is not None or filters.began_to is not None:
        began = _began(tx)
        cohorts = {c: where for c, where in cohorts.items() if filters.began_in(began[c])}
    every = len(cohorts) == len(rows) and not filters.cohort_ids and not filters.organisation_ids
    return Scope(acting, cohorts, every, filters, tx.now, organisation_of=organisation_of)


def _began(tx: Transaction) -> dict[int, date]:
    """The day each cohort began: its start date, or the day it was made."""
    rows = connection(tx).execute(select(Cohort.id, Cohort.starts_on, Cohort.created_at))
    return {cohort_id: starts_on or made.date() for cohort_id, starts_on, made in rows}


def report_cohorts(db: Database, actor: Actor) -> list[tuple[int, str, int]]:
    """(id, name, organisation id) of the cohorts whose figures the user may see, by name:
    the choices of a report's cohort filter, in one query."""

    def work(tx: Transaction) -> list[tuple[int, str, int]]:
        cohorts = scope_of(tx, actor, ReportFilters()).cohorts
        listed = [(c, name, organisation) for c, (organisation, name) in cohorts.items()]
        return sorted(listed, key=lambda cohort: (cohort[1], cohort[0]))

    return db.read(work)


def learner_keys() -> tuple:
    """GROUP BY keys for one group per learner: the user id, and for an erased learner (no
    user id) the attempt's id, so that each of their attempts counts alone. Grouping by
    quiz first and then these follows the report index."""
    return (QuizAttempt.user_id, case((QuizAttempt.user_id.is_(None), QuizAttempt.id)))


def learner_count():
    """How many learners the attempts in a group belong to (see `learner_keys`)."""
    erased = func.sum(case((QuizAttempt.user_id.is_(None), 1), else_=0))
    return whole(func.count(func.distinct(QuizAttempt.user_id)) + func.coalesce(erased, 0))


def whole(expression):
    """A count as an integer on both databases (PostgreSQL sums integers as numeric)."""
    return cast(expression, Integer)


def attempt_score():
    return fraction_value(QuizAttempt.points) / fraction_value(QuizAttempt.max_points)


def attempt_passed():
    return case((QuizAttempt.passed.is_(True), 1), else_=0)


def chosen_attempts(scope: Scope, quiz_ids: Sequence[str], policy: AttemptPolicy):
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
            .group_by(QuizAttempt.quiz_id, *learner_keys())
        )
    ranked = (
        select(
            QuizAttempt.id.label("id"),
            func.row_number()
            .over(
                partition_by=(QuizAttempt.quiz_id, *learner_keys()),
                order_by=(func.coalesce(attempt_score(), -1.0).desc(), QuizAttempt.id),
            )
            .label("rank"),
        )
        .where(*conditions)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1)


def connection(tx: Transaction) -> Connection:
    """The transaction's connection: reports read plain rows, with no ORM in between."""
    return tx.session.connection()


def to_frame(rows, columns: Sequence[str]) -> pd.DataFrame:
    # All the rows at once: fetching them one by one costs more than the query.
    fetched = rows.all() if hasattr(rows, "all") else rows
    return pd.DataFrame([tuple(row) for row in fetched], columns=list(columns))


def suppressed_for(
    table: pd.DataFrame, acting: Actor, size_column: str, value_columns: list[str]
) -> pd.DataFrame:
    """`table` with small groups blanked for an actor subject to suppression at all (a group
    of none is always small), and with the `suppressed` column either way."""
    if table.empty or not must_suppress(acting, 0):
        return table.assign(**{SUPPRESSED: False})
    return suppress_small_groups(table, size_column, value_columns, MIN_GROUP_SIZE)
