"""The impact statistics on small tables worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from courseware.analytics.impact import (
    FollowedLearner,
    forgetting_by_tag,
    mean_interval,
    option_counts,
    response_counts,
    retention_curve,
    t_quantile,
)
from courseware.content.course import FollowupStep
from tests.impact_data import BEHAVIOUR


@pytest.mark.parametrize(
    ("df", "printed"),
    [(1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (29, 2.045), (120, 1.980)],
)
def test_t_quantiles_match_the_printed_table(df, printed):
    assert t_quantile(0.975, df) == pytest.approx(printed, abs=5e-4)


def test_the_interval_of_a_mean_is_the_t_interval():
    # 0.2, 0.4, 0.6: mean 0.4, s = 0.2, half-width 4.302653 * 0.2 / sqrt(3).
    interval = mean_interval([0.2, 0.4, 0.6])
    half = 4.302653 * 0.2 / math.sqrt(3)
    assert interval.n == 3
    assert interval.mean == pytest.approx(0.4)
    assert interval.high == pytest.approx(0.4 + half, abs=1e-6)
    # 0.4 - 0.497 would be below nothing: clipped to what a share can be.
    assert interval.low == 0.0


def test_an_interval_stays_within_zero_and_one_and_needs_two_scores():
    assert mean_interval([0.9, 1.0, 1.0]).high == 1.0
    assert mean_interval([0.0, 0.1, 0.0]).low == 0.0
    single = mean_interval([0.7])
    assert (single.n, single.mean, single.low, single.high) == (1, 0.7, 0.7, 0.7)
    assert mean_interval([]).n == 0 and math.isnan(mean_interval([]).mean)


def test_the_paired_subset_keeps_only_learners_with_every_point():
    scores = pd.DataFrame(
        [
            (1, "all", "pre", 0.2),
            (1, "all", "post", 0.8),
            (2, "all", "pre", 0.4),
            (2, "all", "post", 0.6),
            (3, "all", "post", 1.0),
        ],
        columns=["user_id", "group", "point", "score"],
    )
    everyone = retention_curve(scores, ["pre", "post"], "all").set_index("point")
    paired = retention_curve(scores, ["pre", "post"], "paired").set_index("point")
    assert everyone.loc["post", "n"] == 3
    assert everyone.loc["post", "mean"] == pytest.approx(0.8)
    assert paired.loc["post", "n"] == 2
    assert paired.loc["post", "mean"] == pytest.approx(0.7)
    assert paired.loc["pre", "mean"] == pytest.approx(0.3)


def test_forgetting_adds_up_the_points_of_the_learners_in_both():
    post = pd.DataFrame(
        [(1, "x", 2.0, 2.0), (2, "x", 1.0, 2.0), (3, "x", 0.0, 2.0)],
        columns=["user_id", "tag", "earned", "possible"],
    )
    later = pd.DataFrame(
        [(1, "x", 1.0, 2.0), (2, "x", 1.0, 2.0)], columns=["user_id", "tag", "earned", "possible"]
    )
    row = forgetting_by_tag(post, later).iloc[0]
    # Learner 3 has no later check: left out. Post 3/4, later 2/4.
    assert (row["tag"], row["n"]) == ("x", 2)
    assert row["post"] == pytest.approx(0.75)
    assert row["later"] == pytest.approx(0.5)
    assert row["forgetting"] == pytest.approx(0.25)


def test_options_nobody_chose_count_zero_and_text_is_left_out():
    answers = pd.DataFrame(
        [("suspected", 2, 3), ("referred-to", ["cptv", "ngo"], 2), ("note", "a name", 1)],
        columns=["question_id", "answer", "count"],
    )
    counts = option_counts(answers, BEHAVIOUR).set_index(["question_id", "option"])
    assert counts["count"].to_dict() == {
        ("suspected", 1): 0,
        ("suspected", 2): 3,
        ("suspected", 3): 0,
        ("referred-to", "cptv"): 2,
        ("referred-to", "police"): 0,
        ("referred-to", "ngo"): 2,
    }
    assert counts.loc[("referred-to", "ngo"), "share"] == 1.0


def test_a_step_counts_as_due_from_its_day_or_once_taken():
    plan = [FollowupStep(after_days=30, quiz="r30"), FollowupStep(after_days=90, quiz="r90")]
    learners = [
        FollowedLearner(1, date(2026, 1, 1), frozenset({"r30"})),
        FollowedLearner(1, date(2026, 1, 1)),
        # Certified too recently for either step, but took the first early.
        FollowedLearner(1, date(2026, 3, 1), frozenset({"r30"})),
        FollowedLearner(2, date(2026, 3, 20)),
    ]
    counts = response_counts(plan, learners, date(2026, 4, 1)).set_index(["cohort_id", "quiz_id"])
    assert counts[["due", "took"]].to_dict("index") == {
        (1, "r30"): {"due": 3, "took": 2},
        (1, "r90"): {"due": 2, "took": 0},
    }
