"""Every rule of the quiz file format (docs/quiz-format.md), each on its line."""

from decimal import Decimal

import pytest

from courseware.content.problems import ContentError
from courseware.content.quiz import load_quiz
from tests.quiz_files import HEADER, SINGLE, quiz_yaml


def load(text: str, expected_id: str | None = "sample"):
    return load_quiz(text.encode(), "sample.yaml", expected_id=expected_id)


def errors(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ContentError) as caught:
        load(text)
    return [(p.line, p.message) for p in caught.value.problems if p.severity == "error"]


def assert_error(text: str, line: int, words: str) -> None:
    found = errors(text)
    assert any(ln == line and words in message for ln, message in found), found


def test_a_valid_quiz_loads_with_defaults():
    quiz = load(quiz_yaml(SINGLE)).value
    assert quiz.pass_mark == Decimal("0.7")
    assert quiz.max_attempts is None
    assert quiz.shuffle_questions is False and quiz.shuffle_options is False
    assert quiz.draw is None and quiz.time_limit_minutes is None
    assert quiz.questions[0].points == 1


def test_plain_string_text_is_used_for_every_language_without_warning():
    text = (
        HEADER.replace("{en: Sample, sr: Primer}", "Sample")
        + "questions:\n"
        + ("  - {id: q, type: true_false, prompt: Is it so, answer: true}\n")
    )
    assert load(text).warnings == []


def test_missing_translation_is_a_warning_on_its_line():
    text = quiz_yaml(SINGLE).replace(
        "prompt: {en: Pick one, sr: Izaberi}", "prompt: {en: Pick one}"
    )
    warnings = load(text).warnings
    assert [(w.line, w.severity) for w in warnings] == [(8, "warning")]
    assert "missing 'sr' translation" in warnings[0].message


def test_unknown_language_code_is_an_error_on_its_key():
    text = quiz_yaml(SINGLE).replace(
        "prompt: {en: Pick one, sr: Izaberi}", "prompt:\n      en: x\n      de: y"
    )
    assert_error(text, 10, "unknown language code 'de'")


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("id: sample", "id: Sample_1", 1, "not a valid id"),
        ("id: sample", "id: other", 1, "must equal the file name 'sample'"),
        ("kind: final", "kind: exam", 3, "must be one of"),
        ("title: {en: Sample, sr: Primer}", "title: ''", 4, "must not be empty"),
        ("module: legal-framework\n", "", 1, "missing required field 'module'"),
        ("kind: final", "kind: final\npass_mark: 0", 4, "pass_mark: must be a fraction"),
        ("kind: final", "kind: final\npass_mark: 1.5", 4, "pass_mark: must be a fraction"),
        ("kind: final", "kind: final\npass_mark: seventy", 4, "must be a number"),
        ("kind: final", "kind: final\nmax_attempts: 0", 4, "must be at least 1"),
        ("kind: final", "kind: final\nmax_attempts: 1.5", 4, "whole number"),
        ("kind: final", "kind: final\ndraw: 2", 4, "draw is 2 but the quiz has only 1"),
        (
            "kind: final",
            "kind: final\nalways_drawn: [nope]",
            4,
            "'nope' is not a top-level question",
        ),
        ("kind: final", "kind: final\ntime_limit_minutes: 0", 4, "must be at least 1"),
        ("kind: final", "kind: final\nshuffle_questions: maybe", 4, "true or false"),
        ("kind: final", "kind: final\npaper: only the first part", 4, "true or false"),
        (
            "kind: final",
            "kind: final\nshufle_options: true",
            4,
            "unknown field 'shufle_options' (did you mean 'shuffle_options'?)",
        ),
    ],
)
def test_top_level_rules(old, new, line, words):
    assert_error(quiz_yaml(SINGLE).replace(old, new, 1), line, words)


def test_paper_is_allowed_unless_the_file_says_paper_false_and_absent_keeps_the_version():
    plain = load(quiz_yaml(SINGLE)).value
    assert plain.allows_paper and "paper" not in plain.snapshot()
    barred = load(quiz_yaml(SINGLE).replace("kind: final", "kind: final\npaper: false")).value
    assert not barred.allows_paper
    assert barred.content_version() != plain.content_version()
    allowed = load(quiz_yaml(SINGLE).replace("kind: final", "kind: final\npaper: true")).value
    assert allowed.allows_paper


