"""The score-preserving extensions (docs/question-types.md): option credit on single and
multiple choice, several accepted numbers and ranges, and the short_answer type."""

from decimal import Decimal
from fractions import Fraction

import pytest

from courseware.content.problems import ContentError
from courseware.content.questions.short_answer import wildcard_match
from courseware.content.quiz import load_quiz
from courseware.grading import check_answers, score_quiz
from tests.quiz_files import quiz_yaml

PARTIAL_SINGLE = """\
- id: single
  type: single_choice
  points: 2
  prompt: {en: P, sr: P}
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, credit: 0.5}
    - {id: c, text: C, credit: "1/3"}
    - {id: d, text: D}
"""

CREDIT_MULTIPLE = """\
- id: multiple
  type: multiple_choice
  points: 3
  prompt: {en: P, sr: P}
  options:
    - {id: a, text: A, credit: "1/3"}
    - {id: b, text: B, credit: "1/3"}
    - {id: c, text: C, credit: "1/3"}
    - {id: d, text: D, credit: -1}
    - {id: e, text: E, credit: "-1/2", feedback: {en: Wrong, sr: Ne}}
"""

NUMBERS = """\
- id: number
  type: numeric
  points: 4
  prompt: {en: P, sr: P}
  unit: days
  answers:
    - {value: 30, tolerance: 1, feedback: {en: Right, sr: Tačno}}
    - {min: 25, max: 35, credit: 0.5}
    - {value: 60, credit: 0.25}
"""

SHORT = """\
- id: short
  type: short_answer
  prompt: {en: P, sr: P}
  answers:
    - {text: "Belgrade", feedback: {en: Fine, sr: Da}}
    - {text: "Beo*rad"}
    - {text: "*grad", credit: 0.5}
    - {text: "*", credit: 0, feedback: {en: Wrong, sr: Ne}}
"""


def load(questions: str):
    return load_quiz(quiz_yaml(questions).encode(), "sample.yaml").value


def errors(questions: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(questions)
    return [p.message for p in caught.value.problems if p.severity == "error"]


def points(questions: str, answers: dict) -> dict:
    quiz = load(questions)
    return score_quiz(quiz, check_answers(quiz, answers)).question_points


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("a", 2), ("b", 1), ("c", Fraction(2, 3)), ("d", 0), (None, 0)],
)
def test_single_choice_options_earn_their_credit(answer, expected):
    assert points(PARTIAL_SINGLE, {"single": answer})["single"] == expected


def test_single_choice_random_guess_is_the_mean_share():
    question = load(PARTIAL_SINGLE).questions[0]
    assert question.random_guess() == (1 + Fraction(1, 2) + Fraction(1, 3)) / 4
    assert question.correct_answer() == "a"


def test_single_choice_credit_rules():
    assert any("between 0 and 1" in m for m in errors(PARTIAL_SINGLE.replace("0.5", "-0.5")))
    correct_with_credit = PARTIAL_SINGLE.replace("correct: true", "correct: true, credit: 0.5")
    assert any("leave out its credit" in m for m in errors(correct_with_credit))
    assert any("between -1 and 1" in m for m in errors(PARTIAL_SINGLE.replace("0.5", "2")))
    assert any("ratio" in m for m in errors(PARTIAL_SINGLE.replace('"1/3"', '"one third"')))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["a", "b", "c"], 3),
        (["a", "b"], 2),
        (["a", "b", "c", "e"], Fraction(3, 2)),
        (["a", "d"], 0),  # 1/3 - 1 is below 0: kept at 0
        (["e"], 0),
        ([], 0),
    ],
)
def test_multiple_choice_credits_add_up_within_0_and_1(answer, expected):
    assert points(CREDIT_MULTIPLE, {"multiple": answer})["multiple"] == expected


def test_multiple_choice_by_credit_knows_its_key_and_random_guess():
    question = load(CREDIT_MULTIPLE).questions[0]
    assert question.correct_answer() == ["a", "b", "c"]
    # Brute force over the 31 non-empty sets.
    from itertools import combinations

    shares = [o.share for o in question.options]
    total = Fraction(0)
    for size in range(1, 6):
        for chosen in combinations(shares, size):
            total += min(Fraction(1), max(Fraction(0), sum(chosen, Fraction(0))))
    assert question.random_guess() == total / 31


