"""Item analysis with the definitions of Moodle's quiz statistics report.

Every variance and covariance uses the sample (n - 1) denominator, as Moodle does, and each
statistic is NaN where Moodle's guards leave it undefined (too few attempts, zero variance).
Results are fractions of 1 where Moodle shows percentages.

Everything is computed from count cells: per question, how many attempts earned a mark on
it and a total on the whole test (`item_cells`). A table of marks (one row per attempt) is
first turned into its cells; the report summaries keep the same cells per cohort, so the
dashboard's statistics come out of one computation whatever the number of attempts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

QUESTION_COLUMNS = [
    "facility",
    "sd",
    "intended_weight",
    "effective_weight",
    "discrimination_index",
    "discriminative_efficiency",
    "random_guess",
]
CELL_COLUMNS = ["question_id", "mark", "total", "learners"]
NAN = float("nan")


@dataclass(frozen=True)
class ItemAnalysis:
    questions: pd.DataFrame
    test: Mapping[str, float]


def attempt_total(marks) -> float:
    """An attempt's total from its marks: exactly rounded, so the same whatever their order
    (a total is part of a cell's key)."""
    return math.fsum(marks)


def item_cells(marks: pd.DataFrame, groups: pd.Series | None = None) -> pd.DataFrame:
    """The count cells of a table of marks (one row per attempt, one column per question,
    unanswered counting as 0): question_id, mark, total, learners (attempts); with `groups`
    (each attempt's group), per group too, in a first column `group`."""
    x = marks.fillna(0).to_numpy(dtype=float)
    totals = np.array([attempt_total(row) for row in x], dtype=float)
    keys = ["question_id", "mark", "total"]
    by = {} if groups is None else {"group": groups.to_numpy()}
    if groups is not None:
        keys.insert(0, "group")
    if not len(marks.columns) or not len(x):
        return pd.DataFrame(columns=[*keys, "learners"])
    cells = pd.concat(
        [
            pd.DataFrame({**by, "question_id": question, "mark": x[:, i], "total": totals})
            for i, question in enumerate(marks.columns)
        ],
        ignore_index=True,
    )
    cells = cells.groupby(keys, as_index=False, sort=True).size()
    return cells.rename(columns={"size": "learners"})


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator != 0 else NAN


@dataclass(frozen=True)
class _Weighted:
    """Values with how often each occurs."""

    values: np.ndarray
    counts: np.ndarray

    @property
    def n(self) -> float:
        return float(self.counts.sum())

    def mean(self) -> float:
        return float(np.sum(self.values * self.counts) / self.n)

    def covariance(self, other: _Weighted) -> float:
        """With `other` over the same attempts (the same counts, value by value)."""
        return float(
            np.sum((self.values - self.mean()) * (other.values - other.mean()) * self.counts)
            / (self.n - 1)
        )

    def sorted_covariance(self, other: _Weighted) -> float:
        """The covariance with `other` if both were sorted the same way: the largest any
        pairing of these values can have."""
        mine, theirs = self.sorted(), other.sorted()
        mean_mine, mean_theirs = self.mean(), other.mean()
        total, i, j = 0.0, 0, 0
        left_mine, left_theirs = mine.counts[0], theirs.counts[0]
        while True:
            both = min(left_mine, left_theirs)
            total += both * (mine.values[i] - mean_mine) * (theirs.values[j] - mean_theirs)
            left_mine -= both
            left_theirs -= both
            if left_mine == 0:
                i += 1
                if i == len(mine.values):
                    break
                left_mine = mine.counts[i]
            if left_theirs == 0:
                j += 1
                left_theirs = theirs.counts[j]
        return total / (self.n - 1)

    def sorted(self) -> _Weighted:
        order = np.argsort(self.values, kind="stable")
        return _Weighted(self.values[order], self.counts[order])


def item_analysis(
    marks: pd.DataFrame,
    max_marks: Mapping[str, float],
    random_guess: Mapping[str, float | None] | None = None,
) -> ItemAnalysis:
    """`marks`: one row per attempt, one column per question id, points earned (unanswered
    counts as 0). `max_marks`: each question's maximum. `random_guess`: the share a blind
    guess earns, where the question type defines it."""
    missing = [str(q) for q in marks.columns if q not in max_marks]
    if missing:
        raise ValueError(f"no max mark given for question(s): {', '.join(missing)}")
    return analysis_of_cells(item_cells(marks), list(marks.columns), max_marks, random_guess)


def analysis_of_cells(
    cells: pd.DataFrame,
    questions: list[str],
    max_marks: Mapping[str, float],
    random_guess: Mapping[str, float | None] | None = None,
) -> ItemAnalysis:
    """The item analysis of `questions` from their count cells (`item_cells`), every
    attempt having a cell for every question."""
    by_question = {q: rows for q, rows in cells.groupby("question_id", sort=False)}
    maxima = np.array([float(max_marks[q]) for q in questions])
    guesses = random_guess or {}
    items, rests, with_totals, totals = {}, {}, {}, None
    for question in questions:
        rows = by_question.get(question)
        if rows is None:
            continue
        counts = rows["learners"].to_numpy(dtype=float)
        mark, total = rows["mark"].to_numpy(dtype=float), rows["total"].to_numpy(dtype=float)
        items[question] = _Weighted(mark, counts)
        rests[question] = _Weighted(total - mark, counts)
        with_totals[question] = _Weighted(total, counts)
        totals = totals or with_totals[question]
    s = int(totals.n) if totals is not None else 0

    covariance_with_total = {q: NAN for q in questions}
    if s > 1:
        covariance_with_total = {q: items[q].covariance(with_totals[q]) for q in questions}
    # Effective weights share out the square roots of the non-negative covariances.
    sum_root_covariances = float(
        sum(math.sqrt(c) for c in covariance_with_total.values() if c >= 0)
    )

    rows = []
    for question, maximum in zip(questions, maxima, strict=True):
        row = dict.fromkeys(QUESTION_COLUMNS, NAN)
        row["intended_weight"] = _ratio(maximum, float(maxima.sum()))
        guess = guesses.get(question)
        row["random_guess"] = NAN if guess is None else float(guess)
        if s > 0:
            row["facility"] = _ratio(items[question].mean(), maximum)
        if s > 1:
            item, rest = items[question], rests[question]
            variance = item.covariance(item)
            row["sd"] = _ratio(math.sqrt(variance), maximum)
            if covariance_with_total[question] >= 0:
                row["effective_weight"] = _ratio(
                    math.sqrt(covariance_with_total[question]), sum_root_covariances
                )
            covariance_with_rest = item.covariance(rest)
            variances = variance * rest.covariance(rest)
            row["discrimination_index"] = (
                covariance_with_rest / math.sqrt(variances) if variances > 0 else NAN
            )
            row["discriminative_efficiency"] = _ratio(
                covariance_with_rest, item.sorted_covariance(rest)
            )
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index(questions, name="question"))
    variances = [items[q].covariance(items[q]) for q in questions] if s > 1 else []
    return ItemAnalysis(
        table[QUESTION_COLUMNS], _test_statistics(totals, len(questions), variances)
    )


