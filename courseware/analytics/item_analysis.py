"""Item analysis with the definitions of Moodle's quiz statistics report.

Every variance and covariance uses the sample (n - 1) denominator, as Moodle does, and each
statistic is NaN where Moodle's guards leave it undefined (too few attempts, zero variance).
Results are fractions of 1 where Moodle shows percentages.
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
NAN = float("nan")


@dataclass(frozen=True)
class ItemAnalysis:
    questions: pd.DataFrame
    test: Mapping[str, float]


def _covariance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum((a - a.mean()) * (b - b.mean())) / (len(a) - 1))


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator != 0 else NAN


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
    x = marks.fillna(0).to_numpy(dtype=float)
    s, p = x.shape
    maxima = np.array([float(max_marks[q]) for q in marks.columns])
    totals = x.sum(axis=1)
    guesses = random_guess or {}

    covariance_with_total = np.full(p, NAN)
    if s > 1:
        covariance_with_total = np.array([_covariance(x[:, i], totals) for i in range(p)])
    # Effective weights share out the square roots of the non-negative covariances.
    sum_root_covariances = float(np.sum(np.sqrt(covariance_with_total[covariance_with_total >= 0])))

    rows = []
    for i, question in enumerate(marks.columns):
        item, rest, maximum = x[:, i], totals - x[:, i], maxima[i]
        row = dict.fromkeys(QUESTION_COLUMNS, NAN)
        row["intended_weight"] = _ratio(maximum, float(maxima.sum()))
        guess = guesses.get(question)
        row["random_guess"] = NAN if guess is None else float(guess)
        if s > 0:
            row["facility"] = _ratio(float(item.mean()), maximum)
        if s > 1:
            row["sd"] = _ratio(math.sqrt(_covariance(item, item)), maximum)
            if covariance_with_total[i] >= 0:
                row["effective_weight"] = _ratio(
                    math.sqrt(covariance_with_total[i]), sum_root_covariances
                )
            covariance_with_rest = _covariance(item, rest)
            variances = _covariance(item, item) * _covariance(rest, rest)
            row["discrimination_index"] = (
                covariance_with_rest / math.sqrt(variances) if variances > 0 else NAN
            )
            # The largest covariance these marks could have: both sorted the same way.
            largest = _covariance(np.sort(item), np.sort(rest))
            row["discriminative_efficiency"] = _ratio(covariance_with_rest, largest)
        rows.append(row)
    questions = pd.DataFrame(rows, index=pd.Index(marks.columns, name="question"))
    questions = questions[QUESTION_COLUMNS]
    return ItemAnalysis(questions, _test_statistics(x, totals))


def _test_statistics(x: np.ndarray, totals: np.ndarray) -> dict[str, float]:
    s, p = x.shape
    test = dict.fromkeys(
        ["mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error"],
        NAN,
    )
    test["n_attempts"] = s
    if s == 0:
        return test
    test["mean"] = float(totals.mean())
    test["median"] = float(np.median(totals))
    if s < 2:
        return test
    deviations = totals - totals.mean()
    m2, m3, m4 = (float(np.mean(deviations**k)) for k in (2, 3, 4))
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
    if p > 1:
        item_variances = float(np.sum(np.var(x, axis=0, ddof=1)))
        cic = p / (p - 1) * (1 - item_variances / k2)
        test["cic"] = cic
        test["error_ratio"] = math.sqrt(max(0.0, 1 - cic))
        test["standard_error"] = test["error_ratio"] * test["sd"]
    return test
