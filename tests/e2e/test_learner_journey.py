"""A new learner's whole journey through the real course, in a real browser, against the
real server: sign-up with an invite code, pre-test, a lesson, a knowledge check, the first
module's final quiz across a reload and a server restart, the certificate and its check."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.access import Actor
from courseware.content.catalog import load_catalog
from courseware.content.questions import LeafQuestion
from courseware.content.quiz import Quiz
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import Database, open_database
from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from courseware.store.certificates import my_certificate
from courseware.store.progress import lessons_done
from tests.e2e.streamlit_page import (
    ENGLISH,
    QuizPlayer,
    english,
    expect,
    learner_actor,
    start_quiz,
    started_attempt,
    wait_for_app,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

LEARNER = {"email": "ana.petrovic@example.org", "name": "Ana Petrović"}
PASSWORD = "a long enough password"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO_ROOT)


@pytest.fixture
def server_db(app_server):
    """The server's database, opened by the test too: it reads what the pages wrote."""
    database = open_database(load_settings(database_url=app_server.database_url))
    yield database
    database.dispose()


def pass_final_through_store(db: Database, actor: Actor, quiz: Quiz) -> None:
    """A final passed the quick way, through the same store calls the quiz page makes."""
    attempt = start_attempt(db, actor, quiz)
    drawn = set(attempt.layout.question_ids)
    for question in quiz.questions:
        for leaf in question.leaves() if question.id in drawn else []:
            save_answer(db, actor, attempt.id, leaf.id, leaf.correct_answer())
    assert submit_attempt(db, actor, attempt.id).passed


