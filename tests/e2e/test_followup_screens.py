"""The follow-up plan in a real browser, on the real course and a small demo database: a
learner whose 30-day check is due sees it on My learning; the sender mails the reminder to a
real SMTP server (aiosmtpd), and the mail's HTML part, rendered in Chromium, leads with the
learner's session to the check. The screenshots are for the closing note of issue 22."""

from __future__ import annotations

import html
from datetime import date

import pytest
from sqlalchemy import select

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.demo import DEMO_PASSWORD
from courseware.mail.sender import send_once
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import Database
from courseware.store.actors import actor_for
from courseware.store.auth import sign_in
from courseware.store.bulk import load_demo
from courseware.store.followup import my_followup
from courseware.store.models import Certificate, User
from tests.e2e.conftest import AppServer, open_server_database, with_session
from tests.e2e.streamlit_page import ENGLISH, expect, wait_for_app
from tests.followup.smtp import SmtpServer, free_port

pytestmark = pytest.mark.e2e

SECRET = "an e2e secret key that is long enough for the app"
SENDER = "Course <course@learn.example.org>"
LEARNERS = 300


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def demo_server(tmp_path, smtp):
    """The app on a demo database, mailing through `smtp`, its links pointing at itself."""
    port = free_port()
    settings = {
        "COURSEWARE_SECRET_KEY": SECRET,
        "COURSEWARE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "COURSEWARE_SMTP_HOST": "127.0.0.1",
        "COURSEWARE_SMTP_PORT": str(smtp.port),
        "COURSEWARE_SMTP_SECURITY": "none",
        "COURSEWARE_SMTP_FROM": SENDER,
        # The test sends the reminders itself, once.
        "COURSEWARE_REMINDER_SEND_IN_APP": "false",
    }
    server = AppServer(
        f"sqlite:///{tmp_path / 'demo.db'}", port, tmp_path / "server.log", settings=settings
    )
    db = open_server_database(server)
    load_demo(db, LEARNERS, seed=1)
    db.dispose()
    server.start()
    yield server
    server.stop()


def _learner_with_a_check_due(db, plan) -> tuple[str, date]:
    """An English-reading demo learner whose first step is due now and the others later;
    their e-mail and the day their check was due."""
    learners = db.read(
        lambda tx: [
            (actor_for(tx, user), user.email)
            for user in tx.session.scalars(
                select(User)
                .join(Certificate, Certificate.user_id == User.id)
                .where(User.language == "en")
                .order_by(User.id)
            )
        ]
    )
    for actor, email in learners:
        followup = my_followup(db, actor, plan)
        first, *later = followup.steps
        if first.due(followup.today) and all(s.due_on > followup.today for s in later):
            return email, first.due_on
    raise AssertionError("no demo learner with only the 30-day check due")


def test_a_due_check_on_my_learning_and_its_reminder_mail(
    demo_server, smtp, new_context, screenshot
):
    t = ENGLISH
    catalog = load_catalog(REPO_ROOT)
    plan = catalog.course.followup
    db = open_server_database(demo_server)
    email, due_on = _learner_with_a_check_due(db, plan)
    token = sign_in(db, email, DEMO_PASSWORD, "127.0.0.1").token
    page = with_session(new_context(), db, demo_server.url, token)

    page.goto(demo_server.url)  # a learner's first page: My learning
    wait_for_app(page)
    expect(page.get_by_text(t("learning.followup"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("learning.followup.due_now")).first).to_be_visible()
    expect(page.get_by_role("link", name=t("learning.followup.take"))).to_be_visible()
    screenshot(page, "followup-01-my-learning-due")

    # The sender, as the app's thread or `followup send --once` runs it, with the app's
    # settings: the mail goes to the real SMTP server.
    sender = Database(demo_server.database_url, _mail_settings(demo_server))
    done = send_once(sender, catalog)
    sender.dispose()
    assert done.sent > 0 and done.failed == 0
    # The first reminder, and a second one when the check was due over a week ago; a learner
    # who practises also gets the mails of the practice sets that fell due.
    theirs = [m for m in smtp.messages if m["To"].addresses[0].addr_spec == email]
    quiz = catalog.quizzes[plan[0].quiz]

    def links_to(mail, path: str) -> bool:
        return path in mail.get_body(preferencelist=("plain",)).get_content()

    mails = [m for m in theirs if links_to(m, f"/quiz?quiz={quiz.id}")]
    assert all(links_to(m, "/practice") for m in theirs if m not in mails)
    assert 1 <= len(mails) <= 2
    assert {m["Subject"] for m in mails} == {t("followup.mail.subject", quiz=quiz.title["en"])}
    mail = mails[0]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = mail.get_body(preferencelist=("html",)).get_content()
    assert f'href="{demo_server.url}/quiz?quiz={quiz.id}"' in body
    assert html.escape(t.date(due_on)) in body

    mail_page = page.context.new_page()
    mail_page.set_content(_as_received(mail, body))
    frame = mail_page.frame_locator("iframe")
    expect(frame.get_by_role("link", name=t("followup.mail.open"))).to_be_visible()
    screenshot(mail_page, "followup-02-reminder-mail")

    # The mail's link opens the check, for the learner signed in.
    page.goto(frame.get_by_role("link", name=t("followup.mail.open")).get_attribute("href"))
    wait_for_app(page)
    expect(page.get_by_text(quiz.title["en"]).first).to_be_visible()
    db.dispose()


def _mail_settings(server: AppServer):
    """The app's settings, as the server reads them from its environment."""
    return load_settings(
        database_url=server.database_url,
        secret_key=SECRET,
        public_url=server.url,
        smtp_host="127.0.0.1",
        smtp_port=int(server.settings["COURSEWARE_SMTP_PORT"]),
        smtp_security="none",
        smtp_from=SENDER,
    )


def _as_received(mail, body: str) -> str:
    """The mail as a mail client shows it: its headers above its HTML part (in a frame of
    its own, as clients isolate a mail's HTML)."""
    headers = "".join(
        f"<tr><th>{name}</th><td>{html.escape(str(mail[name]))}</td></tr>"
        for name in ("From", "To", "Subject", "Message-ID", "List-Unsubscribe")
    )
    frame = html.escape(body, quote=True)
    return (
        "<!doctype html><html><head><style>"
        "body{font-family:sans-serif;margin:16px}th{text-align:left;padding-right:12px}"
        "table{font-size:13px;margin-bottom:12px;color:#333}"
        "iframe{width:100%;height:320px;border:1px solid #ccc}"
        f'</style></head><body><table>{headers}</table><iframe srcdoc="{frame}"></iframe>'
        "</body></html>"
    )
