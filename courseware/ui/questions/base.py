"""What every question type's UI module shares: the view a widget draws from, and the default
answer description, feedback and review that a type overrides where it differs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import streamlit as st

from courseware.content.questions import LeafQuestion, Question
from courseware.i18n import Translator
from courseware.ui.safe_text import plain

# Saves an answer at once; False when the store refused it (the page then says why).
SaveAnswer = Callable[[str, Any], bool]
# Course text (a Text value) in the reader's language and script.
TextOf = Callable[[Any], str]


@dataclass(frozen=True)
class QuestionView:
    """What a widget needs: the question, its option order in this attempt, the saved answer."""

    question: LeafQuestion
    order: list[str]
    saved: Any
    key: str
    text: TextOf
    t: Translator
    save: SaveAnswer
    disabled: bool = False
    # A knowledge check: feedback as the learner goes, and choices may be taken back.
    practice: bool = False

    def on_change(self, read: Callable[[], Any]) -> Callable[[], None]:
        return lambda: self.save(self.question.id, read())


@dataclass(frozen=True)
class Rendering:
    """One question's place in an attempt: the option orders, the saved answers, the keys."""

    orders: dict[str, list[str]]
    saved: dict[str, Any]
    key_prefix: str
    text: TextOf
    t: Translator
    save: SaveAnswer
    disabled: bool = False
    practice: bool = False

    def view(self, leaf: LeafQuestion) -> QuestionView:
        return QuestionView(
            question=leaf,
            order=self.orders.get(leaf.id, leaf.shuffle_ids()),
            saved=self.saved.get(leaf.id),
            key=f"{self.key_prefix}:{leaf.id}",
            text=self.text,
            t=self.t,
            save=self.save,
            disabled=self.disabled,
            practice=self.practice,
        )


@dataclass(frozen=True)
class Review:
    """A submitted question as the review shows it."""

    answers: dict[str, Any]
    points: dict[str, Fraction]
    text: TextOf
    t: Translator


def matched_feedback(question: LeafQuestion, answer: Any) -> list[Any]:
    """The feedback of the accepted answer that grades `answer` (numeric, short answer)."""
    match = question.matching(question.check_answer(answer))
    return [match.feedback] if match is not None and match.feedback else []


class QuestionUI:
    """A question type on the page. Leaf types override `widget` and, where an answer is more
    than its own string, `describe`; scenario-like types override `render` and `review`."""

    # Whether an answer is text the learner wrote (shown literally, never as Markdown).
    written_by_learner = False

    def render(self, question: Question, rendering: Rendering) -> None:
        self.widget(rendering.view(question))

    def widget(self, view: QuestionView) -> None:
        raise NotImplementedError

    def describe(self, question: LeafQuestion, answer: Any, text: TextOf, t: Translator) -> str:
        """A given answer (never None) in words."""
        return str(answer)

    def feedback(self, question: LeafQuestion, answer: Any) -> list[Any]:
        """The feedback the author wrote for a given answer (never None)."""
        return []

    def answer_in_words(
        self, question: LeafQuestion, answer: Any, text: TextOf, t: Translator
    ) -> str:
        """An answer in words, for the review and the trainer's view of an attempt."""
        if answer is None:
            return t("review.not_answered")
        return self.describe(question, answer, text, t)

    def answer_in_markdown(
        self, question: LeafQuestion, answer: Any, text: TextOf, t: Translator
    ) -> str:
        """`answer_in_words` for a place that renders Markdown: what a learner wrote is
        escaped (an option's label stays as its author wrote it)."""
        given = self.answer_in_words(question, answer, text, t)
        return plain(given) if self.written_by_learner and answer is not None else given

    def chosen_feedback(self, question: LeafQuestion, answer: Any) -> list[Any]:
        return [] if answer is None else self.feedback(question, answer)

    def review(self, question: Question, review: Review) -> None:
        """The learner's answer, the right answer, points, feedback and sources."""
        t, text = review.t, review.text
        answer = review.answers.get(question.id)
        given = self.answer_in_markdown(question, answer, text, t)
        st.markdown(f"**{text(question.prompt)}**")
        if question.graded:
            earned = review.points.get(question.id)
            st.markdown(f"{score_icon(question, earned)} {t('review.your_answer')}: {given}")
            if earned != question.max_points:
                correct = self.answer_in_words(question, question.correct_answer(), text, t)
                st.markdown(f"{t('review.correct_answer')}: {correct}")
            points_caption(question, earned, t)
        else:
            st.markdown(f"{t('review.your_answer')}: {given}")
        for feedback in self.chosen_feedback(question, answer):
            st.markdown(f"> {text(feedback)}")
        why_and_source(question.explanation, question.reference, text, t)


def score_icon(question: LeafQuestion, earned: Fraction | None) -> str:
    """Full points, some, or none."""
    if earned is not None and earned == question.max_points:
        return ":material/check_circle:"
    return ":material/adjust:" if earned else ":material/cancel:"


def points_caption(question: LeafQuestion, earned: Fraction | None, t: Translator) -> None:
    st.caption(
        t(
            "review.points",
            earned=t.number(earned or 0),
            total=t.number(question.max_points),
        )
    )


def why_and_source(explanation: Any, reference: str | None, text: TextOf, t: Translator) -> None:
    """An explanation and its source, where the author gave them."""
    if explanation:
        st.markdown(f"**{t('review.why')}** {text(explanation)}")
    if reference:
        st.caption(f"{t('review.source')}: {reference}")
