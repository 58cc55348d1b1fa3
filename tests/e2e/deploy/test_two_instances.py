"""Two app instances on one PostgreSQL database behind the shipped nginx configuration: a
learner whose instance dies loses neither her sign-in nor a saved answer, and what one
instance saves, the other shows at once."""

from __future__ import annotations

import http.client
import ssl
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import open_database
from courseware.store.attempts import get_attempt
from courseware.store.models import Cohort
from courseware.ui.questions import describe_answer
from tests.e2e.conftest import TRAINER_EMAIL, TRAINER_PASSWORD
from tests.e2e.deploy.test_shipped_files import HEADERS as SECURITY_HEADERS
from tests.e2e.streamlit_page import (
    ENGLISH,
    QuizPlayer,
    english,
    expect,
    learner_actor,
    start_quiz,
    wait_for_app,
    wait_until,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.deploy]

LEARNER = {"email": "jelena.markovic@example.org", "name": "Jelena Marković"}
PASSWORD = "a long enough password"
QUIZ = "legal-framework-final"
# Pixels: enough for every row of one attempt in the trainer's table.
TALL_WINDOW = 3000


def sign_up(page: Page, base_url: str, invite_code: str) -> None:
    page.goto(f"{base_url}/auth/sign-up?code={invite_code}")
    page.get_by_label(ENGLISH("auth.field.email")).fill(LEARNER["email"])
    page.get_by_label(ENGLISH("auth.field.name")).fill(LEARNER["name"])
    page.get_by_label(ENGLISH("auth.field.password"), exact=True).fill(PASSWORD)
    page.get_by_label(ENGLISH("auth.field.password_again")).fill(PASSWORD)
    page.get_by_role("button", name=ENGLISH("auth.sign_up")).click()
    # Signing up never signs in (the answer must not tell whether the email had an account):
    # the sign-in form follows, with the email filled in.
    expect(page.get_by_text(ENGLISH("auth.signed_up", email=LEARNER["email"]))).to_be_visible()
    expect(page.get_by_label(ENGLISH("auth.field.email"))).to_have_value(LEARNER["email"])
    page.get_by_label(ENGLISH("auth.field.password")).fill(PASSWORD)
    page.get_by_role("button", name=ENGLISH("auth.sign_in")).click()
    expect_signed_in(page)


def expect_signed_in(page: Page) -> None:
    expect(page.get_by_text(ENGLISH("nav.signed_in_as", name=LEARNER["name"]))).to_be_visible()


def expect_answers_shown(page: Page, player: QuizPlayer, leaves) -> None:
    expect_signed_in(page)
    expect(page.get_by_text(ENGLISH("quiz.autosave"))).to_be_visible()
    for leaf in leaves:
        player.expect_shown(leaf, leaf.correct_answer())


def expect_table_shows(page: Page, texts: set[str]) -> None:
    """The one table on the page shows all these texts. The table is drawn on a canvas; its
    cells are also in the page for screen readers, but only those of the rows in view, so
    the table is shown full screen in a window tall enough for all its rows."""
    page.set_viewport_size({"width": 1280, "height": TALL_WINDOW})
    table = page.get_by_test_id("stDataFrame")
    table.hover()
    # Dispatched to the button itself: its toolbar floats over the expander's title above the
    # table, which a pointer click at the button's place can land on instead.
    page.get_by_role("button", name="Fullscreen").dispatch_event("click")
    cells = table.locator("[role='gridcell']")
    wait_until(
        lambda: texts <= set(cells.all_inner_texts()),
        f"the table to show {sorted(texts)}",
    )


