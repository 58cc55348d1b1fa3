"""A branching case on the page: one step at a time under the story so far, each choice a
button saved the moment it is pressed. In a knowledge check each choice's feedback follows
it and the learner may step back; elsewhere a choice is final and its feedback waits for
the review, which sets the path taken beside the recommended one and draws the case."""

from __future__ import annotations

import streamlit as st

from courseware.case_graph import case_graph
from courseware.content.questions.branching import Branching, Choice, Step
from courseware.i18n import Translator
from courseware.ui.assistive import focus_on, key_selector
from courseware.ui.questions.base import (
    QuestionUI,
    QuestionView,
    Review,
    TextOf,
    points_caption,
    score_icon,
    why_and_source,
)


def _credit(step: Step) -> str:
    return f"{float(step.credit):.0%}"


def show_ending(step: Step, text: TextOf, t: Translator) -> None:
    """What happened to the person, with the ending's credit, explanation and source."""
    box = st.success if step.credit == 1 else st.warning if step.credit else st.error
    box(f"**{t('branching.outcome')}** {text(step.text)}", icon=":material/flag:")
    st.caption(t("branching.credit", credit=_credit(step)))
    why_and_source(step.explanation, step.reference, text, t)


def _chosen(choice: Choice, text: TextOf, t: Translator, *, feedback: bool) -> None:
    st.markdown(
        f":material/subdirectory_arrow_right: {t('branching.you_chose')} **{text(choice.text)}**"
    )
    if feedback and choice.feedback:
        st.info(text(choice.feedback), icon=":material/lightbulb:")


class BranchingUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
        question: Branching = view.question
        t, text = view.t, view.text
        # The path as this session knows it: a click reruns only this question, whose
        # `view.saved` stays as the page was last run whole. A run of the whole page that
        # brings another saved path (another tab, a choice refused) starts from that one.
        path_key, seen_key = f"{view.key}:path", f"{view.key}:seen"
        moved_key, step_key = f"{view.key}:moved", f"{view.key}:step"
        saved = list(view.saved or [])
        if path_key not in st.session_state or st.session_state.get(seen_key) != saved:
            st.session_state[path_key], st.session_state[seen_key] = saved, list(saved)
        path: list[str] = st.session_state[path_key]
        taken, current = question.follow(path)

        def change(length: int, choice_id: str | None) -> None:
            """From the path of `length` choices, go on with `choice_id` (None: step back).
            A click that comes from a page drawn before the last choice (a double click)
            finds the path longer than it saw, and does nothing."""
            before = st.session_state[path_key]
            if len(before) != length:
                return
            after = before[:-1] if choice_id is None else [*before, choice_id]
            st.session_state[path_key] = after
            if view.save(question.id, after):
                st.session_state[moved_key] = True
            else:
                st.session_state[path_key] = before

        st.markdown(f"**{text(question.prompt)}**")
        if taken:
            with st.container(border=True, key=f"{view.key}:story"):
                st.caption(t("branching.story_so_far"))
                for step, choice in taken:
                    st.markdown(text(step.text))
                    _chosen(choice, text, t, feedback=view.practice)
        with st.container(key=step_key):
            if current.is_ending:
                if view.practice:
                    show_ending(current, text, t)
                else:
                    st.info(t("branching.finished"), icon=":material/flag:")
            else:
                st.caption(t("branching.step", number=len(taken) + 1))
                st.markdown(text(current.text))
                for choice in question.choices_in_order(current, view.order):
                    st.button(
                        text(choice.text),
                        key=f"{view.key}:choose:{choice.id}",
                        on_click=change,
                        args=(len(path), choice.id),
                        disabled=view.disabled,
                        width="stretch",
                    )
        if st.session_state.pop(moved_key, False):
            # The pressed button is gone: the next step (or the ending) takes the focus.
            focus_on(key_selector(step_key), occasion=" ".join(path))
        if view.practice and path:
            st.button(
                t("branching.step_back"),
                key=f"{view.key}:back",
                help=t("branching.step_back_help"),
                icon=":material/undo:",
                on_click=change,
                args=(len(path), None),
                disabled=view.disabled,
            )

    def describe(self, question, answer, text, t):
        taken, reached = question.follow(answer)
        if not taken:
            return t("branching.not_started")
        choices = " → ".join(text(choice.text) for _, choice in taken)
        if not reached.is_ending:
            return t("branching.in_words_not_finished", choices=choices)
        return t(
            "branching.in_words",
            choices=choices,
            ending=text(reached.text),
            credit=_credit(reached),
        )

    def feedback(self, question, answer):
        taken, _ = question.follow(answer)
        return [choice.feedback for _, choice in taken if choice.feedback]

    def review(self, question: Branching, review: Review) -> None:
        t, text = review.t, review.text
        path: list[str] = review.answers.get(question.id) or []
        taken, reached = question.follow(path)
        earned = review.points.get(question.id)
        st.markdown(f"**{score_icon(question, earned)} {text(question.prompt)}**")
        points_caption(question, earned, t)
        yours, recommended = st.columns(2)
        with yours:
            st.markdown(f"**{t('branching.your_path')}**")
            for number, (step, choice) in enumerate(taken, start=1):
                _path_row(number, step, choice, text, t)
                if choice.feedback:
                    st.markdown(f"> {text(choice.feedback)}")
            if not taken:
                st.markdown(t("branching.not_started"))
        with recommended:
            st.markdown(f"**{t('branching.recommended_path')}**")
            best, best_end = question.follow(question.recommended_path())
            for number, (step, choice) in enumerate(best, start=1):
                _path_row(number, step, choice, text, t)
            if best_end.is_ending:
                st.caption(t("branching.credit", credit=_credit(best_end)))
        if reached.is_ending:
            show_ending(reached, text, t)
        else:
            st.warning(t("branching.not_finished"), icon=":material/pending:")
        why_and_source(question.explanation, question.reference, text, t)
        st.plotly_chart(
            case_graph(question, path, text, t),
            key=f"case-graph:{question.id}",
            width="stretch",
            config={"displayModeBar": False},
        )
        st.caption(t("branching.graph_help"))


def _path_row(number: int, step: Step, choice: Choice, text: TextOf, t: Translator) -> None:
    best = step.recommended()
    icon = (
        ""
        if best is None
        else ":material/check_circle:"
        if best.id == choice.id
        else ":material/alt_route:"
    )
    st.markdown(f"{number}. {icon} {text(choice.text)}")
