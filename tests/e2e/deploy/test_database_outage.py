"""The database goes away while a learner answers: she is told her answer is not saved yet,
the page keeps it and keeps trying, and when the database is back the answer lands, once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import open_database
from courseware.store.models import Answer
from tests.e2e.conftest import _prepare_database
from tests.e2e.deploy.test_two_instances import LEARNER, sign_up
from tests.e2e.streamlit_page import (
    ENGLISH,
    english,
    expect,
    learner_actor,
    start_quiz,
    true_false_label,
)

pytestmark = [pytest.mark.e2e, pytest.mark.deploy]

QUIZ = "legal-framework-final"


def label_of(leaf, answer) -> str:
    if leaf.type == "true_false":
        return true_false_label(answer)
    return english(next(option.text for option in leaf.options if option.id == answer))


def test_an_answer_given_while_the_database_is_unreachable_lands_once_it_is_back(
    database_proxy, postgres_url, start_app, new_context
):
    cut_off, url_through_cut_off = database_proxy
    invite_code = _prepare_database(postgres_url)
    server = start_app(url_through_cut_off)
    db = open_database(load_settings(database_url=postgres_url))  # the test's own line
    quiz = load_catalog(REPO_ROOT).quizzes[QUIZ]

    page = new_context().new_page()
    sign_up(page, server.url, invite_code)
    actor = learner_actor(db, page)
    page.goto(f"{server.url}/quiz?quiz={quiz.id}")
    player = start_quiz(page, db, actor, quiz.id)
    first, second = [
        leaf for leaf in player.leaves() if leaf.type in ("single_choice", "true_false")
    ][:2]
    player.answer(first, first.correct_answer())

    # The connection to the database is cut while she gives her next answer.
    cut_off.cut()
    player.widget(second.id).get_by_text(
        label_of(second, second.correct_answer()), exact=True
    ).click()
    not_saved = page.get_by_text(ENGLISH("quiz.not_saved_yet", count=1))
    expect(not_saved).to_be_visible()
    expect(page.get_by_text(ENGLISH("nav.signed_in_as", name=LEARNER["name"]))).to_be_visible()
    assert second.id not in player.saved()

    # The database is back: the page's own retry saves the answer, and says so.
    cut_off.restore()
    expect(page.get_by_text(ENGLISH("quiz.saved_now"))).to_be_visible()
    expect(not_saved).to_have_count(0)
    saved = player.saved()
    assert saved[first.id] == first.correct_answer()
    assert saved[second.id] == second.correct_answer()
    rows = db.read(
        lambda tx: tx.session.scalar(
            select(func.count())
            .select_from(Answer)
            .where(Answer.attempt_id == player.attempt_id, Answer.question_id == second.id)
        )
    )
    assert rows == 1

    page.reload()
    player.expect_shown(first, first.correct_answer())
    player.expect_shown(second, second.correct_answer())
    db.dispose()


def test_a_page_reloaded_while_the_database_is_unreachable_says_so_and_comes_back(
    database_proxy, postgres_url, start_app, new_context
):
    cut_off, url_through_cut_off = database_proxy
    invite_code = _prepare_database(postgres_url)
    server = start_app(url_through_cut_off)
    page = new_context().new_page()
    sign_up(page, server.url, invite_code)
    signed_in = page.get_by_text(ENGLISH("nav.signed_in_as", name=LEARNER["name"]))
    expect(signed_in).to_be_visible()

    cut_off.cut()
    page.reload()
    expect(page.get_by_text(ENGLISH("outage.database_unavailable"))).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)

    # Nobody reloads again: the page checks by itself and comes back, still signed in.
    cut_off.restore()
    expect(signed_in).to_be_visible()
    expect(page.get_by_text(ENGLISH("outage.database_unavailable"))).to_have_count(0)
