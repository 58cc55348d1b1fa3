"""What the report summaries need of the stored attempts (store/summaries.py): each submitted
attempt's facts, read learner by learner, with the marks and paths of first attempts, and
the extra attempts granted."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ValidationError
from sqlalchemy import Text, case, cast, func, null, select

from courseware.store.database import Transaction
from courseware.store.models import SUBMITTED, Answer, AttemptGrant, Cohort, QuizAttempt
from courseware.store.quiz_versions import quiz_version
from courseware.store.reports.scope import attempt_score
from courseware.store.sql_functions import fraction_value, week_start


@dataclass(frozen=True)
class AttemptFacts:
    """What the summaries need of one submitted attempt."""

    learner: tuple  # ("user", user id) or ("attempt", attempt id) once erased
    cohort_id: int | None
    quiz_id: str
    score: float | None
    passed: bool
    submitted_at: datetime
    week: date
    final: bool
    test: str | None = None  # "pretest" or "posttest" at one of those
    # For an attempt at a survey: its Likert answers, (question id, the answer's JSON text).
    likert: tuple[tuple[str, str], ...] = ()
    organisation_id: int | None = None  # the cohort's
    # For a learner's first attempt at a quiz that shows every question: each graded
    # question's points (0 unanswered); and at any quiz, each branching case's path (JSON).
    marks: tuple[tuple[str, float], ...] = ()
    paths: tuple[tuple[str, str], ...] = ()


def read_facts(tx: Transaction, *conditions) -> Iterator[AttemptFacts]:
    """The submitted attempts meeting `conditions`, each learner's together."""
    versions = tx.session.scalars(
        select(QuizAttempt.content_version)
        .where(QuizAttempt.state == SUBMITTED, *conditions)
        .distinct()
    ).all()
    kinds = {version: _version(tx, version) for version in versions}
    surveys = {version for version, facts in kinds.items() if facts.kind == "survey"}
    likert = _likert_answers(tx, surveys, conditions) if surveys else {}
    order = (QuizAttempt.user_id, QuizAttempt.id)
    # Plain rows from the connection: a rebuild reads every attempt and most answers.
    rows = tx.session.connection().execute(
        select(
            QuizAttempt.id,
            QuizAttempt.user_id,
            QuizAttempt.cohort_id,
            QuizAttempt.quiz_id,
            attempt_score(),
            QuizAttempt.passed,
            QuizAttempt.submitted_at,
            week_start(QuizAttempt.submitted_at),
            QuizAttempt.content_version,
            Cohort.organisation_id,
        )
        .outerjoin(Cohort, Cohort.id == QuizAttempt.cohort_id)
        .where(QuizAttempt.state == SUBMITTED, *conditions)
        .order_by(*order)
        # Read in batches: a rebuild goes through every attempt of the database.
        .execution_options(yield_per=10_000)
    )
    cases = sorted(set().union(*(facts.cases for facts in kinds.values())))
    answers = _first_attempt_answers(tx, conditions, order, cases)
    for attempt_id, user_id, cohort_id, quiz_id, score, passed, at, week, version, org in rows:
        learner = ("user", user_id) if user_id is not None else ("attempt", attempt_id)
        facts = kinds[version]
        given = answers.take(attempt_id)
        yield AttemptFacts(
            learner,
            cohort_id,
            quiz_id,
            score,
            bool(passed),
            at,
            week,
            final=facts.kind == "final",
            test=facts.kind if facts.kind in ("pretest", "posttest") else None,
            likert=likert.get(attempt_id, ()),
            organisation_id=org,
            marks=facts.marks(given) if given is not None else (),
            paths=facts.paths(given) if given is not None else (),
        )


class _AnswersInStep:
    """The answers of the first attempts, read alongside the attempts in the same order:
    `take(attempt id)` gives that attempt's (question id, points, answer) rows, or None
    when it is not a first attempt (the attempts asked for are always in order). A first
    attempt without answers has one row of nothing (an outer join), so it is not missed."""

    def __init__(self, rows: Iterator) -> None:
        self._rows = rows
        self._next = next(rows, None)

    def take(self, attempt_id: int) -> list | None:
        if self._next is None or self._next[0] != attempt_id:
            return None
        taken = []
        while self._next is not None and self._next[0] == attempt_id:
            if self._next[1] is not None:
                taken.append(self._next[1:])
            self._next = next(self._rows, None)
        return taken


