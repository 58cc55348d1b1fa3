"""Importing Moodle XML written the way Moodle 4.x exports it: each Moodle type, the score
Moodle gives for each answer, and a warning (on the question's line) for every loss."""

from fractions import Fraction

import pytest

from tests.interop.helpers import imported, points, questions

RESULT = imported("moodle-export.xml", "moodle-xml")
QUESTIONS = questions(RESULT)
QUIZ = RESULT.loaded.value


def score(question_id: str, answer) -> Fraction:
    return points(QUIZ, {question_id: answer})[question_id]


def warnings() -> list[str]:
    return [str(w) for w in RESULT.warnings]


def test_summary_counts_and_title_from_the_category():
    assert (RESULT.imported, RESULT.skipped) == (12, 3)
    assert QUIZ.title == "Indicators"


def test_single_answer_multichoice_keeps_its_partial_grades_and_feedback():
    question = QUESTIONS["ind-01"]  # the idnumber becomes the id
    assert question.type == "single_choice" and question.points == 2
    assert question.prompt == {"en": "What do you do **first**?", "sr": "Šta prvo radite?"}
    assert [score("ind-01", o) for o in ("a", "b", "c")] == [2, Fraction(2, 3), 0]
    assert question.options[0].feedback == "Right."
    assert question.explanation == "Safety comes first."
    assert question.tags == ["first-contact", "safety"]
    assert any(
        ":15: warning: question 'First step': option 'c' takes away 50%" in w for w in warnings()
    )


@pytest.mark.parametrize(
    ("answer", "expected"),
    [(["a"], Fraction(1, 2)), (["a", "b"], 1), (["a", "b", "c"], 0), (["a", "d"], Fraction(1, 2))],
)
def test_multiple_answer_multichoice_adds_fractions_within_0_and_1(answer, expected):
    assert score("indicators-of-labour-exploitation", answer) == expected


def test_equal_shares_with_the_same_taken_away_become_partial_scoring():
    question = QUESTIONS["elements-of-the-definition"]
    assert question.scoring == "partial" and not question.by_credit
    assert score("elements-of-the-definition", ["a", "b", "d"]) == 1  # 3 × (2 − 1)/3


def test_images_keep_their_alt_text_and_embedded_files_are_not_written():
    prompt = QUESTIONS["indicators-of-labour-exploitation"].prompt
    assert "A map of the route" in prompt and "base64" not in prompt
    assert any(
        "image (an embedded file) is not imported; its alt text is kept" in w for w in warnings()
    )


def test_truefalse_matching_numerical_shortanswer():
    assert QUESTIONS["child-and-means"].feedback_false == "No: for a child no means are needed."
    assert score("child-and-means", True) == 1 and score("child-and-means", False) == 0
    matching = QUESTIONS["articles"]
    assert [d.text for d in matching.distractors] == ["Trafficking in minors for adoption"]
    assert score("articles", {"a": "a", "b": "c"}) == 1  # Moodle: 1 of 2 subquestions right
    assert [score("reflection-period", n) for n in (30, 34, 36)] == [1, Fraction(1, 2), 0]
    assert QUESTIONS["reflection-period"].unit == "days"
    assert [
        score("identification-body", s)
        for s in ("cptv", "The Protection of Victims centre", "police")
    ] == [1, 1, 0]
    assert (
        QUESTIONS["identification-body"].matching("police").feedback
        == "The Centre identifies victims."
    )


def test_ordering_and_all_or_nothing_plugin_types():
    assert QUESTIONS["steps"].scoring == "partial"
    assert any("'RELATIVE_NEXT_EXCLUDE_LAST'; imported as 'partial'" in w for w in warnings())
    assert score("all-of-them", ["a", "b"]) == 1 and score("all-of-them", ["a"]) == 0


def test_a_description_becomes_the_case_of_the_questions_after_it():
    scenario = next(q for q in QUIZ.questions if q.type == "scenario")
    assert scenario.prompt == "Case: Omar"
    assert scenario.case.startswith("Omar, 15")
    assert [leaf.id for leaf in scenario.questions] == ["omar-possible-victim", "multilang2"]


def test_unsupported_types_are_skipped_with_a_warning_naming_them():
    found = warnings()
    assert any("question 'Cloze': skipped: Cloze (multianswer)" in w for w in found)
    assert any(
        ":449: warning: question 'Drag words': skipped: the question type 'ddwtos'" in w
        for w in found
    )
    assert any("'Reflection': skipped: an essay is graded by hand" in w for w in found)


def test_essay_becomes_text_in_a_survey():
    survey = imported("moodle-export.xml", "moodle-xml", kind="survey")
    assert questions(survey)["reflection"].type == "text"


def test_multilang2_and_cyrillic_spans_become_both_languages_and_scripts_are_safe():
    question = QUESTIONS["multilang2"]
    assert question.prompt == {"en": "Is consent relevant?", "sr": "Da li je pristanak relevantan?"}
    assert question.options[1].text == {"en": "No", "sr": "Ne"}  # from Cyrillic
    assert "alert" not in str(question.prompt)


def test_category_option_picks_one_category():
    from courseware.content.problems import ContentError

    with pytest.raises(ContentError, match="no question in the category 'Other'"):
        imported("moodle-export.xml", "moodle-xml", category="Other")
    chosen = imported(
        "moodle-export.xml", "moodle-xml", category="Default for Anti-trafficking basics"
    )
    assert chosen.imported == 12
