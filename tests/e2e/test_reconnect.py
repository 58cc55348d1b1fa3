"""A learner's quiz across a dropped connection, in a real browser against the real server:
the browser goes offline for 30 s mid-quiz and comes back; the server restarts mid-quiz. The
page comes back by itself (no reload, no sign-in) with every saved answer, and an answer
cannot look saved while it is not."""

from __future__ import annotations

import time

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from tests.e2e.conftest import SCREENSHOTS, open_server_database, sign_up_learner, with_session
from tests.e2e.network_cut import NetworkCut
from tests.e2e.streamlit_page import (
    ENGLISH,
    QuizPlayer,
    expect,
    learner_actor,
    start_quiz,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

QUIZ = "course-pretest"
OFFLINE_SECONDS = 30
APP = "[data-testid='stApp']"


@pytest.fixture
def server_db(app_server):
    database = open_server_database(app_server)
    yield database
    database.dispose()


@pytest.fixture
def network(app_server):
    """The line between the learner's browser and the app."""
    line = NetworkCut(app_server.port)
    yield line
    line.close()


@pytest.fixture
def player(app_server, server_db, network, new_context) -> QuizPlayer:
    """A signed-up learner in the pre-test, two of its questions answered and saved."""
    token = sign_up_learner(
        server_db, app_server, "ana.petrovic@example.org", "Ana Petrović", "a long password"
    )
    page = with_session(new_context(), server_db, network.url, token)
    page.goto(f"{network.url}/quiz?quiz={QUIZ}")
    quiz_player = start_quiz(page, server_db, learner_actor(server_db, page), QUIZ)
    for leaf in quiz_player.leaves()[:2]:
        quiz_player.answer(leaf, leaf.correct_answer())
    return quiz_player


def connection_banner(page) -> str:
    """The text of the app's banner for a lost connection ("none" when there is none)."""
    return page.evaluate(
        f"() => getComputedStyle(document.querySelector(\"{APP}\"), '::before').content"
    )


def expect_disconnected(page) -> None:
    """Streamlit has seen the connection drop, and the page says answers are not saved."""
    expect(page.locator(f"{APP}[data-test-connection-state='CONNECTED']")).to_have_count(
        0, timeout=30_000
    )
    assert ENGLISH("app.connection_lost") in connection_banner(page)
    # ...and says it to screen readers, in an alert (a live region) filled as it happens.
    alert = page.locator(".cw-connection-alert")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_have_text(ENGLISH("app.connection_lost"))


def assert_saved(player: QuizPlayer, answered) -> None:
    saved = player.saved()
    assert set(saved) == {leaf.id for leaf in answered}
    for leaf in answered:
        assert leaf.check_answer(saved[leaf.id]) == leaf.check_answer(leaf.correct_answer())


def expect_back_with_answers(player: QuizPlayer, answered) -> None:
    """Connected again, on the same quiz, with the answers the server acknowledged, and not
    sent to the sign-in page."""
    page = player.page
    wait_for_app(page)
    assert connection_banner(page) == "none"
    expect(page.locator(".cw-connection-alert")).to_have_text("")
    expect(page.get_by_text(ENGLISH("quiz.autosave"))).to_be_visible()
    for leaf in answered:
        player.expect_shown(leaf, leaf.correct_answer())
    assert_saved(player, answered)
    expect(page.get_by_role("button", name=ENGLISH("auth.sign_in"))).to_have_count(0)


def test_thirty_seconds_offline_mid_quiz_comes_back_to_the_same_answers(
    network: NetworkCut, player: QuizPlayer
):
    page = player.page
    first, second, third = player.leaves()[:3]
    network.cut()
    page.context.set_offline(True)
    # The page's websocket drops; Streamlit shows it is reconnecting and draws the widgets
    # disabled, so nothing can be chosen that would look saved while it is not.
    expect_disconnected(page)
    expect(player.widget(third.id).locator("input").first).to_be_disabled()
    # As it is: the whole-page picture would wait for the connection.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "reconnect-01-offline.png")
    time.sleep(OFFLINE_SECONDS)
    assert_saved(player, [first, second])

    network.restore()
    page.context.set_offline(False)
    expect_back_with_answers(player, [first, second])
    # And the quiz goes on: the next answer is saved as usual.
    player.answer(third, third.correct_answer())
    assert_saved(player, [first, second, third])


def test_a_server_restart_mid_quiz_comes_back_to_the_same_answers(
    app_server, player: QuizPlayer, screenshot
):
    page = player.page
    first, second, third = player.leaves()[:3]
    app_server.kill()
    expect_disconnected(page)
    app_server.start()
    # No reload: the page reconnects to the new process by itself.
    expect_back_with_answers(player, [first, second])
    screenshot(page, "reconnect-02-after-server-restart")
    player.answer(third, third.correct_answer())
    assert_saved(player, [first, second, third])
