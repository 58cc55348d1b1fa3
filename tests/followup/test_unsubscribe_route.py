"""The unsubscribe link of a reminder mail: GET only asks (link scanners open links), the
confirm button or a mail client's RFC 8058 one-click POST stops the mails, with no session
and no form token; a forged token changes nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from starlette.applications import Starlette

from courseware.mail.sender import send_once
from courseware.store.followup import reminders_wanted
from courseware.ui import resources
from courseware.ui.unsubscribe_route import unsubscribe_routes
from tests.followup.helpers import certify
from tests.ui.asgi_browser import Browser


@pytest.fixture
def mailed(mail_db, cast, clock, smtp, catalog, monkeypatch):
    """Learner A, in Serbian Cyrillic, got a reminder; the routes use `mail_db`."""
    monkeypatch.setattr(resources, "database", lambda: mail_db)
    certify(mail_db, cast.learner_a.user_id, language="sr", script="cyrillic")
    clock.advance(days=30)
    send_once(mail_db, catalog)
    [mail] = smtp.messages
    link = urlsplit(mail["List-Unsubscribe"].strip("<>"))
    return f"{link.path}?{link.query}"


def _browser() -> Browser:
    return Browser(site="https://learn.example.org", app=Starlette(routes=unsubscribe_routes()))


def test_the_link_asks_first_and_the_confirm_button_unsubscribes(mailed, mail_db, cast):
    browser = _browser()
    page = browser.get(mailed)
    assert page.status == 200
    assert "Искључите подсетнике" in page.text  # the mail's language and script
    assert reminders_wanted(mail_db, cast.learner_a)  # opening the link changed nothing
    action = page.text.split('action="')[1].split('"')[0].replace("&amp;", "&")
    done = browser.post(action, {"List-Unsubscribe": "One-Click"})
    assert done.status == 200 and "Готово" in done.text
    assert not reminders_wanted(mail_db, cast.learner_a)


def test_one_click_post_from_a_mail_client_unsubscribes_without_session_or_token(
    mailed, mail_db, cast
):
    # What a mail client sends (RFC 8058 §3.2): no cookie, no Origin, just the body.
    reply = _browser().post(mailed, {"List-Unsubscribe": "One-Click"}, same_origin=False)
    assert reply.status == 200
    assert not reminders_wanted(mail_db, cast.learner_a)


def test_a_forged_token_changes_nothing(mailed, mail_db, cast):
    forged = f"/unsubscribe?token={cast.learner_a.user_id}.0000"
    reply = _browser().post(forged, {"List-Unsubscribe": "One-Click"}, same_origin=False)
    assert reply.status == 400
    assert reminders_wanted(mail_db, cast.learner_a)
