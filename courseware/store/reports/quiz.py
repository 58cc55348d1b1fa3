"""Reports on one quiz's questions: the marks of the chosen attempts, with the item
statistics and tag mastery drawn from them, and how often each answer was given."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import case, func, literal, select

from courseware.access import Actor
from courseware.analytics.item_analysis import ItemAnalysis
from courseware.analytics.privacy import SUPPRESSED
from courseware.analytics.quiz_items import analyse_marks
from courseware.analytics.tag_mastery import tag_points
from courseware.content.questions.branching import Branching
from courseware.content.quiz import Quiz
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput
from courseware.store.models import Answer, QuizAttempt
from courseware.store.reports.scope import (
    AttemptPolicy,
    ReportFilters,
    Scope,
    admitted,
    chosen_attempts,
    connection,
    learner_count,
    learners_by_cohort,
    scope_of,
    suppressed_for,
    to_frame,
)
from courseware.store.sql_functions import fraction_value, layout_question_ids


@dataclass(frozen=True)
class QuizMarks:
    """Marks of the chosen attempts at one quiz: one row per attempt, one column per graded
    question (points; 0 when shown but not answered, NaN when the attempt did not show it,
    as with a question drawn from a pool), and `attempts` with each attempt's cohort_id and
    learner. When `suppressed`, the group is too small to be shown and both are empty.
    `left_out`: cohorts left out as too small."""

    quiz_id: str
    suppressed: bool
    learners: int
    marks: pd.DataFrame
    attempts: pd.DataFrame
    left_out: int = 0
    # With `paths` asked for: (attempt id, question id, path) of each branching case answered.
    paths: tuple[tuple[int, str, list], ...] = ()


def _question_columns(quiz: Quiz) -> dict[str, str]:
    """Graded question id to the id of the top-level question that shows it."""
    return {
        leaf.id: question.id
        for question in quiz.questions
        for leaf in question.leaves()
        if leaf.graded
    }


def quiz_scope(tx: Transaction, scope: Scope, quiz_id: str) -> tuple[Scope, int]:
    """The cohorts with enough learners who took the quiz (the group of every figure about
    its questions and answers), and how many were left out."""
    return admitted(scope, learners_by_cohort(tx, scope, QuizAttempt.quiz_id == quiz_id))


def quiz_marks(
    tx: Transaction, scope: Scope, quiz: Quiz, policy: AttemptPolicy, paths: bool = False
) -> QuizMarks:
    scope, left_out = quiz_scope(tx, scope, quiz.id)
    return marks_in(tx, scope, quiz, policy, paths, left_out)


def marks_in(
    tx: Transaction,
    scope: Scope,
    quiz: Quiz,
    policy: AttemptPolicy,
    paths: bool,
    left_out: int,
    suppress: bool = True,
) -> QuizMarks:
    """`quiz_marks` over a scope whose cohorts are already the quiz's group (`suppress`:
    unless a part of a larger group, blank it when too small)."""
    parents = _question_columns(quiz)
    leaf_ids = list(parents)
    chosen = chosen_attempts(scope, [quiz.id], policy)
    # Only a quiz that draws from a pool needs each attempt's layout (a wide column).
    shown = layout_question_ids(QuizAttempt.layout) if quiz.draw else literal(None)
    attempts = (
        connection(tx)
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
    if suppress and scope.suppress(learners):
        empty = pd.DataFrame(columns=leaf_ids)
        return QuizMarks(quiz.id, True, learners, empty, who.iloc[:0], left_out)
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
    result = connection(tx).execute(
        select(Answer.attempt_id, column, func.coalesce(fraction_value(Answer.points), 0.0)).where(
            Answer.attempt_id.in_(chosen), Answer.question_id.in_(leaf_ids)
        )
    )
    earned = np.fromiter(chain.from_iterable(result), dtype=float).reshape(-1, 3)
    rows, columns = index.get_indexer(earned[:, 0]), earned[:, 1].astype(int)
    answered = ~np.isnan(values[rows, columns])
    values[rows[answered], columns[answered]] = earned[answered, 2]
    marks = pd.DataFrame(values, index=index, columns=leaf_ids)
    taken = _paths_taken(tx, quiz, chosen) if paths else ()
    return QuizMarks(quiz.id, False, learners, marks, who, left_out, taken)


def _paths_taken(tx: Transaction, quiz: Quiz, chosen) -> tuple[tuple[int, str, list], ...]:
    """The path of each branching case the chosen attempts answered (one short row each)."""
    cases = [leaf.id for leaf in quiz.leaves() if isinstance(leaf, Branching)]
    if not cases:
        return ()
    rows = connection(tx).execute(
        select(Answer.attempt_id, Answer.question_id, Answer.answer).where(
            Answer.attempt_id.in_(chosen), Answer.question_id.in_(cases), Answer.answer.is_not(None)
        )
    )
    return tuple((attempt, question, path) for attempt, question, path in rows if path is not None)


MASTERY_GROUPINGS = ("organisation", "cohort")


def _mastery(marks: QuizMarks, quiz: Quiz, scope: Scope, by: str) -> pd.DataFrame:
    """Per group and tag: the points earned and possible (`analytics.tag_mastery`), their
    share, and the group's learners; small groups suppressed."""
    cohorts = marks.attempts["cohort_id"]
    group = cohorts.map(lambda c: scope.cohorts[c][0]) if by == "organisation" else cohorts
    sizes = marks.attempts.groupby(group)["learner"].nunique()
    return mastery_table(
        tag_points(mark_counts(marks, group), paths_read(path_counts(marks, group)), quiz),
        sizes.rename_axis("group").rename("learners").reset_index(),
        scope.acting,
    )