def test_a_learner_whose_instance_is_killed_goes_on_on_the_other_with_nothing_lost(
    deploy, new_context
):
    deployment = deploy()
    db = open_database(load_settings(database_url=deployment.database_url))
    quiz = load_catalog(REPO_ROOT).quizzes[QUIZ]

    # Through nginx: sign up with the cohort's invite code, start the quiz, answer half.
    page = new_context().new_page()
    sign_up(page, deployment.proxy.url, deployment.invite_code)
    actor = learner_actor(db, page)
    page.goto(f"{deployment.proxy.url}/quiz?quiz={quiz.id}")
    player = start_quiz(page, db, actor, quiz.id)
    half = len(player.layout.question_ids) // 2
    first_half = player.leaves(player.layout.question_ids[:half])
    for leaf in first_half:
        player.answer(leaf, leaf.correct_answer())
    serving = deployment.serving()
    survivor = deployment.other(serving)

    # What her instance saved, the other one shows at once: to her trainer, signed in there
    # (straight on its port, as nginx could have sent the trainer to either instance)...
    trainer = new_context().new_page()
    trainer.goto(f"{survivor.url}/auth/sign-in")
    trainer.get_by_label(ENGLISH("auth.field.email")).fill(TRAINER_EMAIL)
    trainer.get_by_label(ENGLISH("auth.field.password")).fill(TRAINER_PASSWORD)
    trainer.get_by_role("button", name=ENGLISH("auth.sign_in")).click()
    cohort_id = db.read(lambda tx: tx.session.scalar(select(Cohort.id)))
    trainer.goto(f"{survivor.url}/learner?user={actor.user_id}&cohort={cohort_id}")
    trainer.get_by_text(english(quiz.title)).click()
    # Described from the answers as stored (PostgreSQL may reorder a matching's pairs).
    saved = player.saved()
    answers = {describe_answer(leaf, saved[leaf.id], english, ENGLISH) for leaf in first_half}
    expect_table_shows(trainer, answers)
    trainer.context.close()
    # ...and to herself, in a second window opened straight on the other instance.
    window = new_context(storage_state=page.context.storage_state()).new_page()
    window.goto(f"{survivor.url}/quiz?quiz={quiz.id}")
    expect_answers_shown(window, player, first_half)
    window.context.close()

    # Her instance dies. A reload through nginx reaches the other one, still signed in,
    # with every saved answer; she finishes and submits there.
    serving.kill()
    page.reload()
    expect_answers_shown(page, player, first_half)
    wait_for_app(page)
    assert deployment.serving() is survivor
    second_half = player.leaves(player.layout.question_ids[half:])
    for leaf in second_half:
        player.answer(leaf, leaf.correct_answer())
    page.get_by_role("button", name=ENGLISH("quiz.submit"), exact=True).click()
    expect(page.get_by_text(ENGLISH("review.passed"), exact=True)).to_be_visible()

    submitted = get_attempt(db, actor, player.attempt_id)
    assert submitted.state == "submitted"
    assert set(submitted.answers) == {leaf.id for leaf in first_half + second_half}
    assert submitted.passed
    db.dispose()


def test_behind_https_the_proxy_redirects_plain_http_and_the_sign_in_cookie_is_secure(
    deploy, new_context
):
    # No COURSEWARE_SESSION_COOKIE_SECURE: the instances see HTTPS in X-Forwarded-Proto from
    # nginx, their trusted proxy, and mark the cookie Secure by themselves.
    deployment = deploy(https=True)

    plain = http.client.HTTPConnection("127.0.0.1", deployment.proxy.http_port, timeout=10)
    plain.request("GET", "/quiz?quiz=x")
    reply = plain.getresponse()
    assert reply.status == 301
    assert reply.getheader("Location").startswith("https://")
    plain.close()

    # Every page, Streamlit's and the sign-in routes', forbids framing, foreign referrers
    # and content sniffing, each header once (the sign-in pages add a stricter policy of
    # their own to nginx's; browsers enforce both).
    secure = http.client.HTTPSConnection(
        "127.0.0.1", deployment.proxy.https[0], timeout=10, context=ssl._create_unverified_context()
    )
    for path in ("/", "/auth/sign-in"):
        secure.request("GET", path)
        reply = secure.getresponse()
        reply.read()
        assert reply.status == 200
        for name, value in SECURITY_HEADERS.items():
            sent = reply.headers.get_all(name)
            assert value in sent and (name == "Content-Security-Policy" or len(sent) == 1)
    secure.close()

    # The whole app over HTTPS, websocket included (wss://), with the test's own certificate.
    page = new_context(ignore_https_errors=True).new_page()
    sign_up(page, deployment.proxy.https_url, deployment.invite_code)
    cookie = next(c for c in page.context.cookies() if c["name"] == "courseware_session")
    assert cookie["secure"] and cookie["httpOnly"]
