"""More time on timed quizzes in the pages (AppTest, real database): the trainer's form on the
cohort page, the learner's own limit before the start, and the warnings before time runs out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from courseware.content.catalog import load_catalog
from courseware.grading.timing import WARNING_SECONDS
from courseware.i18n import LANGUAGES, messages
from courseware.store.attempts import list_attempts, start_attempt
from courseware.store.audit import list_audit
from courseware.store.models import QuizAttempt
from courseware.store.timing import my_time_limit, set_learner_time
from courseware.ui import resources

TRAINER = "trainer.a@example.org"
LEARNER = "learner.a@example.org"
FINAL = "basics-final"


@pytest.fixture
def timed_course(course_dir, monkeypatch):
    """The app serves the small test course, whose final has a 30-minute limit."""
    final = course_dir / "quizzes" / f"{FINAL}.yaml"
    final.write_text(
        final.read_text(encoding="utf-8").replace(
            "kind: final\n", "kind: final\ntime_limit_minutes: 30\n"
        ),
        encoding="utf-8",
    )
    catalog = load_catalog(course_dir)
    assert catalog.quizzes[FINAL].time_limit_minutes == 30
    monkeypatch.setattr(resources, "catalog", lambda: catalog)
    return catalog


def texts(at) -> str:
    return " ".join(
        element.value
        for kind in ("markdown", "info", "success", "warning", "error", "caption")
        for element in at.get(kind)
    )


def live_region(at) -> str:
    [region] = [m.value for m in at.markdown if 'class="cw-time-warning"' in m.value]
    return region


def test_a_trainer_gives_a_learner_more_time_and_takes_it_back(open_app, app_db, timed_course):
    db, cast = app_db
    at = open_app(TRAINER)  # the cohort page is a trainer's first
    assert not at.exception
    assert "1 in this course" in texts(at)
    assert "None: everyone has each quiz's own time limit." in texts(at)
    who = next(s for s in at.selectbox if s.label == "For")
    who.set_value(cast.learner_a.user_id)
    setting = next(s for s in at.selectbox if s.label == "Time")
    setting.set_value(("percent", 150))
    at = next(b for b in at.button if b.label == "Save time setting").click().run()
    assert not at.exception
    assert "Saved: Learner\\.A, 1.5 × the time." in [s.value for s in at.success]
    assert my_time_limit(db, cast.learner_a, timed_course.quizzes[FINAL]) == 45
    [entry] = [e for e in list_audit(db, cast.admin) if e["action"] == "time.accommodate"]
    assert (entry["actor_id"], entry["target_user_id"]) == (
        cast.trainer_a.user_id,
        cast.learner_a.user_id,
    )
    # The list drawn after the form's result already holds it, with a button to take it back.
    remove = next(b for b in at.button if b.label == "Remove for Learner\\.A")
    at = remove.click().run()
    assert not at.exception
    assert any(s.value.startswith("Removed for Learner\\.A") for s in at.success)
    assert my_time_limit(db, cast.learner_a, timed_course.quizzes[FINAL]) == 30


def test_a_trainer_gives_the_whole_cohort_minutes_more(open_app, app_db, timed_course):
    db, cast = app_db
    at = open_app(TRAINER)  # the cohort page is a trainer's first
    setting = next(s for s in at.selectbox if s.label == "Time")
    setting.set_value(("extra_minutes", None))
    next(n for n in at.number_input if n.label == "Minutes more").set_value(20)
    at = next(b for b in at.button if b.label == "Save time setting").click().run()
    assert not at.exception
    assert "Saved: Everyone in this cohort, 20 minutes more." in [s.value for s in at.success]
    assert my_time_limit(db, cast.other_learner_a, timed_course.quizzes[FINAL]) == 50


def test_the_learner_is_told_her_own_limit_before_she_starts(open_app, app_db, timed_course):
    db, cast = app_db
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert "You have 30 minutes." in texts(at)
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert "You have 45 minutes (the quiz's usual limit is 30 minutes" in texts(at)
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "unlimited")
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert "No time limit for you (the quiz's usual limit is 30 minutes)." in texts(at)


def _deadline_in(db, attempt_id, **left):
    def work(tx):
        tx.session.get(QuizAttempt, attempt_id).deadline = tx.now + timedelta(**left)

    db.write(work)


def test_the_learner_is_warned_at_five_minutes_and_at_one(open_app, app_db, timed_course):
    db, cast = app_db
    attempt = start_attempt(db, cast.learner_a, timed_course.quizzes[FINAL])
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert not at.exception
    # The live region is there from the start, empty, so that a warning in it is announced.
    assert live_region(at).endswith('aria-atomic="true"></div>')
    assert "About 29 minutes left" in texts(at)

    _deadline_in(db, attempt.id, minutes=4, seconds=30)
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert "Less than 5 minutes left." in live_region(at)
    assert 'aria-live="polite"' in live_region(at)

    _deadline_in(db, attempt.id, seconds=40)
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert "Less than a minute left." in live_region(at)


def test_when_the_time_is_up_the_page_shows_the_result_and_why(open_app, app_db, timed_course):
    db, cast = app_db
    attempt = start_attempt(db, cast.learner_a, timed_course.quizzes[FINAL])
    _deadline_in(db, attempt.id, seconds=-1)
    at = open_app(LEARNER, "quiz", quiz=FINAL)
    assert not at.exception
    assert "The time is up: the quiz is submitted with your saved answers." in texts(at)
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, FINAL)
    assert summary.state == "submitted"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_warning_has_its_message(language):
    assert {f"quiz.time_warning.{s}" for s in WARNING_SECONDS} <= set(messages(language))


def test_an_admin_sets_time_for_any_cohort_on_the_same_page(open_app, app_db, timed_course):
    db, cast = app_db
    at = open_app("admin@example.org", "cohorts", cohort=str(cast.cohort_b.id))
    assert not at.exception
    who = next(s for s in at.selectbox if s.label == "For")
    who.set_value(cast.learner_b.user_id)
    next(s for s in at.selectbox if s.label == "Time").set_value(("unlimited", None))
    at = next(b for b in at.button if b.label == "Save time setting").click().run()
    assert not at.exception
    assert my_time_limit(db, cast.learner_b, timed_course.quizzes[FINAL]) is None
