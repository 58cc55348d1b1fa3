"""One whole quiz by keyboard alone (Tab, Shift+Tab, Enter, Space, arrows): a question of
every type and a branching case, then Submit and the review; where a pressed button is
replaced, the focus lands on what replaced it. Every answer is confirmed in
the database. On the phone viewport in Serbian Cyrillic, with screenshots of the quiz (the
focus ring visible) in test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.content.fields import localize
from courseware.i18n import Translator
from courseware.store.accounts import update_profile
from courseware.store.attempts import get_attempt, start_attempt
from courseware.store.auth import authenticate
from courseware.ui.assistive import question_box_key
from tests.e2e.conftest import launch_app, open_server_database, sign_up_learner, with_session
from tests.e2e.streamlit_page import QuizPlayer, expect, key_class, wait_for_app
from tests.e2e.test_accessibility import VIEWPORTS, _course

pytestmark = pytest.mark.e2e
MAX_TABS = 400


@pytest.fixture
def quiz_server(tmp_path):
    course = _course(tmp_path / "course")
    folder = tmp_path / "server"
    folder.mkdir()
    server = launch_app(folder, COURSEWARE_CONTENT_DIR=str(course))
    yield server, course
    server.stop()


def tab_to(page, target, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focus is inside `target`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if target.evaluate("e => e.contains(document.activeElement)"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")


def test_a_whole_quiz_by_keyboard_on_a_phone_in_cyrillic(quiz_server, new_context, screenshot):
    server, course = quiz_server
    db = open_server_database(server)
    try:
        token = sign_up_learner(db, server, "ana@example.org", "Ана Петровић", "a long password")
        actor = authenticate(db, token).actor
        update_profile(db, actor, language="sr", script="cyrillic")
        attempt = start_attempt(db, actor, load_catalog(course).quizzes["basics-final"])
        page = with_session(new_context(viewport=VIEWPORTS["phone"]), db, server.url, token)
        page.goto(f"{server.url}/quiz?quiz=basics-final")
        wait_for_app(page)
        expect(page.locator("html")).to_have_attribute("lang", "sr-Cyrl")
        screenshot(page, "quiz-phone-cyrillic-01-start")
        player = QuizPlayer(page, db, actor, attempt.id)
        _answer_all(page, player)
        screenshot(page, "quiz-phone-cyrillic-02-answered")
        _expect_labelled_groups(page, player, Translator("sr", "cyrillic"))

        t = Translator("sr", "cyrillic")
        submit = page.get_by_role("button", name=t("quiz.submit"), exact=True)
        tab_to(page, submit)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/review\?attempt="))
        wait_for_app(page)
        # The pressed Submit is gone: the focus is on the review's title, not the page's top.
        expect(page.locator("[data-testid='stMain'] h1")).to_be_focused()
        assert get_attempt(db, actor, attempt.id).state != "in_progress"
        screenshot(page, "quiz-phone-cyrillic-03-review")
    finally:
        db.dispose()


def _answer_all(page, player: QuizPlayer) -> None:
    layout = player.layout
    for leaf in player.leaves():
        widget = player.widget(leaf.id)
        if leaf.type in ("single_choice", "true_false"):
            # Tab reaches the group; the arrows move the choice, Space takes the focused one.
            tab_to(page, widget)
            page.keyboard.press("Space")
            wanted = (
                leaf.correct_answer()
                if leaf.type == "true_false"
                else layout.option_orders[leaf.id][0]
            )
            if leaf.type == "true_false" and wanted is not True:
                page.keyboard.press("ArrowDown")
            player._wait_saved(leaf, wanted)
        elif leaf.type == "multiple_choice":
            first = layout.option_orders[leaf.id][0]
            tab_to(page, player.widget(leaf.id, first))
            page.keyboard.press("Space")
            player._wait_saved(leaf, [first])
        elif leaf.type == "numeric":
            tab_to(page, widget)
            page.keyboard.type("90")
            page.keyboard.press("Enter")
            player._wait_saved(leaf, 90)
        elif leaf.type == "ordering":
            keep = player.widget(leaf.id, "keep")
            tab_to(page, keep)
            page.keyboard.press("Enter")
            player._wait_saved(leaf, list(layout.option_orders[leaf.id]))
        elif leaf.type == "matching":
            chosen = {}
            for pair in leaf.pairs:
                field = player.widget(leaf.id, pair.id).get_by_role("combobox")
                tab_to(page, field)
                # The arrow opens the list and moves through it, Enter takes the option.
                for _ in range(3):
                    page.keyboard.press("ArrowDown")
                    if not page.get_by_role("option").count():
                        page.keyboard.press("Alt+ArrowDown")
                    page.wait_for_timeout(300)
                    assert page.get_by_role("option").count(), "the list did not open"
                    page.keyboard.press("Enter")
                    wait_for_app(page)
                    saved = player.saved().get(leaf.id) or {}
                    if pair.id in saved:
                        break
                    tab_to(page, field, backwards=True)
                assert pair.id in saved, f"{leaf.id}: nothing chosen for {pair.id} by keyboard"
                chosen[pair.id] = saved[pair.id]
            player._wait_saved(leaf, chosen)
        elif leaf.type == "branching":
            path = leaf.correct_answer()
            for length in range(1, len(path) + 1):
                button = player.widget(leaf.id, "choose", path[length - 1])
                tab_to(page, button)
                page.keyboard.press("Enter")
                player._wait_saved(leaf, path[:length])
                # The pressed choice is gone: the focus is on the next step (or the end).
                expect(player.widget(leaf.id, "step")).to_be_focused()
        else:
            raise AssertionError(f"no keyboard plan for {leaf.type}")


PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)


def test_on_a_phone_one_question_per_screen_by_keyboard(quiz_server, new_context, screenshot):
    server, course = quiz_server
    db = open_server_database(server)
    try:
        token = sign_up_learner(db, server, "ana@example.org", "Ana Petrović", "a long password")
        actor = authenticate(db, token).actor
        attempt = start_attempt(db, actor, load_catalog(course).quizzes["basics-final"])
        page = with_session(
            new_context(viewport=VIEWPORTS["phone"], user_agent=PHONE_BROWSER),
            db,
            server.url,
            token,
        )
        page.goto(f"{server.url}/quiz?quiz=basics-final")
        wait_for_app(page)
        t = Translator("en")
        total = len(attempt.layout.question_ids)
        # A phone gets one question per screen at first, with Submit on the screen.
        expect(page.get_by_role("switch", name=t("quiz.one_per_screen"))).to_be_checked()
        expect(page.get_by_text(t("quiz.question_number", number=1, total=total))).to_be_visible()
        expect(page.get_by_text(t("quiz.question_number", number=2, total=total))).to_have_count(0)
        submit = page.get_by_role("button", name=t("quiz.submit"), exact=True)
        expect(submit).to_be_in_viewport()
        screenshot(page, "quiz-phone-one-per-screen")

        following = page.get_by_role("button", name=t("quiz.next"))
        tab_to(page, following)
        page.keyboard.press("Enter")
        second = attempt.layout.question_ids[1]
        expect(page.get_by_text(t("quiz.question_number", number=2, total=total))).to_be_visible()
        # The new question takes the focus, not the top of the page.
        box = page.locator(f".{key_class(question_box_key(attempt.id, second))}")
        expect(box).to_be_focused()
    finally:
        db.dispose()


def _expect_labelled_groups(page, player: QuizPlayer, t: Translator) -> None:
    """Each question is a group whose accessible name is its number and its prompt."""
    ids = player.layout.question_ids
    by_id = {question.id: question for question in player.quiz.questions}
    for number, question_id in enumerate(ids, start=1):
        prompt = t.script_of(localize(by_id[question_id].prompt, "sr"))
        caption = t("quiz.question_number", number=number, total=len(ids))
        name = re.compile(re.escape(caption) + r"\s+" + re.escape(prompt.split("\n")[0][:40]))
        expect(page.get_by_role("group", name=name)).to_have_count(1)
