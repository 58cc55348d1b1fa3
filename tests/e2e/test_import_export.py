"""The Import and export page in a real browser against the real server: an admin uploads
a GIFT file through the browser's file chooser (AppTest cannot upload), sees the converted
questions disabled with the warning on its line and a YAML download, and a malformed file's
line-numbered error; a trainer downloads a quiz but gets no uploader."""

from __future__ import annotations

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.store.auth import sign_in
from tests.databases import PASSWORD, add_user
from tests.e2e.conftest import (
    TRAINER_EMAIL,
    TRAINER_PASSWORD,
    launch_app,
    open_server_database,
    with_session,
)
from tests.e2e.streamlit_page import expect, wait_for_app

pytestmark = pytest.mark.e2e

BANK = (
    "::Consent::Consent obtained by deception is irrelevant.{T}\n\n::Essay::Describe the case. {}\n"
)


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "server"
    folder.mkdir()
    server = launch_app(folder)
    db = open_server_database(server)
    add_user(db, "admin@example.org", "admin", 1)
    yield server, db
    db.dispose()
    server.stop()


def _page(server, db, new_context, email: str, password: str):
    page = with_session(
        new_context(), db, server.url, sign_in(db, email, password, "127.0.0.1").token
    )
    page.goto(f"{server.url}/import-export")
    wait_for_app(page)
    return page


def _convert(page, name: str, content: str) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": content.encode()}
    )
    wait_for_app(page)
    page.get_by_text("GIFT", exact=True).last.click()
    wait_for_app(page)
    page.get_by_role("button", name="Convert").click()
    wait_for_app(page)


def test_an_admin_uploads_a_gift_file_and_sees_it_converted(server, new_context):
    server, db = server
    page = _page(server, db, new_context, "admin@example.org", PASSWORD)
    _convert(page, "bank.gift", BANK)
    expect(page.get_by_text("Questions imported: 1, skipped: 1.")).to_be_visible()
    expect(page.get_by_text("bank.gift:3: warning: question 'Essay': skipped")).to_be_visible()
    expect(page.get_by_role("button", name="Download the quiz file (YAML)")).to_be_visible()
    expect(page.get_by_text("Consent obtained by deception is irrelevant.")).to_be_visible()

    _convert(page, "broken.gift", "::Broken::No closing brace { =a ~b\n")
    expect(page.get_by_text("The file cannot be converted:")).to_be_visible()
    expect(page.get_by_text("broken.gift:1: error: the answer block needs")).to_be_visible()


def test_a_trainer_downloads_but_cannot_upload(server, new_context):
    server, db = server
    page = _page(server, db, new_context, TRAINER_EMAIL, TRAINER_PASSWORD)
    expect(page.get_by_role("heading", name="Import and export")).to_be_visible()
    expect(page.get_by_role("button", name="Download")).to_be_visible()
    expect(page.locator("[data-testid='stFileUploader']")).to_have_count(0)
