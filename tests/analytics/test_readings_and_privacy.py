import math

import pandas as pd
import pytest

from courseware.analytics.privacy import suppress_small_groups
from courseware.analytics.readings import facility_band, needs_attention, read_item

BASE = {
    "facility": 0.5,
    "discrimination_index": 0.5,
    "discriminative_efficiency": 0.6,
    "random_guess": math.nan,
}


@pytest.mark.parametrize(
    ("facility", "band"),
    [
        (0.0, "extremely_difficult"),
        (0.05, "extremely_difficult"),
        (0.08, "very_difficult"),
        (0.5, "about_right"),
        (0.7, "fairly_easy"),
        (0.85, "easy"),
        (0.97, "extremely_easy"),
        (1.0, "extremely_easy"),
        (math.nan, None),
    ],
)
def test_facility_bands(facility, band):
    assert facility_band(facility) == band


def test_a_sound_item_needs_no_attention():
    readings = read_item(BASE)
    assert [r.key for r in readings] == ["item.facility.about_right"]
    assert not needs_attention(readings)


def test_weak_items_are_flagged():
    keys = {
        r.key
        for r in read_item(BASE | {"discrimination_index": 0.2, "discriminative_efficiency": 0.1})
    }
    assert {"item.low_discrimination", "item.dubious"} <= keys
    negative = read_item(BASE | {"discrimination_index": -0.2})
    assert "item.negative_discrimination" in {r.key for r in negative}
    assert needs_attention(negative)


def test_guessable_items_and_the_common_wrong_answer_are_read_out():
    readings = read_item(BASE | {"random_guess": 0.5}, wrong_choice=("She agreed", 0.4))
    by_key = {r.key: r.values for r in readings}
    assert by_key["item.guessable"] == {"guess": 0.5}
    assert by_key["item.common_wrong_answer"] == {"answer": "She agreed", "share": 0.4}


def test_small_groups_are_hidden_with_their_complement():
    table = pd.DataFrame(
        {"org": ["a", "b", "c"], "learners": [3, 12, 40], "pass_rate": [0.3, 0.5, 0.7]}
    )
    result = suppress_small_groups(table, "learners", ["pass_rate"], min_size=5)
    assert result["suppressed"].tolist() == [True, True, False]
    assert pd.isna(result.loc[0, "pass_rate"]) and pd.isna(result.loc[1, "pass_rate"])
    assert pd.isna(result.loc[0, "learners"])
    assert result.loc[1, "learners"] == 12  # hidden only to protect group a
    assert result.loc[2, "pass_rate"] == 0.7


def test_groups_at_the_minimum_are_shown():
    table = pd.DataFrame({"learners": [5, 6], "score": [0.1, 0.2]})
    assert not suppress_small_groups(table, "learners", ["score"], 5)["suppressed"].any()