def _first_attempt_answers(tx: Transaction, conditions, order, cases: list[str]) -> _AnswersInStep:
    """Each learner's first submitted attempt in a cohort at each quiz (each attempt of an
    erased learner counts alone), with its answers' points, and the answers themselves to
    the branching `cases` (decoding every answer would double a rebuild's time), in the
    order of `order`."""
    submitted = (QuizAttempt.state == SUBMITTED, QuizAttempt.cohort_id.is_not(None))
    firsts = (
        select(func.min(QuizAttempt.id))
        .where(*submitted, QuizAttempt.user_id.is_not(None), *conditions)
        .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id)
        .union_all(select(QuizAttempt.id).where(*submitted, QuizAttempt.user_id.is_(None)))
    )
    rows = tx.session.connection().execute(
        select(
            QuizAttempt.id,
            Answer.question_id,
            func.coalesce(fraction_value(Answer.points), 0.0),
            # As stored (JSON text): only the few answers to cases are decoded.
            case((Answer.question_id.in_(cases), cast(Answer.answer, Text))) if cases else null(),
        )
        .outerjoin(Answer, Answer.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.id.in_(firsts), *conditions)
        .order_by(*order, Answer.question_id)
        .execution_options(yield_per=50_000)
    )
    return _AnswersInStep(iter(rows))


@dataclass(frozen=True)
class _VersionFacts:
    """What the summaries need of a quiz version: its kind, its Likert questions, its
    graded questions when every attempt shows them all (None for a pool), its cases."""

    kind: str | None
    likert: frozenset[str]
    graded: tuple[str, ...] | None
    cases: frozenset[str]

    def marks(self, given: list) -> tuple[tuple[str, float], ...]:
        if self.graded is None:
            return ()
        points = {question_id: value for question_id, value, _ in given}
        return tuple((question_id, points.get(question_id, 0.0)) for question_id in self.graded)

    def paths(self, given: list) -> tuple[tuple[str, str], ...]:
        decoded = (
            (question_id, json.loads(text))
            for question_id, _, text in given
            if question_id in self.cases and text is not None
        )
        return tuple((question_id, json.dumps(path)) for question_id, path in decoded if path)


# Each quiz version's facts: a version never changes once stored.
_versions: dict[str, _VersionFacts] = {}


def _version(tx: Transaction, version: str) -> _VersionFacts:
    if version not in _versions:
        try:
            quiz = quiz_version(tx, version)
        except ValidationError:
            # A version stored before quizzes were checked as they are now: its attempts
            # still count as attempts, with nothing of their questions summarised.
            _versions[version] = _VersionFacts(None, frozenset(), None, frozenset())
            return _versions[version]
        leaves = quiz.leaves()
        _versions[version] = _VersionFacts(
            kind=quiz.kind,
            likert=frozenset(leaf.id for leaf in leaves if leaf.type == "likert"),
            graded=None if quiz.draw else tuple(leaf.id for leaf in leaves if leaf.graded),
            cases=frozenset(leaf.id for leaf in leaves if leaf.type == "branching"),
        )
    return _versions[version]


def _likert_answers(
    tx: Transaction, versions: set[str], conditions
) -> dict[int, tuple[tuple[str, str], ...]]:
    """The Likert answers of the submitted survey attempts meeting `conditions`, by attempt
    (a Likert answer is one of a few numbers: a summary row each)."""
    questions = sorted(set().union(*(_version(tx, v).likert for v in versions)))
    rows = tx.session.execute(
        select(Answer.attempt_id, Answer.question_id, Answer.answer)
        .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
        .where(
            QuizAttempt.state == SUBMITTED,
            QuizAttempt.content_version.in_(sorted(versions)),
            Answer.question_id.in_(questions),
            Answer.answer.is_not(None),
            *conditions,
        )
        .order_by(Answer.attempt_id, Answer.question_id)
    )
    answers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for attempt_id, question_id, answer in rows:
        if answer is not None:
            answers[attempt_id].append((question_id, json.dumps(answer)))
    return {attempt_id: tuple(given) for attempt_id, given in answers.items()}


def read_grants(tx: Transaction, *conditions) -> dict[int, dict[str, int]]:
    rows = tx.session.execute(
        select(AttemptGrant.user_id, AttemptGrant.quiz_id, func.sum(AttemptGrant.extra_attempts))
        .where(*conditions)
        .group_by(AttemptGrant.user_id, AttemptGrant.quiz_id)
    )
    grants: dict[int, dict[str, int]] = defaultdict(dict)
    for user_id, quiz_id, extra in rows:
        grants[user_id][quiz_id] = int(extra)
    return grants
