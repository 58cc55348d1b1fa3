from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


class TrueFalseUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
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

    def describe(self, question, answer, text, t):
        return t("quiz.true") if answer else t("quiz.false")

    def feedback(self, question, answer):
        feedback = question.feedback_true if answer else question.feedback_false
        return [feedback] if feedback else []
