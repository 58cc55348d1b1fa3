"""Item analysis checked against independent computations (pandas' own statistics)."""

import math

import numpy as np
import pandas as pd
import pytest

from courseware.analytics.item_analysis import item_analysis

MARKS = pd.DataFrame(
    {
        "q1": [1, 1, 0, 1, 0, 1, 1, 0],
        "q2": [2, 1, 0, 2, 1, 2, 0, 0],
        "q3": [0, 1, 1, 0, 1, 0, 1, 1],
        "q4": [1, 1, 1, 1, 1, 1, 1, 1],
    },
    dtype=float,
)
MAX = {"q1": 1, "q2": 2, "q3": 1, "q4": 1}


@pytest.fixture(scope="module")
def result():
    return item_analysis(MARKS, MAX, random_guess={"q1": 0.25})


def test_question_statistics_match_their_definitions(result):
    totals = MARKS.sum(axis=1)
    q = result.questions
    for question in ["q1", "q2", "q3"]:
        item, rest = MARKS[question], totals - MARKS[question]
        assert q.loc[question, "facility"] == pytest.approx(item.mean() / MAX[question])
        assert q.loc[question, "sd"] == pytest.approx(item.std() / MAX[question])
        assert q.loc[question, "intended_weight"] == pytest.approx(MAX[question] / 5)
        assert q.loc[question, "discrimination_index"] == pytest.approx(item.corr(rest))
        best = pd.Series(np.sort(item.to_numpy())).cov(pd.Series(np.sort(rest.to_numpy())))
        assert q.loc[question, "discriminative_efficiency"] == pytest.approx(item.cov(rest) / best)


def test_effective_weight_shares_the_roots_of_non_negative_covariances(result):
    totals = MARKS.sum(axis=1)
    covariances = {q: MARKS[q].cov(totals) for q in MARKS}
    assert covariances["q3"] < 0 and covariances["q4"] == 0
    shared = sum(math.sqrt(c) for c in covariances.values() if c >= 0)
    weights = result.questions["effective_weight"]
    assert weights["q1"] == pytest.approx(math.sqrt(covariances["q1"]) / shared)
    assert weights["q2"] == pytest.approx(math.sqrt(covariances["q2"]) / shared)
    assert math.isnan(weights["q3"])
    assert weights["q4"] == 0


def test_a_question_everyone_gets_right_has_no_discrimination(result):
    q4 = result.questions.loc["q4"]
    assert q4["facility"] == 1 and q4["sd"] == 0
    assert math.isnan(q4["discrimination_index"])
    assert math.isnan(q4["discriminative_efficiency"])


def test_random_guess_is_reported_where_given(result):
    assert result.questions.loc["q1", "random_guess"] == 0.25
    assert math.isnan(result.questions.loc["q2", "random_guess"])


def test_test_statistics_match_their_definitions(result):
    totals = MARKS.sum(axis=1)
    test = result.test
    assert test["n_attempts"] == 8
    assert test["mean"] == pytest.approx(totals.mean())
    assert test["median"] == pytest.approx(totals.median())
    assert test["sd"] == pytest.approx(totals.std())
    # pandas' skew and kurt are the bias-corrected G1 and excess G2 that Moodle uses.
    assert test["skewness"] == pytest.approx(totals.skew())
    assert test["kurtosis"] == pytest.approx(totals.kurt())
    alpha = 4 / 3 * (1 - MARKS.var().sum() / totals.var())
    assert test["cic"] == pytest.approx(alpha)
    assert test["error_ratio"] == pytest.approx(math.sqrt(1 - alpha))
    assert test["standard_error"] == pytest.approx(math.sqrt(1 - alpha) * totals.std())


def test_kr20_equals_alpha_for_right_or_wrong_items():
    marks = pd.DataFrame(
        {"a": [1, 1, 0, 1, 0], "b": [1, 0, 0, 1, 0], "c": [1, 1, 1, 0, 0]}, dtype=float
    )
    proportions = marks.mean()
    totals = marks.sum(axis=1)
    kr20 = 3 / 2 * (1 - (proportions * (1 - proportions)).sum() / totals.var(ddof=0))
    assert item_analysis(marks, dict.fromkeys("abc", 1)).test["cic"] == pytest.approx(kr20)


@pytest.mark.parametrize(
    ("rows", "undefined"),
    [
        (0, ["mean", "median", "sd", "skewness", "kurtosis", "cic"]),
        (1, ["sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error"]),
        (2, ["skewness", "kurtosis"]),
        (3, ["kurtosis"]),
    ],
)
def test_few_attempts_leave_statistics_undefined_not_failing(rows, undefined):
    result = item_analysis(MARKS.iloc[:rows], MAX)
    assert result.test["n_attempts"] == rows
    for name in undefined:
        assert math.isnan(result.test[name]), name
    if rows <= 1:
        assert (
            result.questions[["sd", "discrimination_index", "effective_weight"]].isna().all().all()
        )


def test_one_question_has_no_internal_consistency():
    assert math.isnan(item_analysis(MARKS[["q1"]], MAX).test["cic"])


def test_identical_totals_leave_the_shape_undefined():
    same = pd.DataFrame({"a": [1, 0, 1, 0], "b": [0, 1, 0, 1]}, dtype=float)
    test = item_analysis(same, {"a": 1, "b": 1}).test
    assert test["sd"] == 0
    assert all(math.isnan(test[k]) for k in ("skewness", "kurtosis", "cic"))


def test_unanswered_counts_as_zero_and_missing_maxima_are_named():
    with_gaps = MARKS.astype(float).copy()
    with_gaps.loc[0, "q1"] = np.nan
    filled = MARKS.copy()
    filled.loc[0, "q1"] = 0
    pd.testing.assert_frame_equal(
        item_analysis(with_gaps, MAX).questions, item_analysis(filled, MAX).questions
    )
    with pytest.raises(ValueError, match="q4"):
        item_analysis(MARKS, {"q1": 1, "q2": 2, "q3": 1})
