"""The Impact page in a real browser against the real server, on the real course: five
learners of the server's cohort earned the certificate and took both checks and the
behaviour survey (through the store). The coordinator opens the page and downloads the PDF
report; the page and the report's first page (drawn by pdftoppm) are saved under
test-artifacts/screenshots/ for the closing note."""

from __future__ import annotations

import shutil
import subprocess
from types import SimpleNamespace

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.store.auth import sign_in
from tests.databases import PASSWORD, add_user, enrolled_learner
from tests.e2e.conftest import REPO, SCREENSHOTS, launch_app, open_server_database, with_session
from tests.e2e.streamlit_page import after_scroll_events, expect, wait_for_app
from tests.impact_data import follow_up

pytestmark = pytest.mark.e2e


@pytest.fixture
def followed_server(tmp_path):
    folder = tmp_path / "server"
    folder.mkdir()
    server = launch_app(folder)
    db = open_server_database(server)
    quizzes = load_catalog(REPO).quizzes
    # The server's one organisation (id 1) and its cohort's invite code.
    cohort = SimpleNamespace(organisation_id=1, invite_code=server.invite_code)
    for number in range(5):
        learner = enrolled_learner(db, f"followed{number}@example.org", cohort)
        follow_up(db, learner, number, quizzes)
    add_user(db, "coordinator@example.org", "coordinator", 1)
    yield server, db
    db.dispose()
    server.stop()


def test_the_coordinator_reads_the_impact_page_and_downloads_the_report(
    followed_server, new_context, screenshot, tmp_path
):
    server, db = followed_server
    page = with_session(
        new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True),
        db,
        server.url,
        sign_in(db, "coordinator@example.org", PASSWORD, "127.0.0.1").token,
    )
    page.goto(f"{server.url}/impact")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Impact of the course")).to_be_visible()
    expect(page.get_by_text("5 learners took every check")).to_be_visible()
    # The retention curve: Plotly's SVG with a line for each group of learners.
    expect(page.locator(".js-plotly-plot .scatterlayer .trace")).to_have_count(2)
    shot = screenshot(page, "impact-01-page")
    assert shot.stat().st_size > 10_000

    button = page.get_by_role("button", name="Download the report (PDF)")
    button.scroll_into_view_if_needed()
    after_scroll_events(page)
    with page.expect_download() as download:
        button.click()
    report = tmp_path / "impact.pdf"
    download.value.save_as(report)
    assert report.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed: the report's first page is not drawn")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            report,
            SCREENSHOTS / "impact-02-report",
        ],
        check=True,
        timeout=60,
    )
    assert (SCREENSHOTS / "impact-02-report.png").stat().st_size > 10_000
