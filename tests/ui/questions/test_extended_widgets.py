"""The player and review of the extended types, drawn by Streamlit's AppTest."""

from streamlit.testing.v1 import AppTest


def _short_answer_app(disabled: bool = False, saved=None):
    import streamlit as st

    from courseware.content.quiz import load_quiz
    from courseware.i18n import Translator
    from courseware.ui.questions import Rendering, Review, render_question, review_question
    from tests.content.test_extended_types import NUMBERS, SHORT
    from tests.quiz_files import quiz_yaml

    quiz = load_quiz(quiz_yaml(SHORT + NUMBERS).encode(), "sample.yaml").value
    t = Translator("en")
    text = lambda value: value if isinstance(value, str) else value["en"]  # noqa: E731
    st.session_state.setdefault("saved", {})

    def save(question_id, answer):
        st.session_state["saved"][question_id] = answer

    rendering = Rendering({}, {"short": saved}, "test", text, t, save, disabled=disabled)
    for question in quiz.questions:
        render_question(question, rendering)
    points = {
        leaf.id: leaf.score(leaf.check_answer(a))
        for leaf in quiz.leaves()
        for a in [{"short": "novigrad", "number": 29}[leaf.id]]
    }
    review = Review({"short": "novigrad", "number": 29}, points, text, t)
    for question in quiz.questions:
        review_question(question, review)


def test_short_answer_is_typed_and_saved_and_reviewed():
    at = AppTest.from_function(_short_answer_app, default_timeout=30)
    at.run()
    assert at.text_input[0].label == "P"
    at.text_input[0].input("  Belgrade ").run()
    assert at.session_state["saved"] == {"short": "Belgrade"}
    shown = " ".join(m.value for m in at.markdown)
    assert "novigrad" in shown and "Correct answer: Belgrade" in shown
    assert "0.5 of 1 points" in " ".join(c.value for c in at.caption)
    # The numeric answer 29 is within 30 ± 1: its feedback is shown in the review.
    assert "> Right" in shown


def test_disabled_preview_draws_the_saved_answer_and_takes_no_input():
    at = AppTest.from_function(_short_answer_app, kwargs={"disabled": True, "saved": "x"})
    at.run()
    assert at.text_input[0].disabled and at.text_input[0].value == "x"
    assert at.number_input[0].disabled
