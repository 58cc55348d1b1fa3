from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


class LikertUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
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
