from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


class SingleChoiceUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
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

    def describe(self, question, answer, text, t):
        texts = {o.id: o.text for o in question.options}
        return text(texts[answer]) if answer in texts else str(answer)

    def feedback(self, question, answer):
        return [o.feedback for o in question.options if o.id == answer and o.feedback]
