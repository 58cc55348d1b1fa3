"""Item analysis of a real quiz, and what its learners answered: the inputs of a trainer's
quiz report and of the coordinator's item chart.

A quiz may draw its questions from a pool (`draw`), so an attempt shows only some of them.
A question's statistics then come from the attempts that showed it, with the rest of each
of those attempts as "the rest of the test": for each question this is exactly Moodle's
computation on those attempts. Two figures need every question in every attempt and are
left undefined (NaN) for a pool: effective weights, and the test's internal consistency
(with the error ratio and standard error that follow from it).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from courseware.analytics.item_analysis import ItemAnalysis, analysis_of_cells, item_analysis
from courseware.analytics.readings import DUBIOUS_EFFICIENCY, LOW_DISCRIMINATION
from courseware.content.questions import LeafQuestion
from courseware.content.quiz import Quiz

# Not a question id (ids are slugs): the column of "the rest of the attempt".
REST = " rest"
BRIEF_ITEMS = 5


def graded_leaves(quiz: Quiz) -> dict[str, LeafQuestion]:
    return {leaf.id: leaf for leaf in quiz.leaves() if leaf.graded}


def analyse_marks(marks: pd.DataFrame, quiz: Quiz) -> ItemAnalysis:
    """`marks`: one row per attempt, one column per graded question of `quiz` (points; 0 for
    a question shown but not answered, NaN for one the attempt did not show)."""
    leaves = graded_leaves(quiz)
    marks = marks[[q for q in marks.columns if q in leaves]]
    max_marks = {q: float(leaves[q].max_points) for q in marks.columns}
    guesses = {q: _float_or_none(leaves[q].random_guess()) for q in marks.columns}
    if not marks.isna().to_numpy().any():
        return item_analysis(marks, max_marks, guesses)

    totals = marks.fillna(0).sum(axis=1)
    attempt_maxima = marks.notna().mul(pd.Series(max_marks)).sum(axis=1)
    test = dict(item_analysis(totals.to_frame("total"), {"total": 1.0}).test)
    rows = []
    for question in marks.columns:
        shown = marks[question].notna()
        pair = pd.DataFrame(
            {question: marks.loc[shown, question], REST: totals[shown] - marks.loc[shown, question]}
        )
        rest_maximum = (
            float(attempt_maxima[shown].mean()) - max_marks[question] if shown.any() else 0.0
        )
        alone = item_analysis(
            pair, {question: max_marks[question], REST: rest_maximum}, {question: guesses[question]}
        )
        row = alone.questions.loc[question].copy()
        row["effective_weight"] = math.nan
        rows.append(row)
    questions = pd.DataFrame(rows, index=pd.Index(marks.columns, name="question"))
    return ItemAnalysis(questions, test)


def analyse_cells(cells: pd.DataFrame, quiz: Quiz) -> ItemAnalysis:
    """The same analysis from the count cells of first attempts at a quiz that shows every
    question (`item_analysis.item_cells`, as the report summaries keep them)."""
    leaves = graded_leaves(quiz)
    questions = list(leaves)
    max_marks = {q: float(leaves[q].max_points) for q in questions}
    guesses = {q: _float_or_none(leaves[q].random_guess()) for q in questions}
    return analysis_of_cells(cells, questions, max_marks, guesses)


def _float_or_none(value) -> float | None:
    return None if value is None else float(value)


def flagged(questions: pd.DataFrame) -> pd.Series:
    """Questions whose discrimination is below 0.30 or discriminative efficiency below 0.15
    (Moodle's "needs checking" and "dubious"); undefined values raise no flag."""
    return (questions["discrimination_index"] < LOW_DISCRIMINATION) | (
        questions["discriminative_efficiency"] < DUBIOUS_EFFICIENCY
    )


# What learners answered ---------------------------------------------------------------------------


def answer_key(answer: Any) -> str:
    """A hashable, stable form of an answer (lists and mappings are JSON in the database)."""
    if isinstance(answer, dict):
        return repr(sorted(answer.items()))
    return repr(answer)


@dataclass(frozen=True)
class ChoiceShare:
    """One option (or, where a question has no options, one distinct answer) and how many
    of the question's answers chose it. `answer` is what `describe_answer` takes."""

    answer: Any
    count: int
    share: float
    correct: bool


def choice_shares(question: LeafQuestion, counts: pd.DataFrame) -> list[ChoiceShare]:
    """Which option how often, from `counts` (rows of one question: answer, points, count).
    A multiple-choice option counts once for every answer that ticked it; other types list
    their distinct answers, most frequent first."""
    answers = int(counts["count"].sum())
    if answers == 0:
        return []
    if question.type in ("single_choice", "multiple_choice"):
        ticked: Counter[str] = Counter()
        for answer, count in zip(counts["answer"], counts["count"], strict=True):
            for option in answer if isinstance(answer, list) else [answer]:
                ticked[option] += int(count)
        keys = set(question.correct_answer()) if question.type == "multiple_choice" else None
        return [
            ChoiceShare(
                option.id if question.type == "single_choice" else [option.id],
                ticked[option.id],
                ticked[option.id] / answers,
                option.correct if keys is None else option.id in keys,
            )
            for option in question.options
        ]
    full = float(question.max_points)
    merged: dict[str, list] = {}
    for answer, points, count in counts[["answer", "points", "count"]].itertuples(index=False):
        entry = merged.setdefault(
            answer_key(answer), [answer, 0, points is not None and points >= full]
        )
        entry[1] += int(count)
    ordered = sorted(merged.values(), key=lambda entry: -entry[1])
    return [ChoiceShare(answer, count, count / answers, right) for answer, count, right in ordered]


def most_chosen_wrong(question: LeafQuestion, counts: pd.DataFrame) -> ChoiceShare | None:
    """The wrong answer given most often (whole answers, not options), if any."""
    full = float(question.max_points)
    wrong = counts[counts["points"].fillna(0) < full]
    if wrong.empty:
        return None
    merged: Counter[str] = Counter()
    originals: dict[str, Any] = {}
    for answer, count in zip(wrong["answer"], wrong["count"], strict=True):
        merged[answer_key(answer)] += int(count)
        originals.setdefault(answer_key(answer), answer)
    key, count = merged.most_common(1)[0]
    return ChoiceShare(originals[key], count, count / int(counts["count"].sum()), False)


@dataclass(frozen=True)
class BriefItem:
    """One item of the misconception brief."""

    question: LeafQuestion
    facility: float
    discrimination: float
    wrong: ChoiceShare | None


def misconception_brief(
    questions: pd.DataFrame,
    leaves: dict[str, LeafQuestion],
    counts: pd.DataFrame,
    size: int = BRIEF_ITEMS,
) -> list[BriefItem]:
    """The `size` weakest questions (lowest facility; the less discriminating first on a
    tie) with their most chosen wrong answer: what to discuss in the next session."""
    ranked = questions.dropna(subset=["facility"]).sort_values(
        ["facility", "discrimination_index"], na_position="last"
    )
    return [
        BriefItem(
            leaves[question_id],
            float(row["facility"]),
            float(row["discrimination_index"]),
            most_chosen_wrong(leaves[question_id], counts[counts["question_id"] == question_id]),
        )
        for question_id, row in ranked.head(size).iterrows()
        if question_id in leaves
    ]
