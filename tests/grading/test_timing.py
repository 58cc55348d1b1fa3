"""The rules of time accommodations: what a setting makes of a limit, which one applies, and
when a learner is warned."""

import pytest

from courseware.grading.timing import (
    Accommodation,
    InvalidAccommodation,
    adjusted_minutes,
    check,
    effective_minutes,
    warning_due,
)

TIMES_1_5 = Accommodation("percent", 150)
TIMES_2 = Accommodation("percent", 200)
TEN_MORE = Accommodation("extra_minutes", 10)
NO_LIMIT = Accommodation("unlimited", None)


def test_each_kind_of_accommodation_adjusts_the_limit():
    assert adjusted_minutes(30, TIMES_1_5) == 45
    assert adjusted_minutes(30, TIMES_2) == 60
    assert adjusted_minutes(30, TEN_MORE) == 40
    assert adjusted_minutes(30, NO_LIMIT) is None
    assert adjusted_minutes(30, None) == 30


def test_a_share_of_a_minute_is_rounded_up_for_the_learner():
    assert adjusted_minutes(25, TIMES_1_5) == 38


def test_a_quiz_without_a_limit_never_gets_one():
    assert adjusted_minutes(None, TEN_MORE) is None
    assert effective_minutes(None, TIMES_2, [TEN_MORE]) is None


def test_the_learners_own_accommodation_comes_before_the_cohorts():
    assert effective_minutes(30, TEN_MORE, [TIMES_2, NO_LIMIT]) == 40


def test_among_cohorts_the_most_generous_applies():
    assert effective_minutes(30, None, [TEN_MORE, TIMES_2]) == 60
    assert effective_minutes(30, None, [TEN_MORE, NO_LIMIT]) is None
    assert effective_minutes(30, None, []) == 30


@pytest.mark.parametrize(
    ("mode", "amount"),
    [("percent", 100), ("percent", 1001), ("extra_minutes", 0), ("percent", None), ("x", 5)],
)
def test_settings_outside_the_bounds_are_refused(mode, amount):
    with pytest.raises(InvalidAccommodation):
        check(mode, amount)


def test_no_limit_takes_no_amount():
    assert check("unlimited", 99) == NO_LIMIT


@pytest.mark.parametrize(
    ("seconds_left", "warning"),
    [(3600, None), (301, None), (300, 300), (61, 300), (60, 60), (5, 60), (0, 60)],
)
def test_a_warning_at_five_minutes_and_at_one_stays_the_same_in_between(seconds_left, warning):
    assert warning_due(seconds_left) == warning
