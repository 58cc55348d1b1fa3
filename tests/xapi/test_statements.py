"""Answers as xAPI responses and patterns (xAPI 1.0.3's formats), and the parts of a
statement the LRS tests do not reach."""

from datetime import UTC, datetime
from fractions import Fraction

from courseware.content.quiz import load_quiz
from courseware.xapi.interactions import interaction
from courseware.xapi.statements import (
    CourseFacts,
    Learner,
    Platform,
    duration,
    language_tag,
    question_answered,
    quiz_result,
    registration,
)
from tests.quiz_files import quiz_yaml

QUIZ = load_quiz(
    quiz_yaml("""
- id: pick
  type: multiple_choice
  prompt: {en: Which, sr: Koji}
  options:
    - {id: a, text: {en: A, sr: A}, correct: true}
    - {id: b, text: {en: B, sr: B}}
    - {id: c, text: {en: C, sr: C}, correct: true}
- id: match
  type: matching
  prompt: {en: Match, sr: Spoji}
  pairs:
    - {id: x, left: {en: X, sr: X}, right: {en: "1", sr: "1"}}
    - {id: y, left: {en: Y, sr: Y}, right: {en: "2", sr: "2"}}
- id: days
  type: numeric
  prompt: {en: Days, sr: Dana}
  answer: 90
  tolerance: 0.5
- id: word
  type: short_answer
  prompt: {en: Word, sr: Reč}
  answers: [{text: Palermo}]
""").encode(),
    "sample.yaml",
).value
QUESTIONS = {leaf.id: leaf for leaf in QUIZ.leaves()}
PLATFORM = Platform("https://learn.example.org", "https://learn.example.org/xapi", "cw", "1")
LEARNER = Learner("0123abcd", "sr-Cyrl")
COURSE = CourseFacts("basics")
AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def test_responses_and_patterns_in_the_formats_of_the_specification():
    pick, match = QUESTIONS["pick"], QUESTIONS["match"]
    assert interaction(pick, ["c", "a"])[1] == "c[,]a"
    assert interaction(pick, None)[0]["correctResponsesPattern"] == ["a[,]c"]
    definition, response = interaction(match, {"x": "y", "y": "x"})
    assert response == "x[.]y[,]y[.]x"
    assert definition["correctResponsesPattern"] == ["x[.]x[,]y[.]y"]
    assert [part["id"] for part in definition["source"]] == ["x", "y"]
    definition, response = interaction(QUESTIONS["days"], QUESTIONS["days"].check_answer(90.0))
    assert (definition["correctResponsesPattern"], response) == (["89.5[:]90.5"], "90")
    definition, response = interaction(QUESTIONS["word"], "palermo")
    assert definition["correctResponsesPattern"] == ["{case_matters=false}Palermo"]
    assert response == "palermo"


def test_an_answer_with_part_of_the_points_is_no_success():
    statement = question_answered(PLATFORM, LEARNER, COURSE, QUIZ, QUESTIONS["pick"], ["a"], 7, AT)
    assert statement["result"]["success"] is False
    assert 0 <= statement["result"]["score"]["scaled"] < 1
    assert statement["context"]["language"] == "sr-Cyrl"
    assert statement["context"]["registration"] == registration(PLATFORM, 7)
    assert statement["object"]["definition"]["name"] == {"en": "Sample: pick", "sr": "Primer: pick"}


def test_a_result_carries_score_duration_and_the_pass_mark():
    statement = quiz_result(
        PLATFORM,
        LEARNER,
        COURSE,
        QUIZ,
        7,
        Fraction(5, 2),
        Fraction(4),
        False,
        datetime(2026, 12, 7, 8, 0, tzinfo=UTC),
        AT,
    )
    assert statement["verb"]["id"].endswith("/failed")
    assert statement["result"]["score"] == {"scaled": 0.625, "raw": 2.5, "min": 0, "max": 4.0}
    assert statement["result"]["duration"] == "PT1H30M0.00S"
    assert statement["timestamp"] == "2026-12-07T09:30:00.000+00:00"
    assert list(statement["context"]["extensions"].values()) == [0.7]


def test_durations_and_language_tags():
    assert duration(61.256) == "PT0H1M1.26S"
    assert (language_tag("sr", "latin"), language_tag("en", "latin")) == ("sr-Latn", "en")
    assert registration(PLATFORM, 7) != registration(PLATFORM, 8)