def _test_statistics(
    totals: _Weighted | None, questions: int, item_variances: list[float]
) -> dict[str, float]:
    test = dict.fromkeys(
        ["mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error"],
        NAN,
    )
    s = int(totals.n) if totals is not None else 0
    test["n_attempts"] = s
    if s == 0:
        return test
    ordered = totals.sorted()
    test["mean"] = totals.mean()
    test["median"] = _median(ordered)
    if s < 2:
        return test
    deviations = totals.values - totals.mean()
    m2, m3, m4 = (float(np.sum(deviations**k * totals.counts) / s) for k in (2, 3, 4))
    k2 = s * m2 / (s - 1)
    test["sd"] = math.sqrt(k2)
    if k2 == 0:
        return test
    if s > 2:
        k3 = s**2 * m3 / ((s - 1) * (s - 2))
        test["skewness"] = k3 / k2**1.5
    if s > 3:
        k4 = s**2 * ((s + 1) * m4 - 3 * (s - 1) * m2**2) / ((s - 1) * (s - 2) * (s - 3))
        test["kurtosis"] = k4 / k2**2
    if questions > 1:
        cic = questions / (questions - 1) * (1 - sum(item_variances) / k2)
        test["cic"] = cic
        test["error_ratio"] = math.sqrt(max(0.0, 1 - cic))
        test["standard_error"] = test["error_ratio"] * test["sd"]
    return test


def _median(ordered: _Weighted) -> float:
    """The median of sorted values with counts (of two middle values, their mean)."""
    ends = np.cumsum(ordered.counts)
    n = int(ends[-1])

    def at(position: int) -> float:  # 0-based position in the sorted values
        return float(ordered.values[np.searchsorted(ends, position + 1)])

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2
