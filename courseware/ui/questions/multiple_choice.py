from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


class MultipleChoiceUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
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

    def describe(self, question, answer, text, t):
        texts = {o.id: o.text for o in question.options}
        return "; ".join(text(texts[a]) for a in answer if a in texts) or t("review.not_answered")

    def feedback(self, question, answer):
        return [o.feedback for o in question.options if o.id in answer and o.feedback]
