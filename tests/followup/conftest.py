from __future__ import annotations

import pytest

from courseware.content.catalog import load_catalog
from courseware.store import Database
from tests.databases import settings_for
from tests.followup.fixtures import write_followup_course
from tests.followup.smtp import SmtpServer

PUBLIC_URL = "https://learn.example.org"
SECRET = "a test secret key that is long enough for the app"


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def course(tmp_path):
    return write_followup_course(tmp_path / "course")


@pytest.fixture
def catalog(course):
    return load_catalog(course)


def mail_settings(url: str, smtp: SmtpServer | None, course, **overrides):
    mail = (
        {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none"}
        if smtp is not None
        else {}
    )
    return settings_for(
        url,
        public_url=PUBLIC_URL,
        secret_key=SECRET,
        smtp_from="Course <course@learn.example.org>",
        content_dir=course,
        **(mail | overrides),
    )


@pytest.fixture
def mail_db(db, clock, smtp, course):
    """`db` with the SMTP server of `smtp` and the course with a follow-up plan."""
    database = Database(db.url, mail_settings(db.url, smtp, course), clock)
    yield database
    database.dispose()
