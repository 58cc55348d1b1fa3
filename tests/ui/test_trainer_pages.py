"""The trainer's pages: cohort overview, one learner, the quiz report (AppTest, real database)."""

import pytest

from courseware.store.audit import list_audit
from courseware.ui.views.coordinator import SURVEY
from tests.ui.conftest import go_to, unfold
from tests.ui.reporting import fill_with_results

TRAINER = "trainer.a@example.org"


@pytest.fixture
def results(app_db):
    db, cast = app_db
    fill_with_results(db, cast)
    return db, cast


def test_the_overview_lists_every_learner_with_each_module(open_app, results):
    at = open_app(TRAINER)
    assert not at.exception
    shown = at.dataframe[0].value
    assert len(shown) == 5
    assert "Final quiz: international and Serbian legal framework" not in shown.columns
    status = next(c for c in shown.columns if c.endswith(": status") and "legal" in c.lower())
    assert sorted(shown[status]) == ["final not passed yet"] * 3 + ["passed"] * 2
    assert [b.label for b in at.get("download_button")][:2] == ["Download CSV", "Download Excel"]
    # Nobody has been away for two weeks: the inactive filter leaves no one.
    show = next(s for s in at.selectbox if s.label == "Show")
    at = show.set_value("inactive").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 0


def test_a_trainer_can_create_a_cohort_in_their_organisation(open_app, results):
    at = open_app(TRAINER)
    name = next(t for t in at.text_input if t.label == "Name")
    name.set_value("Niš autumn")
    at = next(b for b in at.button if b.label == "Add").click().run()
    assert not at.exception
    assert any("invite code" in s.value.lower() for s in at.success)


def test_the_learner_page_shows_each_attempt_and_grants_one_more(open_app, results):
    db, cast = results
    at = open_app(
        TRAINER, "learner", user=str(cast.learner_a.user_id), cohort=str(cast.cohort_a.id)
    )
    assert not at.exception
    attempts = [e.label for e in at.expander if " · " in e.label]
    assert len(attempts) == 4
    assert any(label.startswith("Pre-test") and "min" in label for label in attempts)
    reason = next(s for s in at.selectbox if s.label.startswith("Reason"))
    reason.set_value("technical_problem")
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert at.success[0].value == "Granted 1 extra attempt(s)."
    [grant] = [e for e in list_audit(db, cast.admin) if e["action"] == "attempt.grant"]
    assert grant["details"]["reason"] == "technical_problem"
    assert grant["target_user_id"] == cast.learner_a.user_id


def test_another_cohorts_learner_is_refused(open_app, results):
    cast = results[1]
    at = open_app(
        TRAINER, "learner", user=str(cast.learner_b.user_id), cohort=str(cast.cohort_b.id)
    )
    assert not at.exception
    assert at.error[0].value == "You are not allowed to see or do this."


def test_the_quiz_report_reads_the_items_and_writes_a_brief(open_app, results):
    at = open_app(TRAINER, "quiz-report")
    assert not at.exception
    quiz = next(s for s in at.selectbox if s.label == "Quiz")
    at = quiz.set_value("course-posttest").run()
    assert not at.exception
    assert [s.value for s in at.subheader] == [
        "Question by question",
        "What learners answered",
        "Misconception brief",
    ]
    items = at.dataframe[0].value
    assert len(items) == 17
    assert items["Facility (%)"].between(0, 100).all()
    brief = next(m.value for m in at.markdown if m.value.startswith("### Misconceptions"))
    assert brief.count("**") == 10  # five questions
    assert "Most chosen wrong answer" in brief or "of the points earned" in brief
    labels = [b.label for b in at.get("download_button")]
    assert "Download the brief to print (HTML)" in labels


def test_a_trainer_only_picks_among_their_own_cohorts(open_app, results):
    cast = results[1]
    at = open_app(TRAINER, "quiz-report", cohort=str(cast.cohort_b.id))
    cohort = next(s for s in at.selectbox if s.label == "Cohort")
    assert cohort.options == ["Belgrade spring"]
    assert cohort.value == cast.cohort_a.id
    with pytest.raises(ValueError):
        go_to(at, "dashboard")


def test_a_trainer_hides_a_comment_from_the_coordinators_dashboard(open_app, results):
    from courseware.store.reports.scope import ReportFilters
    from courseware.store.reports.surveys import survey_results
    from courseware.ui import resources

    db, cast = results
    survey = resources.catalog().quizzes["course-evaluation"]
    # A coordinator read the comments a moment ago (the dashboard keeps them a minute).
    assert len(unfold(open_app("coordinator@example.org"), SURVEY[1]).text) == 5
    at = open_app(TRAINER)
    comments = next(e for e in at.expander if e.label.startswith("Course evaluation"))
    assert comments.label == "Course evaluation: written comments (5)"
    hide = [b for b in at.button if b.label == "Hide from coordinators"]
    assert len(hide) == 5
    at = hide[0].click().run()
    assert not at.exception
    assert [c.value for c in at.caption].count("Hidden from coordinators") == 1
    assert [b.label for b in at.button].count("Show to coordinators again") == 1
    assert len(survey_results(db, cast.coordinator, ReportFilters(), survey).comments) == 4
    assert list_audit(db, cast.admin)[0]["action"] == "comment.hide"
    coordinator = unfold(open_app("coordinator@example.org"), SURVEY[1])
    assert len(coordinator.text) == 4
