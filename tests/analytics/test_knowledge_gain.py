import math

import numpy as np
import pytest

from courseware.analytics.knowledge_gain import gain_bands, knowledge_gain

# The worked example of the analytics reference (Lakens 2013 formulas), in fractions.
PRE = np.array([40, 55, 30, 70, 50, 65]) / 100
POST = np.array([75, 80, 60, 90, 70, 85]) / 100


def test_matches_the_worked_example():
    gain = knowledge_gain(PRE, POST)
    assert gain.n_pairs == 6
    assert gain.mean_pre == pytest.approx(0.5167, abs=1e-4)
    assert gain.mean_post == pytest.approx(0.7667, abs=1e-4)
    assert gain.class_gain == pytest.approx(0.517, abs=1e-3)
    assert gain.mean_learner_gain == pytest.approx(0.534, abs=1e-3)
    assert gain.d_z == pytest.approx(3.95, abs=0.01)
    assert gain.d_av == pytest.approx(1.93, abs=0.01)
    low, high = gain.d_z_interval
    assert low < gain.d_z < high
    assert gain_bands(gain.class_gain) == "medium"


def test_learners_already_at_full_marks_are_left_out_of_their_own_gain():
    gain = knowledge_gain([1.0, 0.5], [1.0, 0.75])
    assert gain.learners_without_gain_measure == 1
    assert gain.mean_learner_gain == pytest.approx(0.5)


def test_undefined_where_there_is_nothing_to_measure():
    empty = knowledge_gain([], [])
    assert empty.n_pairs == 0 and math.isnan(empty.class_gain)
    single = knowledge_gain([0.5], [0.8])
    assert math.isnan(single.d_z) and math.isnan(single.d_av)
    same_change = knowledge_gain([0.2, 0.4], [0.4, 0.6])
    assert math.isnan(same_change.d_z)  # no spread in the differences


def test_a_loss_is_a_negative_gain():
    gain = knowledge_gain([0.6, 0.7, 0.8], [0.5, 0.6, 0.6])
    assert gain.class_gain < 0 and gain.d_z < 0
    assert gain_bands(gain.class_gain) == "low"


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        knowledge_gain([0.1, 0.2], [0.3])
