"""Paper in the app: the learner's field pack download, and the trainer's form that mirrors a
paper's answer grid (AppTest, real database, the real course)."""

from courseware.i18n import Translator
from courseware.paper.grid import key_text
from courseware.paper.variants import variant_code, variant_questions
from courseware.store.attempts import list_attempts
from courseware.ui import resources
from tests.ui.conftest import go_to

TRAINER = "trainer.a@example.org"
QUIZ = "course-posttest"


def test_a_learner_downloads_the_field_pack_on_the_module_page(open_app):
    at = open_app("learner.a@example.org")
    at = go_to(at, "module", module="referral")
    assert not at.exception
    assert "Field pack (PDF)" in [button.label for button in at.get("download_button")]


def test_the_cohort_page_offers_packs_printing_and_results_entry(open_app):
    at = open_app(TRAINER)
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert {"Field pack (PDF)", "All field packs (ZIP)"} <= set(labels)
    assert [tab.label for tab in at.tabs][:4] == [
        "Field packs",
        "Print a quiz",
        "Enter a paper",
        "Import results (CSV)",
    ]


def test_a_trainer_types_a_paper_from_its_grid_and_a_typo_names_the_question(open_app, app_db):
    db, cast = app_db
    quiz = resources.catalog().quizzes[QUIZ]
    code = str(variant_code(quiz, 2))
    questions = variant_questions(quiz, 2)
    at = open_app(TRAINER)
    at.selectbox(key="paper-learner").set_value(cast.learner_a.user_id)
    at = at.text_input(key="paper-code").set_value(code.lower()).run()
    assert not at.exception
    grid = {box.label: box for box in at.text_input if box.label.rstrip(".").isdigit()}
    assert list(grid) == [f"{q.number}." for q in questions]
    for question in questions:
        grid[f"{question.number}."].set_value(key_text(question, Translator("en")))
    grid["2."].set_value("Z")
    at = next(b for b in at.button if b.label == "Save the paper").click().run()
    # Refusals are shown as plain text: the Markdown source escapes their punctuation.
    shown = [e.value.replace("\\", "") for e in at.error]
    assert any(text.startswith("question 2: 'Z'") for text in shown), shown
    assert list_attempts(db, cast.trainer_a, cast.learner_a.user_id) == []

    grid = {box.label: box for box in at.text_input if box.label.rstrip(".").isdigit()}
    for question in questions:
        grid[f"{question.number}."].set_value(key_text(question, Translator("en")))
    at = next(b for b in at.button if b.label == "Save the paper").click().run()
    assert not at.exception
    # The learner's name as plain text: its punctuation escaped, never Markdown.
    assert at.success[0].value.startswith("Saved for Learner\\.A: ")
    [attempt] = list_attempts(db, cast.trainer_a, cast.learner_a.user_id)
    assert (attempt.source, attempt.passed, attempt.points) == ("paper", True, attempt.max_points)


def test_a_final_with_a_case_is_printed_and_its_path_typed_from_the_grid(open_app, app_db):
    db, cast = app_db
    quiz = resources.catalog().quizzes["legal-framework-final"]
    code = str(variant_code(quiz, 5))
    questions = variant_questions(quiz, 5)
    case = next(q for q in questions if q.leaf.type == "branching")
    at = open_app(TRAINER)
    printable = next(box for box in at.selectbox if box.label == "Quiz").options
    assert quiz.title["en"] in printable
    at.selectbox(key="paper-learner").set_value(cast.learner_a.user_id)
    at = at.text_input(key="paper-code").set_value(code).run()
    grid = {box.label: box for box in at.text_input if box.label.rstrip(".").isdigit()}
    assert grid[f"{case.number}."].placeholder == "letters, ending (e.g. BAC 12)"
    for question in questions:
        grid[f"{question.number}."].set_value(key_text(question, Translator("en")))
    grid[f"{case.number}."].set_value("Z")
    at = next(b for b in at.button if b.label == "Save the paper").click().run()
    shown = [e.value.replace("\\", "") for e in at.error]
    assert any(
        text.startswith(f"question {case.number}: 'Z': at step 1 there is no choice Z")
        for text in shown
    ), shown
    grid = {box.label: box for box in at.text_input if box.label.rstrip(".").isdigit()}
    for question in questions:
        grid[f"{question.number}."].set_value(key_text(question, Translator("en")))
    at = next(b for b in at.button if b.label == "Save the paper").click().run()
    assert not at.exception
    [attempt] = list_attempts(db, cast.trainer_a, cast.learner_a.user_id)
    assert (attempt.source, attempt.points) == ("paper", attempt.max_points)
