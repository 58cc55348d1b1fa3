"""A quiz's item statistics, tag mastery and branching paths over a programme, from the
report summaries (the count cells of first attempts kept per organisation, see
`store/summaries.py`): a few rows per organisation and question instead of every answer.
The cohorts a figure adds or leaves out alone (a coordinator's few small ones; each cohort,
for mastery by cohort) and the learners of several cohorts are counted from their attempts.

The figures are those of `reports.quiz` on the raw rows, computed by the same functions from
the same counts (tests/store/test_summaries.py compares them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from courseware.access import Actor
from courseware.analytics.item_analysis import CELL_COLUMNS, item_cells
from courseware.analytics.quiz_items import analyse_cells
from courseware.analytics.tag_mastery import tag_points
from courseware.content.quiz import Quiz
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput
from courseware.store.models import ReportItemCell, ReportPathCell
from courseware.store.reports.quiz import (
    MASTERY_GROUPINGS,
    ItemReport,
    QuizMarks,
    item_report,
    mark_counts,
    marks_in,
    mastery_table,
    path_counts,
    paths_read,
)
from courseware.store.reports.scope import ReportFilters, Scope, scope_of, summaries_cover
from courseware.store.reports.summed_groups import QuizGroup, cohorts_alone, quiz_group, summed


def covers(scope: Scope, quiz: Quiz, policy: str) -> bool:
    """Whether the summaries answer: first attempts at a quiz that shows every question,
    over whole cohorts."""
    return policy == "first" and not quiz.draw and summaries_cover(scope)


def summed_item_report(
    tx: Transaction, scope: Scope, quiz: Quiz, mastery_by: str | None
) -> ItemReport:
    """`quiz.item_statistics` of first attempts (`covers`), from the summaries."""
    group = quiz_group(tx, scope, quiz.id)
    if group.scope.suppress(group.learners):
        return ItemReport(quiz.id, True, group.learners, None, left_out=group.left_out)
    spanning = None
    if group.spanning is not None:
        spanning = marks_in(tx, group.spanning, quiz, "first", True, 0, suppress=False)
    alone = _CohortsAlone(tx, scope, quiz)
    cells = summed(
        tx,
        group.scope,
        ReportItemCell,
        ["question_id", "mark", "total"],
        {"all": group.scope.cohorts},
        ReportItemCell.quiz_id == quiz.id,
        raw=alone.counts(_item_cells),
    ).drop(columns="group")
    if spanning is not None:
        cells = _added(cells, item_cells(spanning.marks), CELL_COLUMNS[:-1])
    mastery = None
    if mastery_by is not None:
        mastery = _mastery(tx, group, quiz, mastery_by, spanning, alone)
    analysis = analyse_cells(cells, quiz)
    return ItemReport(quiz.id, False, group.learners, analysis, mastery, group.left_out)


def _mastery(
    tx: Transaction, group: QuizGroup, quiz: Quiz, by: str, spanning, alone: _CohortsAlone
) -> pd.DataFrame:
    scope = group.scope
    if by == "organisation":
        of = {cohort: organisation for cohort, (organisation, _) in scope.cohorts.items()}
    else:
        of = {cohort: cohort for cohort in scope.cohorts}
    groups: dict[int, set[int]] = {}
    for cohort, name in of.items():
        groups.setdefault(name, set()).add(cohort)
    marks = summed(
        tx,
        scope,
        ReportItemCell,
        ["question_id", "mark"],
        groups,
        ReportItemCell.quiz_id == quiz.id,
        raw=alone.counts(mark_counts),
    )
    paths = summed(
        tx,
        scope,
        ReportPathCell,
        ["question_id", "path"],
        groups,
        ReportPathCell.quiz_id == quiz.id,
        raw=alone.counts(path_counts),
    )
    sizes = pd.Series(group.alone, dtype=int).groupby(of).sum()
    if spanning is not None and len(spanning.attempts):
        belongs = spanning.attempts["cohort_id"].map(of)
        marks = _added(marks, mark_counts(spanning, belongs), ["group", "question_id", "mark"])
        paths = _added(paths, path_counts(spanning, belongs), ["group", "question_id", "path"])
        sizes = sizes.add(spanning.attempts.groupby(belongs)["learner"].nunique(), fill_value=0)
    # Only the groups with learners who took it, as counted from the attempts.
    sizes = sizes[sizes > 0].astype(int).rename_axis("group").rename("learners").reset_index()
    return mastery_table(tag_points(marks, paths_read(paths), quiz), sizes, scope.acting)


def _item_cells(marks: QuizMarks, group: pd.Series) -> pd.DataFrame:
    return item_cells(marks.marks, group)


class _CohortsAlone:
    """What the summaries count of some cohorts alone (`summed_groups.RawCounts`), from
    their attempts, read once per report whatever the counts asked of them."""

    def __init__(self, tx: Transaction, scope: Scope, quiz: Quiz) -> None:
        self._tx, self._scope, self._quiz = tx, scope, quiz
        self._read: dict[frozenset[int], QuizMarks] = {}

    def counts(self, count) -> Callable[[Mapping[object, Mapping[int, int]]], pd.DataFrame]:
        """`count(marks, group of each attempt)` of the cohorts each name adds or takes."""
        return lambda alone: self._counts(alone, count)

    def _counts(self, alone, count) -> pd.DataFrame:
        cohorts = frozenset(cohort for signs in alone.values() for cohort in signs)
        if cohorts not in self._read:
            part = cohorts_alone(self._scope, cohorts)
            self._read[cohorts] = marks_in(self._tx, part, self._quiz, "first", True, 0, False)
        marks = self._read[cohorts]
        by_cohort = count(marks, marks.attempts["cohort_id"])
        frames = []
        for name, signs in alone.items():
            mine = by_cohort[by_cohort["group"].isin(list(signs))]
            sign = mine["group"].map(signs)
            frames.append(mine.assign(group=name, learners=mine["learners"] * sign))
        return pd.concat(frames, ignore_index=True)


def _added(table: pd.DataFrame, more: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Two tables of counts (`learners`) added up by `keys`, sorted by them."""
    both = pd.concat([table, more], ignore_index=True)
    return both.groupby(keys, as_index=False, sort=True)["learners"].sum()


