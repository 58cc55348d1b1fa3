"""Item analysis counts the extended types like the others: their random guess, their
answers and their partial marks."""

import pandas as pd

from courseware.analytics.quiz_items import analyse_marks, choice_shares, most_chosen_wrong
from courseware.content.quiz import load_quiz
from tests.content.test_extended_types import CREDIT_MULTIPLE, NUMBERS, PARTIAL_SINGLE, SHORT
from tests.quiz_files import quiz_yaml

QUIZ = load_quiz(
    quiz_yaml(PARTIAL_SINGLE + CREDIT_MULTIPLE + NUMBERS + SHORT).encode(), "sample.yaml"
).value
LEAVES = {leaf.id: leaf for leaf in QUIZ.leaves()}


def test_item_analysis_takes_partial_marks_and_random_guesses():
    marks = pd.DataFrame(
        {
            "single": [2, 1, 0, 2],
            "multiple": [3, 1.5, 0, 2],
            "number": [4, 2, 0, 1],
            "short": [1, 0.5, 0, 1],
        }
    )
    questions = analyse_marks(marks, QUIZ).questions
    assert questions.loc["single", "facility"] == 5 / 8
    assert questions.loc["multiple", "facility"] == 6.5 / 12
    assert questions.loc["single", "random_guess"] == float(LEAVES["single"].random_guess())
    assert questions.loc["short", "random_guess"] == 0
    assert questions.loc["number", "random_guess"] == 0
    assert questions["discrimination_index"].notna().all()


def test_answers_of_the_new_types_are_counted():
    short = LEAVES["short"]
    counts = pd.DataFrame(
        {
            "question_id": ["short"] * 3,
            "answer": ["Belgrade", "Paris", "Novigrad"],
            "points": [1.0, 0.0, 0.5],
            "count": [5, 3, 2],
        }
    )
    shares = choice_shares(short, counts)
    assert [(s.answer, s.count, s.correct) for s in shares] == [
        ("Belgrade", 5, True),
        ("Paris", 3, False),
        ("Novigrad", 2, False),
    ]
    assert most_chosen_wrong(short, counts).answer == "Paris"

    multiple = LEAVES["multiple"]
    counts = pd.DataFrame(
        {
            "question_id": ["multiple"] * 2,
            "answer": [["a", "b", "c"], ["a", "e"]],
            "points": [3.0, 0.0],
            "count": [4, 1],
        }
    )
    shares = {s.answer[0]: (s.count, s.correct) for s in choice_shares(multiple, counts)}
    assert shares == {
        "a": (5, True),
        "b": (4, True),
        "c": (4, True),
        "d": (0, False),
        "e": (1, False),
    }
    assert LEAVES["multiple"].score(["a", "e"]) == 0  # 1/3 - 1/2 is kept at 0
