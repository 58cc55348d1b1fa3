import math

import numpy as np
import pandas as pd
import pytest

from courseware.analytics.item_analysis import item_analysis
from courseware.analytics.quiz_items import (
    analyse_marks,
    choice_shares,
    flagged,
    misconception_brief,
    most_chosen_wrong,
)
from courseware.content.quiz import load_quiz
from tests.quiz_files import quiz_yaml

QUIZ = load_quiz(
    quiz_yaml(
        """\
- id: single
  type: single_choice
  prompt: {en: P, sr: P}
  options:
    - {id: a, text: {en: A, sr: A}, correct: true}
    - {id: b, text: {en: B, sr: B}}
    - {id: c, text: {en: C, sr: C}}
- id: multiple
  type: multiple_choice
  prompt: {en: P, sr: P}
  options:
    - {id: x, text: {en: X, sr: X}, correct: true}
    - {id: y, text: {en: Y, sr: Y}, correct: true}
    - {id: z, text: {en: Z, sr: Z}}
- {id: tf, type: true_false, prompt: {en: P, sr: P}, answer: true, points: 2}
"""
    ).encode(),
    "sample.yaml",
).value
LEAVES = {leaf.id: leaf for leaf in QUIZ.leaves()}


def counts(rows):
    return pd.DataFrame(rows, columns=["question_id", "answer", "points", "count"])


def test_without_a_pool_the_analysis_is_moodles_on_the_whole_matrix():
    marks = pd.DataFrame(
        {"single": [1, 0, 1, 1], "multiple": [1, 1, 0, 0], "tf": [2, 0, 2, 0]}, dtype=float
    )
    analysed = analyse_marks(marks, QUIZ)
    expected = item_analysis(marks, {"single": 1, "multiple": 1, "tf": 2})
    pd.testing.assert_frame_equal(
        analysed.questions.drop(columns="random_guess"),
        expected.questions.drop(columns="random_guess"),
    )
    assert analysed.test == expected.test
    assert analysed.questions.loc["single", "random_guess"] == pytest.approx(1 / 3)
    assert analysed.questions.loc["tf", "random_guess"] == 0.5


def test_a_pooled_question_is_analysed_on_the_attempts_that_showed_it():
    marks = pd.DataFrame(
        {
            "single": [1, 0, np.nan, 1, 0],
            "multiple": [np.nan, 1, 1, 0, 1],
            "tf": [2, 0, 2, np.nan, 0],
        }
    )
    analysed = analyse_marks(marks, QUIZ).questions
    shown = marks["single"].notna()
    rest = marks.fillna(0).sum(axis=1)[shown] - marks.loc[shown, "single"]
    alone = item_analysis(
        pd.DataFrame({"single": marks.loc[shown, "single"], "rest": rest}),
        {"single": 1, "rest": 2},
    ).questions.loc["single"]
    for statistic in ("facility", "sd", "discrimination_index", "discriminative_efficiency"):
        assert analysed.loc["single", statistic] == pytest.approx(alone[statistic], nan_ok=True)
    assert analysed.loc["single", "facility"] == 0.5
    assert analysed["effective_weight"].isna().all()


def test_flags_follow_moodles_thresholds():
    questions = pd.DataFrame(
        {
            "discrimination_index": [0.5, 0.2, 0.5, math.nan],
            "discriminative_efficiency": [0.5, 0.5, 0.1, math.nan],
        }
    )
    assert list(flagged(questions)) == [False, True, True, False]


def test_options_are_counted_once_for_every_answer_that_chose_them():
    single = choice_shares(
        LEAVES["single"], counts([("single", "a", 1.0, 3), ("single", "c", 0.0, 1)])
    )
    assert [(s.answer, s.count, s.share, s.correct) for s in single] == [
        ("a", 3, 0.75, True),
        ("b", 0, 0.0, False),
        ("c", 1, 0.25, False),
    ]
    multiple = choice_shares(
        LEAVES["multiple"],
        counts([("multiple", ["x", "y"], 1.0, 2), ("multiple", ["x", "z"], 0.0, 2)]),
    )
    assert [(s.count, s.share) for s in multiple] == [(4, 1.0), (2, 0.5), (2, 0.5)]
    truth = choice_shares(LEAVES["tf"], counts([("tf", False, 0.0, 1), ("tf", True, 2.0, 3)]))
    assert [(s.answer, s.count, s.correct) for s in truth] == [(True, 3, True), (False, 1, False)]


def test_the_most_chosen_wrong_answer_is_a_whole_answer():
    rows = counts(
        [
            ("multiple", ["x", "z"], 0.0, 2),
            ("multiple", ["z"], 0.0, 3),
            ("multiple", ["x", "y"], 1.0, 5),
        ]
    )
    wrong = most_chosen_wrong(LEAVES["multiple"], rows)
    assert (wrong.answer, wrong.count, wrong.share) == (["z"], 3, 0.3)
    assert most_chosen_wrong(LEAVES["single"], counts([("single", "a", 1.0, 4)])) is None


def test_the_brief_names_the_weakest_questions_first():
    questions = pd.DataFrame(
        {"facility": [0.9, 0.2, 0.2], "discrimination_index": [0.5, 0.4, 0.1]},
        index=["tf", "single", "multiple"],
    )
    answers = counts([("single", "b", 0.0, 4), ("single", "a", 1.0, 1)])
    brief = misconception_brief(questions, LEAVES, answers, size=2)
    assert [item.question.id for item in brief] == ["multiple", "single"]
    assert brief[1].wrong.answer == "b" and brief[0].wrong is None
