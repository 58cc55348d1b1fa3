from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


def _right_texts(question) -> dict:
    return {p.id: p.right for p in question.pairs} | {d.id: d.text for d in question.distractors}


class MatchingUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
        question = view.question
        right_texts = _right_texts(question)
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

    def describe(self, question, answer, text, t):
        rights = _right_texts(question)
        lefts = {p.id: p.left for p in question.pairs}
        return "; ".join(
            f"{text(lefts[left])} → {text(rights[right])}"
            for left, right in answer.items()
            if left in lefts and right in rights
        )
