"""A branching case on the learner's pages (AppTest, real database): one step at a time under
the story so far, each choice saved as it is made; no going back in a final, a step back in
a knowledge check; the review with both paths, the ending and the drawing of the case."""

from __future__ import annotations

import pytest

from courseware.content.catalog import load_catalog
from courseware.store.attempts import (
    get_attempt,
    list_attempts,
    retraced_paths,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.ui import resources
from tests.quiz_files import with_branching_case

LEARNER = "learner.a@example.org"
CASE = "case-girl"


@pytest.fixture
def case_course(course_dir, monkeypatch):
    """The app serves the small test course, whose check and final hold the case."""
    catalog = load_catalog(with_branching_case(course_dir))
    assert not [p for p in catalog.problems if p.severity == "error"], catalog.problems
    monkeypatch.setattr(resources, "catalog", lambda: catalog)
    return catalog


def attempt_of(db, actor, quiz_id):
    [summary] = list_attempts(db, actor, actor.user_id, quiz_id)
    return get_attempt(db, actor, summary.id)


def start_final(open_app, db, learner):
    """The final's page, started: the page and the attempt."""
    at = open_app(LEARNER, "quiz", quiz="basics-final")
    at = next(b for b in at.button if b.label == "Start").click().run()
    assert not at.exception
    return at, attempt_of(db, learner, "basics-final")


def choose(at, attempt_id, choice_id):
    return at.button(key=f"attempt-{attempt_id}:{CASE}:choose:{choice_id}").click().run()


def choice_buttons(at, attempt_id):
    prefix = f"attempt-{attempt_id}:{CASE}:choose:"
    return [b.key.removeprefix(prefix) for b in at.button if (b.key or "").startswith(prefix)]


def texts(at):
    return " ".join(
        element.value
        for kind in ("markdown", "info", "success", "warning", "error", "caption")
        for element in at.get(kind)
    )


def test_a_final_goes_step_by_step_saves_each_choice_and_resumes_at_the_same_step(
    open_app, app_db, case_course
):
    db, cast = app_db
    learner = cast.learner_a
    at, attempt = start_final(open_app, db, learner)
    assert choice_buttons(at, attempt.id) == ["ask-alone", "call-police"]
    assert "Step 1" in texts(at)

    at = choose(at, attempt.id, "ask-alone")
    assert not at.exception
    # Saved the moment it was chosen.
    assert attempt_of(db, learner, "basics-final").answers[CASE] == ["ask-alone"]
    # The story so far above the next step; no feedback and no way back in a final.
    shown = texts(at)
    assert "A girl of 16 sits alone at the bus station." in shown
    assert "You chose: **Talk to her alone and calmly**" in shown
    assert "Safety first." not in shown
    assert "Step 2" in shown
    assert choice_buttons(at, attempt.id) == ["call-centre", "let-go"]
    assert not [b for b in at.button if b.label == "Step back"]

    # A reload (a new session) resumes at the same step.
    again = open_app(LEARNER, "quiz", quiz="basics-final")
    assert choice_buttons(again, attempt.id) == ["call-centre", "let-go"]
    assert "You chose: **Talk to her alone and calmly**" in texts(again)

    again = choose(again, attempt.id, "call-centre")
    again = choose(again, attempt.id, "involve-guardian")
    assert attempt_of(db, learner, "basics-final").answers[CASE] == [
        "ask-alone",
        "call-centre",
        "involve-guardian",
    ]
    assert choice_buttons(again, attempt.id) == []
    assert any("reached the end of this case" in info.value for info in again.info)
    # The outcome waits for the review.
    assert "She is referred and safe." not in texts(again)


def test_a_choice_refused_by_the_store_is_explained_and_the_saved_path_is_shown(
    open_app, app_db, case_course
):
    db, cast = app_db
    learner = cast.learner_a
    at, attempt = start_final(open_app, db, learner)
    at = choose(at, attempt.id, "ask-alone")
    # Another tab goes on meanwhile; this one then chooses differently at the same step.
    save_answer(db, learner, attempt.id, CASE, ["ask-alone", "let-go"])
    at = choose(at, attempt.id, "call-centre")
    assert not at.exception
    # Refusals are shown as plain text: the Markdown source escapes their punctuation.
    assert [e.value.replace("\\", "") for e in at.error] == [
        "question 'case-girl': a choice once made cannot be changed in this quiz; "
        "your path is kept as it was saved"
    ]
    assert attempt_of(db, learner, "basics-final").answers[CASE] == ["ask-alone", "let-go"]
    assert "You chose: **Let her go**" in texts(at)


def test_the_review_sets_the_path_beside_the_recommended_one_and_draws_the_case(
    open_app, app_db, case_course
):
    db, cast = app_db
    learner = cast.learner_a
    at, attempt = start_final(open_app, db, learner)
    at = choose(at, attempt.id, "call-police")
    at = choose(at, attempt.id, "go-on")
    at = at.radio(key=f"attempt-{attempt.id}:q1").set_value(True).run()
    at = next(b for b in at.button if b.label == "Submit").click().run()
    assert not at.exception
    shown = texts(at)
    for expected in (
        "Your path",
        "Recommended path",
        "1. :material/alt_route: Call the police at once",
        "She may be frightened away.",  # the feedback of each choice made
        "1. :material/check_circle: Talk to her alone and calmly",
        "She is safe but does not trust anyone.",  # the ending reached
        "Credit for this ending: 25%",
        "1 of 4 points",
    ):
        assert expected in shown, expected
    [chart] = at.get("plotly_chart")
    assert '"The case and its paths"' in chart.proto.spec
    assert attempt_of(db, learner, "basics-final").question_points[CASE] == 1


def test_a_check_gives_feedback_at_each_step_and_keeps_the_choices_taken_back(
    open_app, app_db, case_course
):
    db, cast = app_db
    learner = cast.learner_a
    at = open_app(LEARNER, "module", module="basics", lesson="intro")
    at = next(b for b in at.button if b.label == "Try the questions").click().run()
    assert not at.exception
    attempt = attempt_of(db, learner, "basics-check-1")

    at = choose(at, attempt.id, "ask-alone")
    assert "Safety first." in [info.value for info in at.info]
    at = choose(at, attempt.id, "let-go")
    # The ending at once, in a check.
    assert "She leaves with the men." in texts(at)

    back = at.button(key=f"attempt-{attempt.id}:{CASE}:back")
    assert back.label == "Step back"
    at = back.click().run()
    assert not at.exception
    assert attempt_of(db, learner, "basics-check-1").answers[CASE] == ["ask-alone"]
    assert choice_buttons(at, attempt.id) == ["call-centre", "let-go"]
    at = choose(at, attempt.id, "call-centre")
    at = choose(at, attempt.id, "involve-guardian")
    assert "She is referred and safe." in texts(at)

    history = retraced_paths(db, learner, attempt.id)
    assert [(r.path, r.retraced) for r in history] == [(["ask-alone", "let-go"], ["let-go"])]

    at = next(b for b in at.button if b.label == "Check my answers").click().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert "4 of 4 points" in texts(at)


def test_the_trainer_reads_each_path_in_words(open_app, app_db, case_course):
    db, cast = app_db
    learner = cast.learner_a
    attempt = start_attempt(db, learner, case_course.quizzes["basics-final"])
    save_answer(db, learner, attempt.id, CASE, ["call-police", "go-on"])
    submit_attempt(db, learner, attempt.id)
    check = start_attempt(db, learner, case_course.quizzes["basics-check-1"])
    save_answer(db, learner, check.id, CASE, ["ask-alone"])
    submit_attempt(db, learner, check.id)

    at = open_app(
        "trainer.a@example.org",
        "learner",
        user=str(learner.user_id),
        cohort=str(cast.cohort_a.id),
    )
    assert not at.exception
    answers = [a for frame in at.dataframe for a in frame.value["Answer"]]
    assert (
        "Call the police at once → Continue ⇒ She is safe but does not trust anyone. (credit 25%)"
        in answers
    )
    assert "Talk to her alone and calmly ⇒ not finished" in answers


def test_a_path_in_words_before_any_choice_and_without_an_answer(case_course):
    from courseware.i18n import Translator
    from courseware.ui.questions import describe_answer

    question = case_course.quizzes["basics-final"].leaf(CASE)
    t = Translator("sr")
    assert describe_answer(question, [], str, t) == "nijedan izbor"
    assert describe_answer(question, None, str, t) == "bez odgovora"


def test_submitting_a_case_not_finished_asks_first(open_app, app_db, case_course):
    db, cast = app_db
    at, attempt = start_final(open_app, db, cast.learner_a)
    at = choose(at, attempt.id, "ask-alone")
    at = at.radio(key=f"attempt-{attempt.id}:q1").set_value(True).run()
    at = next(b for b in at.button if b.label == "Submit").click().run()
    assert [w.value for w in at.warning] == [
        "1 question(s) have no answer, or are not finished. Submit anyway?"
    ]
