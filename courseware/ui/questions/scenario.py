from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from courseware.content.questions import Question
from courseware.ui.questions.base import QuestionUI, Rendering, Review


class ScenarioUI(QuestionUI):
    """A case shown above its sub-questions, each drawn by its own type."""

    def __init__(self, leaf_uis: Mapping[str, QuestionUI]) -> None:
        self.leaf_uis = leaf_uis

    def render(self, question: Question, rendering: Rendering) -> None:
        st.markdown(f"**{rendering.text(question.prompt)}**")
        st.info(rendering.text(question.case))
        for leaf in question.leaves():
            self.leaf_uis[leaf.type].render(leaf, rendering)

    def review(self, question: Question, review: Review) -> None:
        st.info(review.text(question.case))
        for leaf in question.leaves():
            self.leaf_uis[leaf.type].review(leaf, review)