def test_multiple_choice_credit_rules():
    assert any("leave out scoring" in m for m in errors(CREDIT_MULTIPLE + "  scoring: partial\n"))
    with_correct = CREDIT_MULTIPLE.replace(
        "text: D, credit: -1", "text: D, correct: true, credit: -1"
    )
    assert any("leave out correct" in m for m in errors(with_correct))
    too_little = CREDIT_MULTIPLE.replace('text: C, credit: "1/3"', "text: C, credit: 0")
    assert any("at least all the points" in m for m in errors(too_little))


def test_the_existing_forms_score_as_before():
    partial = """\
- id: m
  type: multiple_choice
  scoring: partial
  points: 3
  prompt: P
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, correct: true}
    - {id: c, text: C, correct: true}
    - {id: d, text: D}
"""
    assert points(partial, {"m": ["a", "b", "d"]})["m"] == 1
    numeric = "- {id: n, type: numeric, prompt: P, answer: 0.3, tolerance: 0.1}\n"
    assert points(numeric, {"n": 0.4})["n"] == 1
    assert points(numeric, {"n": 0.41})["n"] == 0


@pytest.mark.parametrize(
    ("answer", "expected"),
    [(30, 4), (31, 4), (29, 4), (32, 2), (25, 2), (35, 2), (36, 0), (60, 1), (None, 0)],
)
def test_numeric_first_accepted_answer_gives_its_credit(answer, expected):
    assert points(NUMBERS, {"number": answer})["number"] == expected


def test_numeric_answers_rules():
    question = load(NUMBERS).questions[0]
    assert question.correct_answer() == 30
    both = NUMBERS.replace("  answers:", "  answer: 3\n  answers:")
    assert any("not both" in m for m in errors(both))
    assert any("min must not be more" in m for m in errors(NUMBERS.replace("max: 35", "max: 20")))
    no_full = NUMBERS.replace("tolerance: 1,", "tolerance: 1, credit: 0.5,")
    assert any("credit 1" in m for m in errors(no_full))
    half_range = NUMBERS.replace("{min: 25, max: 35", "{min: 25")
    assert any("both min and max" in m for m in errors(half_range))


def test_numeric_range_alone_takes_its_midpoint_as_the_answer_shown():
    question = load("- {id: n, type: numeric, prompt: P, answers: [{min: 2, max: 4}]}\n").questions[
        0
    ]
    assert question.correct_answer() == Decimal(3)
    assert question.score(Decimal("4")) == 1 and question.score(Decimal("4.01")) == 0


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Belgrade", 1),
        ("  belgrade ", 1),
        ("Beograd", 1),
        ("Novigrad", Fraction(1, 2)),
        ("Paris", 0),
        ("", 0),
    ],
)
def test_short_answer_follows_moodles_matching(answer, expected):
    assert points(SHORT, {"short": answer})["short"] == expected


def test_short_answer_case_sensitive_and_feedback():
    question = load(SHORT + "  case_sensitive: true\n").questions[0]
    assert question.score("belgrade") == 0  # only the catch-all "*" matches, for 0
    assert question.matching("belgrade").text == "*"
    assert question.matching("Belgrade").feedback == {"en": "Fine", "sr": "Da"}
    assert question.correct_answer() == "Belgrade"
    assert question.random_guess() == 0
    assert question.check_answer("   ") is None


def test_short_answer_rules():
    assert any(
        "credit 1" in m
        for m in errors(
            SHORT.replace('"Belgrade", ', '"Belgrade", credit: 0.5, ').replace(
                '"Beo*rad"}', '"Beo*rad", credit: 0.5}'
            )
        )
    )
    too_long = load(SHORT).questions[0]
    with pytest.raises(ValueError):
        too_long.check_answer("x" * 501)


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("a*c", "abbbc", True),
        ("a*c", "ab", False),
        ("*", "", True),
        ("a**b", "ab", True),
        ("a\\*b", "a*b", True),
        ("a\\*b", "axb", False),
        ("*a*a*", "aa", True),
        ("*a*a*", "a", False),
        ("ab*ba", "aba", False),
    ],
)
def test_wildcard_match(pattern, text, matches):
    assert wildcard_match(pattern, text) is matches


def test_many_stars_stay_fast():
    import time

    start = time.perf_counter()
    assert not wildcard_match("*a" * 200 + "*b", "a" * 400)
    assert time.perf_counter() - start < 1


def test_snapshot_keeps_exact_credits():
    quiz = load(PARTIAL_SINGLE + CREDIT_MULTIPLE + NUMBERS + SHORT)
    again = type(quiz).from_snapshot(quiz.snapshot())
    assert again == quiz
    assert again.questions[0].options[2].credit == Fraction(1, 3)