def mark_counts(marks: QuizMarks, group: pd.Series) -> pd.DataFrame:
    """How many attempts of each group earned each mark on each question they showed."""
    shown = marks.marks.assign(group=group).melt(
        id_vars="group", var_name="question_id", value_name="mark"
    )
    shown = shown[shown["mark"].notna()]
    counts = shown.groupby(["group", "question_id", "mark"], as_index=False, sort=True).size()
    return counts.rename(columns={"size": "learners"})


def path_counts(marks: QuizMarks, group: pd.Series) -> pd.DataFrame:
    """How many attempts of each group took each path (its JSON text) through each case."""
    taken = pd.DataFrame(
        [(group[attempt], question, json.dumps(path)) for attempt, question, path in marks.paths],
        columns=["group", "question_id", "path"],
    )
    counts = taken.groupby(list(taken.columns), as_index=False, sort=True).size()
    return counts.rename(columns={"size": "learners"})


def paths_read(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts of paths by their JSON text, with each path read back as a list."""
    return counts.assign(path=[json.loads(text) for text in counts["path"]])


def mastery_table(points: pd.DataFrame, sizes: pd.DataFrame, acting: Actor) -> pd.DataFrame:
    """`points` (group, tag, earned, possible) with the share and each group's learners
    (`sizes`: group, learners), the small groups' figures blanked."""
    table = points.assign(mastery=points["earned"] / points["possible"])
    sizes = suppressed_for(sizes, acting, "learners", [])
    # Groups are ids (numbers), whatever type an empty column was given.
    table = table.astype({"group": object}).merge(sizes.astype({"group": object}), on="group")
    table.loc[table[SUPPRESSED], ["earned", "possible", "mastery"]] = np.nan
    return table


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
    # Cohorts left out as too small (for a coordinator), from both.
    left_out: int = 0


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

    return db.read(
        lambda tx: item_report(tx, scope_of(tx, actor, filters), quiz, policy, mastery_by)
    )


def item_report(
    tx: Transaction, scope: Scope, quiz: Quiz, policy: AttemptPolicy, mastery_by: str | None
) -> ItemReport:
    """`item_statistics` of `scope`, from the attempts."""
    marks = quiz_marks(tx, scope, quiz, policy, paths=mastery_by is not None)
    if marks.suppressed:
        return ItemReport(quiz.id, True, marks.learners, None, left_out=marks.left_out)
    mastery = None if mastery_by is None else _mastery(marks, quiz, scope, mastery_by)
    analysis = analyse_marks(marks.marks, quiz)
    return ItemReport(quiz.id, False, marks.learners, analysis, mastery, marks.left_out)


@dataclass(frozen=True)
class AnswerCounts:
    """How often each distinct answer was given to each question: columns `question_id`,
    `answer`, `points` and `count`. Empty when `suppressed`. `left_out`: cohorts left out
    as too small."""

    quiz_id: str
    suppressed: bool
    learners: int
    counts: pd.DataFrame
    left_out: int = 0


ANSWER_COUNT_COLUMNS = ["question_id", "answer", "points", "count"]


def count_answers(
    tx: Transaction,
    scope: Scope,
    quiz_id: str,
    policy: AttemptPolicy,
    question_ids: Sequence[str] | None = None,
) -> AnswerCounts:
    """`answer_counts` within a read that has its scope already, optionally for some
    questions only: the evaluation reads its Likert answers this way."""
    scope, left_out = quiz_scope(tx, scope, quiz_id)
    chosen = chosen_attempts(scope, [quiz_id], policy)
    learners = connection(tx).scalar(select(learner_count()).where(QuizAttempt.id.in_(chosen)))
    if scope.suppress(learners):
        empty = pd.DataFrame(columns=ANSWER_COUNT_COLUMNS)
        return AnswerCounts(quiz_id, True, learners, empty, left_out)
    query = select(
        Answer.question_id,
        Answer.answer,
        func.max(fraction_value(Answer.points)),
        func.count(),
    ).where(Answer.attempt_id.in_(chosen))
    if question_ids is not None:
        query = query.where(Answer.question_id.in_(question_ids))
    rows = connection(tx).execute(query.group_by(Answer.question_id, Answer.answer)).all()
    counts = to_frame(rows, ANSWER_COUNT_COLUMNS)
    counts = counts[counts["answer"].notna()].reset_index(drop=True)
    return AnswerCounts(quiz_id, False, learners, counts, left_out)


def answer_counts(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    quiz_id: str,
    policy: AttemptPolicy = "first",
) -> AnswerCounts:
    """Which answer how often, per question of the quiz, over the chosen attempts."""
    return db.read(lambda tx: count_answers(tx, scope_of(tx, actor, filters), quiz_id, policy))
