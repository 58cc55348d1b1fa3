"""The impact report's figures on a hand-built programme (tests/impact_data.py), on every
database: the curve and its intervals against values worked out by hand, the paired subset,
forgetting per tag, the behaviour survey, response rates, suppression and access."""

from __future__ import annotations

import math
import statistics
from datetime import timedelta

import pandas as pd
import pytest

from courseware.access import PermissionDenied
from courseware.store.reports.impact import impact, report_figures
from courseware.store.reports.scope import ReportFilters
from tests.impact_data import COHORT_A_SCORES, COURSE, THIRD, TWO_THIRDS, build_programme

# t(0.975, df) from a printed table of Student's t (to the digits these tests need).
T_975 = {2: 4.302653, 4: 2.776445, 5: 2.570582, 6: 2.446912}


def hand_interval(scores: list[float]) -> tuple[float, float, float]:
    """Mean and 95% t-interval worked out independently (statistics module, t table),
    clipped to 0..1 as the report does."""
    mean = statistics.fmean(scores)
    half = T_975[len(scores) - 1] * statistics.stdev(scores) / math.sqrt(len(scores))
    return mean, max(0.0, mean - half), min(1.0, mean + half)


@pytest.fixture
def programme(db, clock, cast):
    return build_programme(db, clock, cast)


def rows(curve: pd.DataFrame, group, subset: str) -> pd.DataFrame:
    return curve[(curve["group"] == group) & (curve["subset"] == subset)].set_index("point")


def test_the_curve_and_its_intervals_match_a_hand_computation(db, cast, programme):
    figures = impact(db, cast.coordinator, ReportFilters(), COURSE, "cohort")
    assert figures.points == ("pre", "post", "r30", "r90")
    # A coordinator: cohort B (3 learners) is left out; the curve is cohort A's.
    everyone = rows(figures.curve, "all", "all")
    for index, point in enumerate(figures.points):
        scores = [s[index] for s in COHORT_A_SCORES if s[index] is not None]
        mean, low, high = hand_interval(scores)
        row = everyone.loc[point]
        assert row["n"] == len(scores)
        assert row["mean"] == pytest.approx(mean, abs=1e-9)
        assert row["low"] == pytest.approx(low, abs=1e-5)
        assert row["high"] == pytest.approx(high, abs=1e-5)
    # The paired subset: the five learners who took all four.
    paired_scores = [s for s in COHORT_A_SCORES if None not in s]
    assert len(paired_scores) == 5
    paired = rows(figures.curve, "all", "paired")
    for index, point in enumerate(figures.points):
        mean, low, high = hand_interval([s[index] for s in paired_scores])
        assert paired.loc[point, "n"] == 5
        assert paired.loc[point, "mean"] == pytest.approx(mean, abs=1e-9)
        assert paired.loc[point, "low"] == pytest.approx(low, abs=1e-5)
        assert paired.loc[point, "high"] == pytest.approx(high, abs=1e-5)
    # Worked out on paper: the paired means are 2/15, 13/15, 11/15 and 9/15.
    assert list(paired["mean"]) == pytest.approx([2 / 15, 13 / 15, 11 / 15, 9 / 15])
    # Cohort A's own rows are the same figures.
    mine = rows(figures.curve, cast.cohort_a.id, "paired")
    assert list(mine["mean"]) == pytest.approx(list(paired["mean"]))
    assert figures.left_out == {
        "curve": 1,
        "paired": 1,
        "forgetting": 1,
        "behaviour": 1,
        "responses": 1,
    }


def test_forgetting_per_tag_is_post_test_minus_ninety_days(db, cast, programme):
    figures = impact(db, cast.coordinator, ReportFilters(), COURSE, "cohort")
    forgetting = figures.forgetting.set_index("tag")
    # Six learners took the post-test and the 90-day check. indicator-y (2 points): all six
    # right at the post-test, four of six at 90 days; law-x: four of six both times.
    assert list(forgetting.index) == ["indicator-y", "law-x"]
    assert forgetting.loc["indicator-y", "n"] == 6
    assert forgetting.loc["indicator-y", "post"] == pytest.approx(1.0)
    assert forgetting.loc["indicator-y", "later"] == pytest.approx(TWO_THIRDS)
    assert forgetting.loc["indicator-y", "forgetting"] == pytest.approx(THIRD)
    assert forgetting.loc["law-x", "forgetting"] == pytest.approx(0.0)


def test_behaviour_counts_each_option_and_never_the_free_text(db, cast, programme):
    figures = impact(db, cast.coordinator, ReportFilters(), COURSE, "cohort")
    assert figures.behaviour_respondents == 5
    counts = figures.behaviour.set_index(["question_id", "option"])["count"].to_dict()
    assert counts == {
        ("suspected", 1): 2,
        ("suspected", 2): 2,
        ("suspected", 3): 1,
        ("referred-to", "cptv"): 2,
        ("referred-to", "police"): 2,
        ("referred-to", "ngo"): 0,
    }
    answered = figures.behaviour.groupby("question_id")["answered"].first().to_dict()
    assert answered == {"suspected": 5, "referred-to": 3}
    assert "note" not in set(figures.behaviour["question_id"])


