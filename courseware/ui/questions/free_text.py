from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


class FreeTextUI(QuestionUI):
    written_by_learner = True

    def widget(self, view: QuestionView) -> None:
        st.text_area(
            view.text(view.question.prompt),
            value=view.saved or "",
            max_chars=view.question.max_length,
            help=view.t("quiz.no_personal_details"),
            key=view.key,
            on_change=view.on_change(lambda: st.session_state[view.key] or None),
            disabled=view.disabled,
        )
