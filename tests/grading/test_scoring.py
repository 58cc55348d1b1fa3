from fractions import Fraction

import pytest

from courseware.content.quiz import load_quiz
from courseware.grading import AnswerSheetError, check_answers, score_quiz
from tests.quiz_files import HEADER, quiz_yaml

QUESTIONS = """\
- id: single
  type: single_choice
  prompt: P
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B}
    - {id: c, text: C}
- id: multi
  type: multiple_choice
  prompt: P
  points: 2
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, correct: true}
    - {id: c, text: C}
- id: multi-partial
  type: multiple_choice
  scoring: partial
  prompt: P
  points: 3
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, correct: true}
    - {id: c, text: C, correct: true}
    - {id: d, text: D}
- id: tf
  type: true_false
  prompt: P
  answer: false
- id: match
  type: matching
  prompt: P
  pairs:
    - {id: p1, left: L1, right: R1}
    - {id: p2, left: L2, right: R2}
  distractors:
    - {id: d1, text: D}
- id: match-partial
  type: matching
  scoring: partial
  prompt: P
  pairs:
    - {id: p1, left: L1, right: R1}
    - {id: p2, left: L2, right: R2}
    - {id: p3, left: L3, right: R3}
    - {id: p4, left: L4, right: R4}
- id: order
  type: ordering
  prompt: P
  items: [{id: x, text: X}, {id: y, text: Y}, {id: z, text: Z}]
- id: order-partial
  type: ordering
  scoring: partial
  prompt: P
  items: [{id: w, text: W}, {id: x, text: X}, {id: y, text: Y}, {id: z, text: Z}]
- id: num
  type: numeric
  prompt: P
  answer: 2.5
  tolerance: 0.1
  unit: km
- id: case
  type: scenario
  prompt: P
  case: C
  questions:
    - {id: case-a, type: true_false, prompt: P, answer: true, points: 0.7}
    - {id: case-b, type: true_false, prompt: P, answer: true, points: 0.1}
"""
QUIZ = load_quiz(quiz_yaml(QUESTIONS).encode(), "sample.yaml").value


def points(answers: dict) -> dict:
    return score_quiz(QUIZ, check_answers(QUIZ, answers)).question_points


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("single", "a", 1),
        ("single", "b", 0),
        ("multi", ["a", "b"], 2),
        ("multi", ["b", "a", "a"], 2),
        ("multi", ["a"], 0),
        ("multi", ["a", "b", "c"], 0),
        ("multi", [], 0),
        ("multi-partial", ["a", "b", "c"], 3),
        ("multi-partial", ["a", "b"], 2),
        ("multi-partial", ["a", "b", "d"], 1),
        ("multi-partial", ["a", "d"], 0),
        ("multi-partial", ["d"], 0),
        ("multi-partial", ["a", "b", "c", "d"], 2),
        ("tf", False, 1),
        ("tf", True, 0),
        ("match", {"p1": "p1", "p2": "p2"}, 1),
        ("match", {"p1": "p1", "p2": "d1"}, 0),
        ("match", {"p1": "p1"}, 0),
        ("match-partial", {"p1": "p1", "p2": "p2", "p3": "p4", "p4": "p4"}, Fraction(3, 4)),
        ("match-partial", {"p1": "p2", "p2": "p2", "p3": "p2", "p4": "p2"}, Fraction(1, 4)),
        ("order", ["x", "y", "z"], 1),
        ("order", ["x", "z", "y"], 0),
        ("order-partial", ["w", "x", "z", "y"], Fraction(1, 2)),
        ("order-partial", ["z", "y", "x", "w"], 0),
        ("num", 2.5, 1),
        ("num", 2.6, 1),
        ("num", 2.4, 1),
        ("num", 2.61, 0),
        ("num", 3, 0),
        ("case-a", True, Fraction(7, 10)),
    ],
)
def test_points_earned_by_each_type(question, answer, expected):
    assert points({question: answer})[question] == expected


def test_unanswered_questions_earn_nothing_and_scenarios_are_scored_by_their_parts():
    result = score_quiz(QUIZ, {})
    assert set(result.question_points) == {
        "single",
        "multi",
        "multi-partial",
        "tf",
        "match",
        "match-partial",
        "order",
        "order-partial",
        "num",
        "case-a",
        "case-b",
    }
    assert result.points == 0
    assert result.max_points == 1 + 2 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + Fraction(8, 10)


