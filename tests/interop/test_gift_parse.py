"""Importing GIFT: every form of Moodle's GIFT documentation, read as Moodle reads it."""

from fractions import Fraction

import pytest

from courseware.content.problems import ContentError
from courseware.interop import import_bank
from tests.interop.helpers import imported, points, questions

RESULT = imported("moodle-docs.gift.txt", "gift")
QUESTIONS = questions(RESULT)
QUIZ = RESULT.loaded.value


def score(question_id, answer):
    return points(QUIZ, {question_id: answer})[question_id]


def gift(text: str, kind: str = "final"):
    return import_bank(
        text.encode(), "t.gift", "gift", quiz_id="t", module="legal-framework", kind=kind
    )


def test_names_ids_tags_category_and_general_feedback():
    question = QUESTIONS["q-palermo"]
    assert question.tags == ["protocols", "un"]
    assert question.explanation == "The Palermo Protocol (2000) gave the first agreed definition."
    assert question.options[1].feedback == "No, that one is about smuggling."
    assert QUIZ.title == "GIFT examples"
    assert [score("q-palermo", o) for o in "abc"] == [1, 0, Fraction(1, 2)]


def test_weights_without_an_equals_sign_make_a_multiple_answer_question():
    question = QUESTIONS["indicators"]
    assert question.type == "multiple_choice"
    assert score("indicators", ["a", "b"]) == 1 and score("indicators", ["a", "c"]) == 0


def test_true_false_in_both_spellings_with_both_feedbacks():
    assert QUESTIONS["child-means-t"].answer is True
    consent = QUESTIONS["consent-true-with-feedback"]
    assert consent.answer is False
    # {FALSE#wrong#right}: the first feedback is for the wrong answer (true).
    assert consent.feedback_true == "Deception makes consent irrelevant."
    assert consent.feedback_false == "Right: it is irrelevant."


def test_short_answer_matching_numbers_and_ranges():
    assert [score("short", s) for s in ("cptv", "Centar X", "no")] == [1, Fraction(1, 2), 0]
    assert QUESTIONS["matching"].distractors[0].text == "Trafficking in minors for adoption"
    assert [score("days", n) for n in (30, 31)] == [1, 0]
    assert [score("days-with-margin", n) for n in (80, 120, 121)] == [1, 1, 0]
    assert [score("range", n) for n in (2, 3.5, 4, 4.5)] == [1, 1, 1, 0]
    assert [score("weighted-numbers", n) for n in (2000, 2001, 1990)] == [1, Fraction(1, 2), 0]


def test_missing_word_description_essay_escapes_and_formats():
    missing = next(q for q in QUIZ.leaves() if "once means were used" in q.prompt)
    assert missing.prompt == "Consent of a victim is \\_\\_\\_\\_\\_ once means were used."
    assert missing.options[1].correct
    scenario = next(q for q in QUIZ.questions if q.type == "scenario")
    assert scenario.case == "The next questions are about **Omar**, 15, who works without pay."
    assert QUESTIONS["escapes"].answers[0].text == "All of them: ~ = # { }"
    assert QUESTIONS["html"].prompt == "Is **this** written in HTML?"
    assert QUESTIONS["html"].explanation == "General *feedback*."
    assert QUESTIONS["plain"].prompt == "Plain \\*text\\* keeps its stars."
    assert any("'Essay': skipped" in str(w) for w in RESULT.warnings)
    assert (
        questions(imported("moodle-docs.gift.txt", "gift", kind="survey"))["essay"].type == "text"
    )


def test_equals_with_a_weight_in_multiple_choice_is_read_as_moodle_reads_it():
    result = gift("Q {=%50%half ~no}")
    question = result.loaded.value.questions[0]
    assert question.options[0].correct and question.options[0].text == "%50%half"
    assert any("fully right answer" in str(w) for w in result.warnings)


def test_ordering_plugin_form():
    result = gift(
        "::Order::Order them {>3 ALL VERTICAL ALL_OR_NOTHING SHOW none\nOne\nTwo\nThree\n}"
    )
    question = result.loaded.value.questions[0]
    assert question.type == "ordering" and question.scoring == "all_or_nothing"
    assert [i.text for i in question.items] == ["One", "Two", "Three"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Q1 {=a ~b}\n\nBroken { =x", 3, "needs both '{' and '}'"),
        ("Q {#abc}", 1, "is not a number"),
        ("Q {=a -> b}", 1, "at least 2 pairs"),
        ("Q {~only}", 1, "at least 2 answers"),
    ],
)
def test_malformed_gift_is_an_error_on_its_line(text, line, message):
    with pytest.raises(ContentError) as caught:
        gift(text)
    problem = caught.value.problems[0]
    assert (problem.line, problem.severity) == (line, "error") and message in problem.message
