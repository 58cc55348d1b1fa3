from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView, matched_feedback


class NumericUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
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

    def describe(self, question, answer, text, t):
        if isinstance(answer, int | float):
            return f"{t.number(answer)} {question.unit or ''}".strip()
        return str(answer)

    def feedback(self, question, answer):
        return matched_feedback(question, answer)
