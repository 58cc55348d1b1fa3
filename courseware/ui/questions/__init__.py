"""Question types on the page: each module owns one type's widget, answer description,
feedback and review; `registry.py` lists them. Each widget calls `save(question_id, answer)`
as soon as the learner changes the answer, so nothing waits for the submit button.

Widgets are keyed by attempt and question, so a rerun keeps what the learner entered, and a
resumed attempt starts from the saved answers.
"""

from __future__ import annotations

from typing import Any

from courseware.content.questions import LeafQuestion, Question
from courseware.i18n import Translator
from courseware.ui.questions.base import Rendering, Review, TextOf
from courseware.ui.questions.registry import QUESTION_UIS


def render_question(question: Question, rendering: Rendering) -> None:
    QUESTION_UIS[question.type].render(question, rendering)


def review_question(question: Question, review: Review) -> None:
    QUESTION_UIS[question.type].review(question, review)


def describe_answer(question: LeafQuestion, answer: Any, text: TextOf, t: Translator) -> str:
    return QUESTION_UIS[question.type].answer_in_words(question, answer, text, t)


def answer_in_markdown(question: LeafQuestion, answer: Any, text: TextOf, t: Translator) -> str:
    return QUESTION_UIS[question.type].answer_in_markdown(question, answer, text, t)


def chosen_feedback(question: LeafQuestion, answer: Any) -> list[Any]:
    return QUESTION_UIS[question.type].chosen_feedback(question, answer)


__all__ = [
    "Rendering",
    "Review",
    "answer_in_markdown",
    "chosen_feedback",
    "describe_answer",
    "render_question",
    "review_question",
]
