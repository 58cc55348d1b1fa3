"""The timed quiz's live regions in a real browser (WCAG 2.2.1 and 4.1.3): the learner's own
limit before the start, the warning with less than five minutes left, and "Answer saved"
under a question, each in a polite live region that was on the page before its text came (so
that a screen reader announces it)."""

from __future__ import annotations

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.store.auth import authenticate, sign_in
from courseware.store.timing import set_learner_time
from tests.e2e.conftest import (
    TRAINER_EMAIL,
    TRAINER_PASSWORD,
    launch_app,
    open_server_database,
    sign_up_learner,
    with_session,
)
from tests.e2e.streamlit_page import ENGLISH, expect, learner_actor, start_quiz

pytestmark = pytest.mark.e2e

FINAL = "basics-final"
# How often the quiz's timer runs by itself (views.quiz._time_left).
TIMER_SECONDS = 15


def trainer(db):
    """The trainer of the learners who sign up with the server's invite code."""
    return authenticate(db, sign_in(db, TRAINER_EMAIL, TRAINER_PASSWORD, "127.0.0.1").token).actor


@pytest.fixture
def timed_server(tmp_path, course_dir):
    """The app serving the small test course, whose final has a five-minute limit."""
    final = course_dir / "quizzes" / f"{FINAL}.yaml"
    final.write_text(
        final.read_text(encoding="utf-8").replace(
            "kind: final\n", "kind: final\ntime_limit_minutes: 5\n"
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "server"
    folder.mkdir()
    server = launch_app(folder, COURSEWARE_CONTENT_DIR=str(course_dir))
    yield server
    server.stop()


def test_the_warning_and_the_saved_answer_are_in_polite_live_regions(
    timed_server, new_context, screenshot
):
    db = open_server_database(timed_server)
    try:
        token = sign_up_learner(db, timed_server, "ana@example.org", "Ana", "a long password")
        page = with_session(new_context(), db, timed_server.url, token)
        page.goto(f"{timed_server.url}/quiz?quiz={FINAL}")
        expect(page.get_by_text(ENGLISH("quiz.time_for_you", minutes=5))).to_be_visible()
        player = start_quiz(page, db, learner_actor(page=page, db=db), FINAL)

        warning = page.locator(".cw-time-warning")
        expect(warning).to_have_attribute("role", "status")
        expect(warning).to_have_attribute("aria-live", "polite")
        expect(warning).to_have_text(ENGLISH("quiz.time_warning.300"))

        status = page.locator(".cw-answer-status")
        expect(status).to_have_count(1)
        expect(status).to_have_attribute("role", "status")
        expect(status).to_have_text("")
        region = status.element_handle()
        [leaf] = player.leaves()
        player.answer(leaf, leaf.correct_answer())
        expect(status).to_have_text(ENGLISH("quiz.answer_saved.1"))
        # The same element as before the answer, now with its text: a live region that was
        # already there, which is what screen readers announce reliably.
        assert region.evaluate("e => e.isConnected && e.textContent") == ENGLISH(
            "quiz.answer_saved.1"
        )
        screenshot(page, "timing-01-warning-and-saved")

        # A trainer lifts the limit while the quiz is open: the timer, which runs by itself,
        # reads the deadline again, and the page says so without a reload and without the
        # warnings of the old deadline.
        set_learner_time(db, trainer(db), player.actor.user_id, "unlimited")
        expect(page.get_by_text(ENGLISH("quiz.no_time_limit_now"))).to_be_visible(
            timeout=TIMER_SECONDS * 1000 * 3
        )
        expect(warning).to_have_text("")
    finally:
        db.dispose()
