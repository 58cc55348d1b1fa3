"""The connection to the mail server as deployed: STARTTLS (the default) or TLS from the
start, with the server's certificate checked, and a user name and password."""

from __future__ import annotations

import ssl

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from courseware.mail.sender import send_once
from courseware.store import Database
from courseware.store.followup import reminder_status
from tests.followup.conftest import mail_settings
from tests.followup.helpers import certify
from tests.followup.smtp import SmtpServer
from tests.tls import self_signed_certificate


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, trusted by the test's client."""
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"course",
        b"mail secret",
    )
    return AuthResult(success=ok)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_mail_goes_over_tls_with_a_login(
    security, certificate, db, cast, clock, course, catalog, monkeypatch
):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    # aiosmtpd offers AUTH over TLS from the start only when not told to require TLS (it
    # does not count that connection as TLS); the connection is encrypted all the same.
    tls = (
        {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
        if security == "starttls"
        else {"ssl_context": context, "auth_require_tls": False}
    )
    server = SmtpServer(authenticator=_authenticator, **tls)
    server.start()
    # The client checks the certificate against the trusted ones: ours, for the test.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    try:
        settings = mail_settings(
            db.url,
            server,
            course,
            smtp_security=security,
            smtp_username="course",
            smtp_password="mail secret",
        )
        mail_db = Database(db.url, settings, clock)
        certify(mail_db, cast.learner_a.user_id)
        clock.advance(days=30)
        assert send_once(mail_db, catalog).sent == 1
        assert len(server.messages) == 1
        mail_db.dispose()
    finally:
        server.stop()


def test_a_wrong_password_is_a_failure_tried_again_later(db, cast, clock, course, catalog):
    server = SmtpServer(authenticator=_authenticator, auth_require_tls=False)
    server.start()
    try:
        settings = mail_settings(
            db.url,
            server,
            course,
            smtp_username="course",
            smtp_password="wrong",
            # After refusing the login, this aiosmtpd set-up leaves smtplib waiting for an
            # answer: the refusal ends in the time-out here, a failure all the same.
            smtp_timeout_seconds=2,
        )
        mail_db = Database(db.url, settings, clock)
        certify(mail_db, cast.learner_a.user_id)
        clock.advance(days=30)
        done = send_once(mail_db, catalog)
        assert (done.sent, done.failed) == (0, 1)
        assert server.messages == []
        [failing] = reminder_status(mail_db, cast.admin).failing
        assert failing.tries == 1 and failing.last_error.startswith("mail server:")
        mail_db.dispose()
    finally:
        server.stop()
