"""A branching case in a real browser against the real server, on a small test course whose
check and final hold the case: choices pressed (one by keyboard) are saved as they are made,
and the learner comes back to the same step after a reload and after a server restart; the
review draws the case; in a check the learner steps back."""

from __future__ import annotations

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.store.attempts import retraced_paths
from tests.e2e.conftest import launch_app, open_server_database, sign_up_learner, with_session
from tests.e2e.streamlit_page import (
    ENGLISH,
    QuizPlayer,
    expect,
    learner_actor,
    start_quiz,
    started_attempt,
    wait_for_app,
    wait_until,
)
from tests.quiz_files import with_branching_case

pytestmark = pytest.mark.e2e

CASE = "case-girl"


@pytest.fixture
def case_server(tmp_path, course_dir):
    """The app serving the test course (not the real one), on a new database."""
    folder = tmp_path / "server"
    folder.mkdir()
    server = launch_app(folder, COURSEWARE_CONTENT_DIR=str(with_branching_case(course_dir)))
    yield server
    server.stop()


@pytest.fixture
def server_db(case_server):
    database = open_server_database(case_server)
    yield database
    database.dispose()


@pytest.fixture
def learner_page(case_server, server_db, new_context):
    """A signed-up learner's browser (the session cookie as the sign-in route sets it)."""
    token = sign_up_learner(
        server_db, case_server, "ana.petrovic@example.org", "Ana Petrović", "a long password"
    )
    return with_session(new_context(), server_db, case_server.url, token)


def test_a_case_resumes_at_the_same_step_after_a_reload_and_a_server_restart(
    case_server, server_db, learner_page, screenshot
):
    db, page, t = server_db, learner_page, ENGLISH
    page.goto(f"{case_server.url}/quiz?quiz=basics-final")
    actor = learner_actor(db, page)
    player = start_quiz(page, db, actor, "basics-final")
    case = player.quiz.leaf(CASE)
    path = case.correct_answer()
    assert len(path) == 3

    # The first choice by keyboard: the button takes the focus and Enter presses it.
    player.widget(CASE, "choose", path[0]).get_by_role("button").press("Enter")
    wait_until(lambda: player.saved().get(CASE) == path[:1], "the first choice is saved")
    player.answer(case, path[:2])
    player.expect_shown(case, path[:2])
    expect(page.get_by_text(t("branching.step", number=3))).to_be_visible()
    screenshot(page, "branching-01-final-mid-case")

    # A reload keeps the learner at the third step, with the story so far...
    page.reload()
    player.expect_shown(case, path[:2])
    # ...and so does a restart of the server process.
    case_server.restart()
    page.reload()
    player.expect_shown(case, path[:2])
    expect(page.get_by_text(t("branching.step", number=3))).to_be_visible()

    # The learner goes on from there to the ending; its outcome waits for the review.
    player.answer(case, path)
    expect(page.get_by_text(t("branching.finished"))).to_be_visible()
    player.answer(player.quiz.leaf("q1"), True)
    page.get_by_role("button", name=t("quiz.submit"), exact=True).click()
    expect(page.get_by_text(t("review.passed"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("branching.recommended_path"), exact=True)).to_be_visible()
    expect(page.get_by_text("She is referred and safe.")).to_be_visible()
    expect(page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()
    screenshot(page, "branching-02-final-review")


def test_in_a_check_feedback_follows_each_choice_and_a_step_back_is_kept(
    case_server, server_db, learner_page, screenshot
):
    db, page, t = server_db, learner_page, ENGLISH
    page.goto(f"{case_server.url}/module?module=basics&lesson=intro")
    page.get_by_text(t("module.check_understanding")).click()
    page.get_by_role("button", name=t("check.start")).click()
    actor = learner_actor(db, page)
    check = QuizPlayer(page, db, actor, started_attempt(db, actor, "basics-check-1"))
    case = check.quiz.leaf(CASE)
    check.answer(case, ["ask-alone", "call-centre", "decide-alone"])
    expect(page.get_by_text("A child needs a guardian.")).to_be_visible()
    expect(page.get_by_text("She is safe but does not trust anyone.")).to_be_visible()
    screenshot(page, "branching-03-check-feedback")

    # Press it once the page has settled after the last choice: a press on a button drawn
    # before that choice is ignored by design (it could name a step that has moved on).
    wait_for_app(page)
    check.widget(CASE, "back").get_by_role("button").click()
    # The step back is saved by the rerun its click starts, which may end after the page
    # looks settled on a busy machine: wait for the database, not for the page.
    wait_until(
        lambda: check.saved()[CASE] == ["ask-alone", "call-centre"], "the step back is saved"
    )
    check.answer(case, ["ask-alone", "call-centre", "involve-guardian"])
    expect(page.get_by_text("She is referred and safe.")).to_be_visible()
    [retraced] = retraced_paths(db, actor, check.attempt_id)
    assert retraced.retraced == ["decide-alone"]