def test_a_quiz_needs_questions():
    assert_error(HEADER + "questions: []\n", 5, "at least 1")


@pytest.mark.parametrize(
    ("questions", "line", "words"),
    [
        # every question
        ("- {id: q, type: true_false, answer: true}", 6, "missing required field 'prompt'"),
        ("- {id: q, prompt: P, answer: true}", 6, "missing required field 'type'"),
        ("- {id: q, type: essay, prompt: P}", 6, "unknown question type 'essay'"),
        ("- {id: q, type: true_false, prompt: P, answer: true, points: 0}", 6, "greater than 0"),
        ("- {id: q, type: true_false, prompt: P, answer: true, points: -1}", 6, "greater than 0"),
        (
            "- {id: q, type: true_false, prompt: P, answer: true, tags: [Bad Tag]}",
            6,
            "not a valid id",
        ),
        (
            "- {id: q, type: true_false, prompt: P, answer: true}\n- {id: q, type: true_false, prompt: P, answer: false}",
            7,
            "duplicate question id 'q'",
        ),
        # single choice
        (
            "- id: q\n  type: single_choice\n  prompt: P\n  options:\n    - {id: a, text: A, correct: true}",
            9,
            "at least 2",
        ),
        (
            "- id: q\n  type: single_choice\n  prompt: P\n  options:\n    - {id: a, text: A}\n    - {id: b, text: B}",
            9,
            "exactly one correct option, found 0",
        ),
        (
            "- id: q\n  type: single_choice\n  prompt: P\n  options:\n    - {id: a, text: A, correct: true}\n    - {id: b, text: B, correct: true}",
            9,
            "exactly one correct option, found 2",
        ),
        (
            "- id: q\n  type: single_choice\n  prompt: P\n  options:\n    - {id: a, text: A, correct: true}\n    - {id: a, text: B}",
            11,
            "duplicate option id 'a'",
        ),
        (
            "- id: q\n  type: single_choice\n  prompt: P\n  options:\n    - {id: a, text: A, correct: true}\n    - {id: b, text: B, corect: true}",
            11,
            "unknown field 'corect' (did you mean 'correct'?)",
        ),
        (
            "- id: q\n  type: single_choice\n  prompt: P\n  options:\n    - {id: a, text: A, correct: true}\n    - {id: b, text: B, correct: yes please}",
            11,
            "true or false",
        ),
        # multiple choice
        (
            "- id: q\n  type: multiple_choice\n  prompt: P\n  options:\n    - {id: a, text: A}\n    - {id: b, text: B}",
            9,
            "at least one correct option",
        ),
        (
            "- id: q\n  type: multiple_choice\n  prompt: P\n  scoring: some\n  options:\n    - {id: a, text: A, correct: true}\n    - {id: b, text: B}",
            9,
            "must be one of",
        ),
        # true/false
        ("- {id: q, type: true_false, prompt: P}", 6, "missing required field 'answer'"),
        ("- {id: q, type: true_false, prompt: P, answer: 1}", 6, "true or false"),
        # matching
        (
            "- id: q\n  type: matching\n  prompt: P\n  pairs:\n    - {id: a, left: L, right: R}",
            9,
            "at least 2",
        ),
        (
            "- id: q\n  type: matching\n  prompt: P\n  pairs:\n    - {id: a, left: L, right: R}\n    - {id: b, left: L, right: R}\n  distractors:\n    - {id: a, text: D}",
            13,
            "duplicate pair or distractor id 'a'",
        ),
        # ordering
        (
            "- id: q\n  type: ordering\n  prompt: P\n  items:\n    - {id: a, text: A}",
            9,
            "at least 2",
        ),
        (
            "- id: q\n  type: ordering\n  prompt: P\n  items:\n    - {id: a, text: A}\n    - {id: a, text: B}",
            11,
            "duplicate item id 'a'",
        ),
        # numeric
        (
            "- {id: q, type: numeric, prompt: P, answer: 3, tolerance: -0.5}",
            6,
            "must not be negative",
        ),
        ("- {id: q, type: numeric, prompt: P, answer: three}", 6, "must be a number"),
        ("- {id: q, type: numeric, prompt: P, answer: .inf}", 6, "finite"),
        # scenario
        (
            "- id: s\n  type: scenario\n  prompt: P\n  case: C\n  questions:\n    - {id: t, type: scenario, prompt: P, case: C, questions: []}",
            11,
            "a scenario cannot contain another scenario",
        ),
        ("- id: s\n  type: scenario\n  prompt: P\n  case: C\n  questions: []", 10, "at least 1"),
        (
            "- id: s\n  type: scenario\n  prompt: P\n  case: C\n  points: 2\n  questions:\n    - {id: t, type: true_false, prompt: P, answer: true}",
            10,
            "unknown field 'points'",
        ),
        (
            "- id: s\n  type: scenario\n  prompt: P\n  questions:\n    - {id: t, type: true_false, prompt: P, answer: true}",
            6,
            "missing required field 'case'",
        ),
        (
            "- id: s\n  type: scenario\n  prompt: P\n  case: C\n  questions:\n    - {id: s, type: true_false, prompt: P, answer: true}",
            11,
            "duplicate question id 's'",
        ),
        # survey-only types
        ("- {id: q, type: likert, prompt: P}", 6, "belong only in a survey"),
        ("- {id: q, type: text, prompt: P}", 6, "belong only in a survey"),
    ],
)
def test_question_rules(questions, line, words):
    assert_error(quiz_yaml(questions), line, words)


