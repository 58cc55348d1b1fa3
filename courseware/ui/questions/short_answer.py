from __future__ import annotations

import streamlit as st

from courseware.content.questions.short_answer import MAX_ANSWER_LENGTH
from courseware.ui.questions.base import QuestionUI, QuestionView, matched_feedback


class ShortAnswerUI(QuestionUI):
    written_by_learner = True

    def widget(self, view: QuestionView) -> None:
        st.text_input(
            view.text(view.question.prompt),
            value=view.saved or "",
            max_chars=MAX_ANSWER_LENGTH,
            placeholder=view.t("quiz.enter_answer"),
            key=view.key,
            on_change=view.on_change(lambda: st.session_state[view.key].strip() or None),
            disabled=view.disabled,
        )

    def feedback(self, question, answer):
        return matched_feedback(question, answer)