def test_pass_mark_uses_exact_arithmetic():
    quiz = load_quiz(
        quiz_yaml(
            "- {id: a, type: true_false, prompt: P, answer: true, points: 0.7}\n"
            "- {id: b, type: true_false, prompt: P, answer: true, points: 0.1}\n"
            "- {id: c, type: true_false, prompt: P, answer: true, points: 0.2}",
            HEADER.replace("kind: final", "kind: final\npass_mark: 0.8"),
        ).encode(),
        "sample.yaml",
    ).value
    result = score_quiz(quiz, {"a": True, "b": True, "c": False})
    assert result.fraction == Fraction(4, 5)
    assert result.passed is True
    assert score_quiz(quiz, {"a": True, "c": False}).passed is False


def test_seven_of_ten_passes_a_pass_mark_of_seven_tenths():
    questions = "\n".join(
        f"- {{id: q{i}, type: true_false, prompt: P, answer: true}}" for i in range(10)
    )
    quiz = load_quiz(quiz_yaml(questions).encode(), "sample.yaml").value
    answers = {f"q{i}": i < 7 for i in range(10)}
    assert score_quiz(quiz, answers).passed is True
    answers["q6"] = False
    assert score_quiz(quiz, answers).passed is False


def test_only_the_drawn_questions_count():
    result = score_quiz(QUIZ, {"single": "a", "tf": True}, question_ids=["single", "tf"])
    assert result.max_points == 2
    assert result.points == 1


def test_a_survey_has_no_score():
    survey = load_quiz(
        quiz_yaml(
            "- {id: l, type: likert, prompt: P}", HEADER.replace("kind: final", "kind: survey")
        ).encode(),
        "sample.yaml",
    ).value
    result = score_quiz(survey, check_answers(survey, {"l": 4}))
    assert (result.points, result.max_points, result.passed, result.question_points) == (
        None,
        None,
        None,
        {},
    )


@pytest.mark.parametrize(
    ("answers", "question", "words"),
    [
        ({"nope": "a"}, "nope", "no such question"),
        ({"case": True}, "case", "answer its sub-questions"),
        ({"single": "z"}, "single", "unknown option 'z'"),
        ({"single": ["a"]}, "single", "expected option id"),
        ({"multi": "a"}, "multi", "expected a list"),
        ({"multi": ["a", "q"]}, "multi", "unknown option 'q'"),
        ({"tf": "yes"}, "tf", "true or false"),
        ({"match": ["p1"]}, "match", "expected a mapping"),
        ({"match": {"p9": "p1"}}, "match", "unknown pair 'p9'"),
        ({"match": {"p1": "zz"}}, "match", "unknown right-hand item 'zz'"),
        ({"order": ["x", "y"]}, "order", "every item id exactly once"),
        ({"order": ["x", "y", "y"]}, "order", "every item id exactly once"),
        ({"order": ["x", "y", "q"]}, "order", "unknown item 'q'"),
        ({"num": "2.5"}, "num", "expected a number"),
        ({"num": True}, "num", "expected a number"),
    ],
)
def test_answers_that_do_not_fit_name_their_question(answers, question, words):
    with pytest.raises(AnswerSheetError) as caught:
        check_answers(QUIZ, answers)
    assert words in caught.value.problems[question]


def test_random_guess_scores():
    by_id = {leaf.id: leaf for leaf in QUIZ.leaves()}
    assert by_id["single"].random_guess() == Fraction(1, 3)
    assert by_id["tf"].random_guess() == Fraction(1, 2)
    assert by_id["match"].random_guess() == Fraction(1, 9)
    assert by_id["match-partial"].random_guess() == Fraction(1, 4)
    assert by_id["order"].random_guess() == Fraction(1, 6)
    assert by_id["order-partial"].random_guess() == Fraction(1, 4)
    assert by_id["num"].random_guess() == 0
    # all or nothing: one of the 7 non-empty subsets of 3 options is right
    assert by_id["multi"].random_guess() == Fraction(1, 7)