SURVEY = HEADER.replace("kind: final", "kind: survey")


@pytest.mark.parametrize(
    ("questions", "line", "words"),
    [
        ("- {id: q, type: likert, prompt: P, scale: 2}", 6, "between 3 and 7"),
        ("- {id: q, type: likert, prompt: P, scale: 8}", 6, "between 3 and 7"),
        ("- {id: q, type: likert, prompt: P, scale: 3, labels: [a, b]}", 6, "one label per point"),
        ("- {id: q, type: text, prompt: P, max_length: 0}", 6, "at least 1"),
    ],
)
def test_survey_question_rules(questions, line, words):
    assert_error(quiz_yaml(questions, SURVEY), line, words)


def test_survey_types_are_valid_in_a_survey():
    quiz = load(
        quiz_yaml("- {id: q, type: likert, prompt: P}\n- {id: t, type: text, prompt: P}", SURVEY)
    ).value
    assert [q.scale if q.type == "likert" else q.max_length for q in quiz.questions] == [5, 2000]


def test_numeric_ids_written_as_numbers_are_read_as_ids():
    quiz = load(
        quiz_yaml(
            "- id: 1\n  type: single_choice\n  prompt: P\n  options:\n    - {id: 1, text: A, correct: true}\n    - {id: 2, text: B}"
        )
    ).value
    assert quiz.questions[0].id == "1"
    assert [o.id for o in quiz.questions[0].options] == ["1", "2"]


def test_content_version_ignores_layout_but_not_meaning():
    base = quiz_yaml(SINGLE)
    reformatted = "# a comment\n" + base
    changed = base.replace("correct: true}", "correct: true, feedback: Well done}")
    assert load(base).value.content_version() == load(reformatted).value.content_version()
    assert load(base).value.content_version() != load(changed).value.content_version()


def test_a_snapshot_rebuilds_the_same_quiz():
    quiz = load(
        quiz_yaml(
            SINGLE
            + "- {id: n, type: numeric, prompt: P, answer: 0.1, tolerance: 0.05, points: 0.5}"
        )
    ).value
    again = type(quiz).from_snapshot(quiz.snapshot())
    assert again == quiz
    assert again.content_version() == quiz.content_version()


def test_numbers_written_where_text_or_ids_are_expected_keep_their_spelling():
    quiz = load(
        quiz_yaml(
            "- id: 010\n  type: numeric\n  prompt: 2003\n  reference: 1.50\n  answer: 3\n  unit: 192"
        )
    ).value
    question = quiz.questions[0]
    assert (question.id, question.prompt, question.reference, question.unit) == (
        "010",
        "2003",
        "1.50",
        "192",
    )