def test_new_learner_goes_from_invite_code_to_verified_certificate(
    app_server, server_db, new_context, screenshot, catalog
):
    db = server_db
    course = catalog.course
    first_module = catalog.modules[course.modules[0]]
    t = ENGLISH

    def screenshot_on_phone(page: Page, name: str) -> None:
        """The same page, signed in as the same learner, on a phone-sized screen."""
        phone = new_context(viewport=PHONE, storage_state=page.context.storage_state()).new_page()
        phone.goto(page.url)
        expect(phone.get_by_role("heading").first).to_be_visible()
        screenshot(phone, name)
        phone.close()

    # Sign up with the invite code from the trainer's link: the code is filled in already.
    page = new_context().new_page()
    page.goto(f"{app_server.url}/auth/sign-up?code={app_server.invite_code}")
    expect(page.get_by_label(t("auth.field.invite_code"))).to_have_value(app_server.invite_code)
    page.get_by_label(t("auth.field.email")).fill(LEARNER["email"])
    page.get_by_label(t("auth.field.name")).fill(LEARNER["name"])
    page.get_by_label(t("auth.field.password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("auth.field.password_again")).fill(PASSWORD)
    screenshot(page, "01-sign-up")
    page.get_by_role("button", name=t("auth.sign_up")).click()

    # Signing up never signs in: the sign-in form follows, the email filled in.
    expect(page.get_by_text(t("auth.signed_up", email=LEARNER["email"]))).to_be_visible()
    expect(page.get_by_label(t("auth.field.email"))).to_have_value(LEARNER["email"])
    page.get_by_label(t("auth.field.password")).fill(PASSWORD)
    page.get_by_role("button", name=t("auth.sign_in")).click()

    # Signed in, on "My learning", with the pre-test as the one next step.
    expect(page.get_by_text(t("nav.signed_in_as", name=LEARNER["name"]))).to_be_visible()
    expect(page.get_by_role("heading", name=english(course.title))).to_be_visible()
    expect(page.get_by_text(t("learning.pretest_prompt"))).to_be_visible()
    screenshot(page, "02-my-learning-new")
    actor = learner_actor(db, page)

    # The pre-test: a few answers (one of each kind of question it has), then submit anyway.
    page.get_by_role("button", name=t("learning.next.pretest")).click()
    pretest = start_quiz(page, db, actor, course.pretest)
    one_of_each_kind: dict[str, LeafQuestion] = {}
    for leaf in pretest.leaves():
        one_of_each_kind.setdefault(leaf.type, leaf)
    for leaf in one_of_each_kind.values():
        pretest.answer(leaf, leaf.correct_answer())
    screenshot(page, "03-pretest")
    screenshot_on_phone(page, "03-pretest-phone")
    page.get_by_role("button", name=t("quiz.submit"), exact=True).click()
    unanswered = len(pretest.leaves()) - len(one_of_each_kind)
    expect(page.get_by_text(t("quiz.unanswered_warning", count=unanswered))).to_be_visible()
    page.get_by_role("button", name=t("quiz.submit_anyway")).click()
    expect(page.get_by_text(t("review.score"))).to_be_visible()
    screenshot(page, "04-pretest-review")

    # The first lesson, from the next step on "My learning"; marked as done.
    page.get_by_role("link", name=t("nav.my_learning")).first.click()
    first_lesson, second_lesson = first_module.lessons[:2]
    next_step = t("learning.next.lesson", lesson=english(first_lesson.title))
    page.get_by_role("button", name=next_step).click()
    expect(page.get_by_role("heading", name=english(first_module.title))).to_be_visible()
    # In the list of lessons the open one is the one that is not a link.
    first_link, second_link = (
        page.get_by_role("link", name=f"{number}. {english(lesson.title)}", exact=True)
        for number, lesson in ((1, first_lesson), (2, second_lesson))
    )
    expect(second_link).to_be_visible()
    expect(first_link).to_have_count(0)
    screenshot(page, "05-lesson")
    page.get_by_role("button", name=t("module.mark_done")).click()
    expect(first_link).to_be_visible()
    expect(second_link).to_have_count(0)
    assert (first_module.id, first_lesson.id) in lessons_done(db, actor, actor.user_id)

    # The knowledge check of the lesson now open: practice, with feedback and no verdict.
    page.get_by_text(t("module.check_understanding")).click()
    page.get_by_role("button", name=t("check.start")).click()
    check = QuizPlayer(page, db, actor, started_attempt(db, actor, second_lesson.check))
    for leaf in check.leaves():
        check.answer(leaf, leaf.correct_answer())
    page.get_by_role("button", name=t("check.check_answers")).click()
    expect(page.get_by_role("button", name=t("check.try_again"))).to_be_visible()
    expect(page.get_by_text(f"{t('review.your_answer')}:")).to_have_count(len(check.leaves()))
    wait_for_app(page)
    expect(page.get_by_text(t("review.correct_answer"))).to_have_count(0)
    expect(page.get_by_text(t("review.passed"), exact=True)).to_have_count(0)
    screenshot(page, "06-knowledge-check")

    # The module's final: pass mark and attempts are shown before it starts.
    page.get_by_role("link", name=t("module.final_quiz")).click()
    final = catalog.quizzes[first_module.final]
    expect(
        page.get_by_text(t("quiz.pass_mark", mark=f"{float(final.pass_mark):.0%}"))
    ).to_be_visible()
    expect(page.get_by_text(t("quiz.attempts_left", count=final.max_attempts))).to_be_visible()
    player = start_quiz(page, db, actor, final.id)
    half = len(player.layout.question_ids) // 2
    first_half = player.leaves(player.layout.question_ids[:half])
    for leaf in first_half:
        player.answer(leaf, leaf.correct_answer())
    screenshot(page, "07-final-quiz")
    screenshot_on_phone(page, "08-final-quiz-phone")

    def expect_first_half_shown() -> None:
        expect(page.get_by_text(t("nav.signed_in_as", name=LEARNER["name"]))).to_be_visible()
        expect(page.get_by_text(t("quiz.autosave"))).to_be_visible()
        for leaf in first_half:
            player.expect_shown(leaf, leaf.correct_answer())
        wait_for_app(page)
        single_widget = [
            leaf.id
            for leaf in player.leaves()
            if leaf.type in ("single_choice", "true_false", "numeric")
        ]
        assert player.keyed_order() == single_widget, "the questions came back in another order"

    # A reload keeps the session and every answer...
    page.reload()
    expect_first_half_shown()
    # ...and so does a restart of the server process.
    app_server.restart()
    page.reload()
    expect_first_half_shown()

    for leaf in player.leaves(player.layout.question_ids[half:]):
        player.answer(leaf, leaf.correct_answer())
    page.get_by_role("button", name=t("quiz.submit"), exact=True).click()
    expect(page.get_by_text(t("review.passed"), exact=True)).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_text(t("review.correct_answer"))).to_have_count(0)
    screenshot(page, "09-final-review")

    # The other five finals are passed behind the scenes; the certificate is then earned.
    for quiz_id in course.certificate.passed:
        if quiz_id != final.id:
            pass_final_through_store(db, actor, catalog.quizzes[quiz_id])
    page.goto(app_server.url)
    download_button = page.get_by_role("button", name=t("certificate.download"))
    expect(download_button).to_be_visible()
    certificate = my_certificate(db, actor)
    assert certificate is not None
    expect(page.get_by_text(t("certificate.ready", serial=certificate.serial))).to_be_visible()
    screenshot(page, "10-my-learning-certificate")
    with page.expect_download() as downloaded:
        download_button.click()
    pdf = PdfReader(io.BytesIO(downloaded.value.path().read_bytes()))
    text = " ".join(" ".join(page_.extract_text() for page_ in pdf.pages).split())
    for expected in (
        LEARNER["name"],
        english(course.title),
        certificate.serial,
        certificate.verification_code,
    ):
        assert expected in text, f"{expected!r} is not in the certificate: {text}"

    # Anyone can check the code on the public page, without signing in.
    visitor = new_context().new_page()
    visitor.goto(f"{app_server.url}/verify")
    code_field = visitor.get_by_label(t("verify.code"))
    code_field.fill(certificate.verification_code)
    code_field.press("Enter")
    valid = visitor.get_by_text(
        t(
            "verify.valid",
            name=LEARNER["name"],
            course=english(course.title),
            date=t.date(certificate.issued_at.date()),
            serial=certificate.serial,
        )
    )
    expect(valid).to_be_visible()
    expect(visitor.get_by_text(t("nav.signed_in_as", name=LEARNER["name"]))).to_have_count(0)
    screenshot(visitor, "11-verify-valid")
    code_field.fill("ZZZZZ-ZZZZZ")
    code_field.press("Enter")
    expect(visitor.get_by_text(t("verify.unknown"))).to_be_visible()
    expect(valid).to_have_count(0)
    screenshot(visitor, "12-verify-unknown")