def programme_item_statistics(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    quiz: Quiz,
    mastery_by: str | None = None,
    *,
    from_summaries: bool = True,
) -> ItemReport:
    """`quiz.item_statistics` of first attempts, from the summaries where they answer (else,
    or with `from_summaries=False`, the reference, from the attempts)."""
    if mastery_by is not None and mastery_by not in MASTERY_GROUPINGS:
        raise InvalidInput(f"unknown grouping '{mastery_by}'")

    def work(tx: Transaction) -> ItemReport:
        scope = scope_of(tx, actor, filters)
        if from_summaries and covers(scope, quiz, "first"):
            return summed_item_report(tx, scope, quiz, mastery_by)
        return item_report(tx, scope, quiz, "first", mastery_by)

    return db.read(work)


def summed_path_counts(tx: Transaction, scope: Scope, quiz: Quiz, cases: list[str]):
    """What `quiz.count_answers` gives for the cases' first answers, from the summaries:
    the quiz's group and, per case and path (JSON text), how many took it."""
    group = quiz_group(tx, scope, quiz.id)
    counts = summed(
        tx,
        group.scope,
        ReportPathCell,
        ["question_id", "path"],
        {"all": group.scope.cohorts},
        ReportPathCell.quiz_id == quiz.id,
        ReportPathCell.question_id.in_(cases),
        raw=_CohortsAlone(tx, scope, quiz).counts(path_counts),
    ).drop(columns="group")
    counts = counts[counts["question_id"].isin(cases)]
    if group.spanning is not None:
        spanning = marks_in(tx, group.spanning, quiz, "first", True, 0, suppress=False)
        belongs = pd.Series("all", index=spanning.attempts.index)
        taken = path_counts(spanning, belongs).drop(columns="group")
        counts = _added(counts, taken[taken["question_id"].isin(cases)], ["question_id", "path"])
    return group, paths_read(counts)
