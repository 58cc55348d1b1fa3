"""Follow-up quizzes (issue 22): the `retention` kind, and survey free text that refuses
contact details (no personal data about the people a learner met)."""

import pytest

from courseware.content.questions.base import AnswerError
from courseware.content.questions.free_text import (
    CONTACT_DETAILS_REFUSED,
    contains_contact_details,
)
from courseware.content.quiz import load_quiz
from courseware.grading import check_answers, score_quiz
from tests.quiz_files import HEADER, SINGLE, quiz_yaml

RETENTION = HEADER.replace("kind: final", "kind: retention").replace(
    "module: legal-framework", "module: course"
)
SURVEY = HEADER.replace("kind: final", "kind: survey").replace(
    "module: legal-framework", "module: course"
)


def load(text: str):
    return load_quiz(text.encode(), "sample.yaml", expected_id="sample").value


def test_a_retention_quiz_is_graded_and_has_a_pass_mark():
    quiz = load(quiz_yaml(SINGLE, RETENTION))
    assert quiz.kind == "retention" and quiz.graded and not quiz.practice
    result = score_quiz(quiz, check_answers(quiz, {"q-single": "a"}))
    assert (result.points, result.max_points, result.passed) == (1, 1, True)


def test_survey_types_do_not_belong_in_a_retention_quiz():
    with pytest.raises(Exception, match="belong only in a survey"):
        load(quiz_yaml("- {id: t, type: text, prompt: P}", RETENTION))


@pytest.mark.parametrize(
    "text",
    [
        "Write to me at jelena.m@example.org",
        "her number is 063 123 4567",
        "+381 11 785 0000",
        "call 011/785-0000",
        "0631234567",
        "(011) 3220030",
        "he gave me +38163123456",
    ],
)
def test_contact_details_are_recognised(text):
    assert contains_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "I referred 3 people in 2023-2024, two to the Centre and one to the police.",
        "Called 192 once.",
        "Between 01.02.2024 and 05.03.2024 I met 12 children aged 14, 15 and 16.",
        "Unpaid work, a debt, documents held by the employer.",
        "",
    ],
)
def test_ordinary_answers_are_not_taken_for_contact_details(text):
    assert not contains_contact_details(text)


def test_survey_text_with_an_email_or_a_phone_number_is_refused_with_a_clear_message():
    quiz = load(quiz_yaml("- {id: t, type: text, prompt: P}", SURVEY))
    [question] = quiz.questions
    assert question.check_answer("Two referrals to the Centre.") == "Two referrals to the Centre."
    for answer in ("Reach her at a.b@example.org", "His phone: 064 555 1234"):
        with pytest.raises(AnswerError) as refused:
            question.check_answer(answer)
        assert str(refused.value) == CONTACT_DETAILS_REFUSED
        assert "please remove it" in str(refused.value)
        assert "e-mail address or a phone number" in str(refused.value)


def test_the_refusal_reaches_learners_in_their_language():
    from courseware.i18n import Translator

    english = Translator("en")("quiz.remove_contact_details")
    serbian = Translator("sr")("quiz.remove_contact_details")
    assert "remove" in english and "ukloni" in serbian