def test_response_rates_count_the_learners_due_and_those_who_took_it(db, cast, programme):
    figures = impact(db, cast.coordinator, ReportFilters(), COURSE, "cohort")
    responses = figures.responses.set_index("quiz_id")
    assert responses.loc["r30", ["due", "took"]].tolist() == [7, 6]
    assert responses.loc["r90", ["due", "took"]].tolist() == [7, 6]
    assert responses.loc["behaviour", ["due", "took"]].tolist() == [7, 5]
    assert responses.loc["behaviour", "rate"] == pytest.approx(5 / 7)


def test_a_period_in_which_no_cohort_began_has_no_figures(db, cast, clock):
    build_programme(db, clock, cast)
    later = clock.now.date() + timedelta(days=1)
    figures = impact(db, cast.coordinator, ReportFilters(began_from=later), COURSE, "cohort")
    assert figures.responses["due"].tolist() == [0, 0, 0]
    assert figures.curve.empty or (figures.curve["n"] == 0).all()


def test_the_period_chooses_whole_cohorts_by_the_day_they_began(db, cast, clock):
    began = clock.now.date()
    build_programme(db, clock, cast)
    on_the_day = ReportFilters(began_from=began, began_to=began)
    figures = impact(db, cast.coordinator, on_the_day, COURSE, "cohort")
    # The cohorts began months before their learners' checks: the whole curve is there,
    # the same as without a period.
    everything = impact(db, cast.coordinator, ReportFilters(), COURSE, "cohort")
    assert rows(figures.curve, "all", "all")["n"].tolist() == [7, 7, 6, 6]
    pd.testing.assert_frame_equal(figures.curve, everything.curve)
    day_before = began - timedelta(days=1)
    before = impact(db, cast.coordinator, ReportFilters(began_to=day_before), COURSE, "cohort")
    assert before.curve.empty or (before.curve["n"] == 0).all()
    assert before.responses["due"].tolist() == [0, 0, 0]


def test_a_coordinator_cannot_narrow_the_report_to_a_period_of_attempts(db, cast, clock):
    build_programme(db, clock, cast)
    with pytest.raises(PermissionDenied):
        impact(db, cast.coordinator, ReportFilters(start=clock.now.date()), COURSE, "cohort")


def test_trainers_and_admins_see_the_small_cohort(db, cast, programme):
    trainer = impact(db, cast.trainer_b, ReportFilters(), COURSE, "cohort")
    assert rows(trainer.curve, "all", "all")["n"].tolist() == [3, 3, 3, 3]
    assert rows(trainer.curve, "all", "all")["mean"].tolist() == [0, 0, 0, 0]
    assert trainer.behaviour_respondents == 3
    admin = impact(db, cast.admin, ReportFilters(), COURSE, "organisation")
    assert rows(admin.curve, "all", "all")["n"].tolist() == [10, 10, 9, 9]
    assert set(admin.curve["group"]) == {"all", cast.organisation_a, cast.organisation_b}


def test_a_small_cohort_never_reaches_a_coordinator(db, cast, programme):
    alone = ReportFilters(cohort_ids=(cast.cohort_b.id,))
    figures = impact(db, cast.coordinator, alone, COURSE, "cohort")
    assert (figures.curve["n"] == 0).all() if not figures.curve.empty else True
    assert figures.behaviour_suppressed and figures.behaviour.empty
    assert figures.forgetting.empty
    assert figures.responses["due"].tolist() == [0, 0, 0]
    # Choosing both cohorts gives exactly cohort A's figures: nothing to subtract.
    both = impact(
        db,
        cast.coordinator,
        ReportFilters(cohort_ids=(cast.cohort_a.id, cast.cohort_b.id)),
        COURSE,
        "cohort",
    )
    only_a = impact(
        db, cast.coordinator, ReportFilters(cohort_ids=(cast.cohort_a.id,)), COURSE, "cohort"
    )
    for name in ("forgetting", "behaviour", "responses"):
        pd.testing.assert_frame_equal(getattr(both, name), getattr(only_a, name))
    pd.testing.assert_frame_equal(both.curve, only_a.curve)


def test_a_trainer_of_another_cohort_is_refused(db, cast, programme):
    with pytest.raises(PermissionDenied):
        impact(db, cast.trainer_b, ReportFilters(cohort_ids=(cast.cohort_a.id,)), COURSE, "cohort")
    with pytest.raises(PermissionDenied):
        impact(db, cast.learner_a, ReportFilters(), COURSE, "cohort")
    # Without a choice a trainer gets only their own cohort.
    own = impact(db, cast.trainer_a, ReportFilters(), COURSE, "cohort")
    assert set(own.curve["group"]) == {"all", cast.cohort_a.id}


def test_the_report_reuses_the_knowledge_gain_and_names_the_organisations(db, cast, programme):
    figures = report_figures(db, cast.coordinator, ReportFilters(), COURSE, "organisation")
    overall = figures.learning[figures.learning["group"] == "all"].iloc[0]
    assert overall["n_pairs"] == 7
    assert overall["mean_pre"] == pytest.approx(statistics.fmean(s[0] for s in COHORT_A_SCORES))
    assert set(figures.organisations) == {"Atina", "ASTRA"}
    # The evaluation as the dashboard reads it: cohort A's seven, cohort B left out.
    assert figures.reaction_respondents == 7
    assert figures.reaction.set_index("answer")["count"].to_dict() == {3: 3, 4: 2, 5: 2}
