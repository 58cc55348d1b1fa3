"""One input widget per question type. Each calls `save(question_id, answer)` as soon as the
learner changes the answer, so nothing waits for the submit button.

Widgets are keyed by attempt and question, so a rerun keeps what the learner entered, and a
resumed attempt starts from the saved answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from courseware.content.fields import localize
from courseware.content.questions import LeafQuestion, Question
from courseware.i18n import Translator

SaveAnswer = Callable[[str, Any], None]


@dataclass(frozen=True)
class QuestionView:
    """What a widget needs: the question, its option order in this attempt, the saved answer."""

    question: LeafQuestion
    order: list[str]
    saved: Any
    key: str
    language: str
    t: Translator
    save: SaveAnswer
    disabled: bool = False

    def text(self, value) -> str:
        return self.t.script_of(localize(value, self.language))

    def on_change(self, read: Callable[[], Any]) -> Callable[[], None]:
        return lambda: self.save(self.question.id, read())


def _single_choice(view: QuestionView) -> None:
    options = {o.id: o for o in view.question.options}
    st.radio(
        view.text(view.question.prompt),
        view.order,
        index=view.order.index(view.saved) if view.saved in view.order else None,
        format_func=lambda option_id: view.text(options[option_id].text),
        key=view.key,
        on_change=view.on_change(lambda: st.session_state[view.key]),
        disabled=view.disabled,
    )


def _multiple_choice(view: QuestionView) -> None:
    options = {o.id: o for o in view.question.options}
    st.markdown(view.text(view.question.prompt))
    st.caption(view.t("quiz.choose_all"))
    chosen = set(view.saved or [])

    def read() -> list[str]:
        return [o for o in view.order if st.session_state.get(f"{view.key}:{o}")]

    for option_id in view.order:
        st.checkbox(
            view.text(options[option_id].text),
            value=option_id in chosen,
            key=f"{view.key}:{option_id}",
            on_change=view.on_change(read),
            disabled=view.disabled,
        )


def _true_false(view: QuestionView) -> None:
    st.radio(
        view.text(view.question.prompt),
        [True, False],
        index=None if view.saved is None else (0 if view.saved else 1),
        format_func=lambda value: view.t("quiz.true") if value else view.t("quiz.false"),
        key=view.key,
        horizontal=True,
        on_change=view.on_change(lambda: st.session_state[view.key]),
        disabled=view.disabled,
    )


def _matching(view: QuestionView) -> None:
    question = view.question
    right_texts = {p.id: p.right for p in question.pairs} | {
        d.id: d.text for d in question.distractors
    }
    saved = view.saved or {}
    st.markdown(view.text(question.prompt))

    def read() -> dict[str, str]:
        chosen = {p.id: st.session_state.get(f"{view.key}:{p.id}") for p in question.pairs}
        return {left: right for left, right in chosen.items() if right is not None}

    for pair in question.pairs:
        current = saved.get(pair.id)
        st.selectbox(
            view.text(pair.left),
            view.order,
            index=view.order.index(current) if current in view.order else None,
            format_func=lambda right_id: view.text(right_texts[right_id]),
            placeholder=view.t("quiz.choose_match"),
            help=view.t("quiz.choose_match_help"),
            key=f"{view.key}:{pair.id}",
            on_change=view.on_change(read),
            disabled=view.disabled,
        )


def _ordering(view: QuestionView) -> None:
    texts = {item.id: item.text for item in view.question.items}
    order_key = f"{view.key}:order"
    if order_key not in st.session_state:
        st.session_state[order_key] = list(view.saved or view.order)
    order: list[str] = st.session_state[order_key]
    # `view.saved` is as the page was last run whole, which a question's own rerun is not.
    given_key = f"{view.key}:given"
    st.markdown(view.text(view.question.prompt))
    st.caption(view.t("quiz.ordering_help"))

    def move(item_id: str, step: int) -> None:
        # By item, not by row: a click that lands while the page is still redrawing after
        # the previous one comes with that earlier page's buttons, whose row numbers may
        # no longer hold (and whose "up" may be enabled for what is now the first item).
        index = order.index(item_id)
        if not 0 <= index + step < len(order):
            return
        order[index], order[index + step] = order[index + step], order[index]
        save_order()

    def save_order() -> None:
        st.session_state[given_key] = True
        view.save(view.question.id, list(order))

    for index, item_id in enumerate(order):
        label = view.text(texts[item_id])
        # One row also on a phone (columns would stack there, parting items from their
        # arrows): the text takes the room the two buttons leave.
        row = st.container(horizontal=True, vertical_alignment="center", wrap=False)
        row.markdown(f"{index + 1}. {label}", width="stretch")
        row.button(
            "↑",
            key=f"{view.key}:up:{item_id}",
            help=view.t("quiz.move_up", item=label),
            on_click=move,
            args=(item_id, -1),
            disabled=view.disabled or index == 0,
        )
        row.button(
            "↓",
            key=f"{view.key}:down:{item_id}",
            help=view.t("quiz.move_down", item=label),
            on_click=move,
            args=(item_id, 1),
            disabled=view.disabled or index == len(order) - 1,
        )
    if view.saved is None and not st.session_state.get(given_key):
        st.button(
            view.t("quiz.keep_order"),
            key=f"{view.key}:keep",
            on_click=save_order,
            disabled=view.disabled,
        )


def _numeric(view: QuestionView) -> None:
    question = view.question
    label = view.text(question.prompt)
    if question.unit and question.unit not in label:
        label += f" ({question.unit})"
    st.number_input(
        label,
        value=None if view.saved is None else float(view.saved),
        step=None,
        format="%g",
        placeholder=view.t("quiz.enter_number"),
        key=view.key,
        on_change=view.on_change(lambda: st.session_state[view.key]),
        disabled=view.disabled,
    )


def _likert(view: QuestionView) -> None:
    question = view.question
    points = list(range(1, question.scale + 1))
    labels = [view.text(label) for label in question.labels] if question.labels else None
    st.radio(
        view.text(question.prompt),
        points,
        index=points.index(view.saved) if view.saved in points else None,
        format_func=lambda point: f"{point} · {labels[point - 1]}" if labels else str(point),
        key=view.key,
        horizontal=True,
        on_change=view.on_change(lambda: st.session_state[view.key]),
        disabled=view.disabled,
    )


def _free_text(view: QuestionView) -> None:
    st.text_area(
        view.text(view.question.prompt),
        value=view.saved or "",
        max_chars=view.question.max_length,
        help=view.t("quiz.no_personal_details"),
        key=view.key,
        on_change=view.on_change(lambda: st.session_state[view.key] or None),
        disabled=view.disabled,
    )


WIDGETS: dict[str, Callable[[QuestionView], None]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "true_false": _true_false,
    "matching": _matching,
    "ordering": _ordering,
    "numeric": _numeric,
    "likert": _likert,
    "text": _free_text,
}


def render_question(
    question: Question,
    *,
    orders: dict[str, list[str]],
    saved: dict[str, Any],
    key_prefix: str,
    language: str,
    t: Translator,
    save: SaveAnswer,
    disabled: bool = False,
) -> None:
    """A top-level question: a scenario shows its case above its sub-questions."""
    if question.leaves() != [question]:
        st.markdown(f"**{t.script_of(localize(question.prompt, language))}**")
        st.info(t.script_of(localize(question.case, language)))
    for leaf in question.leaves():
        WIDGETS[leaf.type](
            QuestionView(
                question=leaf,
                order=orders.get(leaf.id, leaf.shuffle_ids()),
                saved=saved.get(leaf.id),
                key=f"{key_prefix}:{leaf.id}",
                language=language,
                t=t,
                save=save,
                disabled=disabled,
            )
        )


def _option_texts(question: LeafQuestion) -> dict[str, Any]:
    if question.type in ("single_choice", "multiple_choice"):
        return {o.id: o.text for o in question.options}
    if question.type == "ordering":
        return {i.id: i.text for i in question.items}
    if question.type == "matching":
        return {p.id: p.right for p in question.pairs} | {
            d.id: d.text for d in question.distractors
        }
    return {}


def describe_answer(
    question: LeafQuestion, answer: Any, text: Callable[[Any], str], t: Translator
) -> str:
    """An answer in words, for the review and the trainer's view of an attempt."""
    if answer is None:
        return t("review.not_answered")
    texts = _option_texts(question)
    kind = question.type
    if kind == "single_choice":
        return text(texts[answer]) if answer in texts else str(answer)
    if kind == "multiple_choice":
        return "; ".join(text(texts[a]) for a in answer if a in texts) or t("review.not_answered")
    if kind == "true_false":
        return t("quiz.true") if answer else t("quiz.false")
    if kind == "matching":
        lefts = {p.id: p.left for p in question.pairs}
        return "; ".join(
            f"{text(lefts[left])} → {text(texts[right])}"
            for left, right in answer.items()
            if left in lefts and right in texts
        )
    if kind == "ordering":
        return " → ".join(text(texts[i]) for i in answer if i in texts)
    if kind == "numeric":
        return (
            f"{answer:g} {question.unit or ''}".strip()
            if isinstance(answer, int | float)
            else str(answer)
        )
    return str(answer)


def chosen_feedback(question: LeafQuestion, answer: Any) -> list[Any]:
    """The feedback the author wrote for what the learner chose."""
    if answer is None:
        return []
    if question.type == "single_choice":
        return [o.feedback for o in question.options if o.id == answer and o.feedback]
    if question.type == "multiple_choice":
        return [o.feedback for o in question.options if o.id in answer and o.feedback]
    if question.type == "true_false":
        feedback = question.feedback_true if answer else question.feedback_false
        return [feedback] if feedback else []
    return []
