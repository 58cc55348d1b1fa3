"""The path analysis of a branching case in a real browser against the real server: eight
learners of the trainer's cohort have walked the case in the small test course's final
(through the store, as the player saves it); the trainer opens the quiz report, chooses the
final, and reads where judgement fails, the Sankey diagram and the tables. The page is
saved under test-artifacts/screenshots/ for the closing note."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.store.auth import sign_in
from courseware.ui.views.coordinator import ITEMS
from tests.databases import PASSWORD, add_user, enrolled_learner
from tests.e2e.conftest import (
    TRAINER_EMAIL,
    TRAINER_PASSWORD,
    launch_app,
    open_server_database,
    with_session,
)
from tests.e2e.streamlit_page import after_scroll_events, expect, key_class, wait_for_app
from tests.quiz_files import with_branching_case
from tests.report_data import take
from tests.store.test_case_paths_report import CASE, COHORT_A

pytestmark = pytest.mark.e2e

FAILS = "Judgement fails most at step “A girl of 16 sits alone at the bus station.”: 38%"


@pytest.fixture
def course(course_dir):
    return with_branching_case(course_dir)


@pytest.fixture
def walked_server(tmp_path, course):
    """The app serving the test course, its cohort's eight learners done with the final."""
    folder = tmp_path / "server"
    folder.mkdir()
    server = launch_app(folder, COURSEWARE_CONTENT_DIR=str(course))
    db = open_server_database(server)
    final = load_catalog(course).quizzes["basics-final"]
    # The server's one organisation (id 1) and its cohort's invite code.
    cohort = SimpleNamespace(organisation_id=1, invite_code=server.invite_code)
    for number, path in enumerate(COHORT_A):
        learner = enrolled_learner(db, f"walker{number}@example.org", cohort)
        take(db, learner, final, {CASE: path, "q1": True})
    yield server, db
    db.dispose()
    server.stop()


def signed_in_page(server, db, new_context, email: str, password: str, path: str, fold=None):
    """A browser signed in as `email` (the session cookie as the sign-in route sets it), at
    `path`, its folded section `fold` (a key) unfolded, with the final chosen in the page's
    quiz chooser."""
    page = with_session(
        new_context(viewport={"width": 1280, "height": 1000}),
        db,
        server.url,
        sign_in(db, email, password, "127.0.0.1").token,
    )
    page.goto(f"{server.url}{path}")
    wait_for_app(page)
    if fold is not None:
        page.locator(f".{key_class(fold)} summary").click()
        wait_for_app(page)
    quiz = page.get_by_role("combobox", name="Quiz")
    quiz.scroll_into_view_if_needed()
    after_scroll_events(page)
    quiz.click()
    page.get_by_role("option", name="Final", exact=True).click()
    wait_for_app(page)
    return page


def test_the_trainer_sees_where_judgement_fails_and_the_paths(
    walked_server, new_context, screenshot
):
    server, db = walked_server
    page = signed_in_page(server, db, new_context, TRAINER_EMAIL, TRAINER_PASSWORD, "/quiz-report")

    expect(page.get_by_text(FAILS)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Decision paths in the branching cases")
    ).to_be_visible()
    # The Sankey is drawn (Plotly's SVG, with a band per choice taken).
    sankey = page.locator(".js-plotly-plot .sankey")
    expect(sankey).to_have_count(1)
    expect(page.locator(".js-plotly-plot .sankey-link")).to_have_count(7)
    page.get_by_text(FAILS).scroll_into_view_if_needed()
    after_scroll_events(page)
    shot = screenshot(page, "case-paths-01-trainer-report")
    assert shot.stat().st_size > 10_000


def test_the_coordinator_sees_the_paths_on_the_dashboard(walked_server, new_context, screenshot):
    server, db = walked_server
    add_user(db, "coordinator@example.org", "coordinator", 1)
    # The dashboard is the coordinator's first page; the paths are in its item section.
    page = signed_in_page(
        server, db, new_context, "coordinator@example.org", PASSWORD, "/", ITEMS[1]
    )
    # The cohort has eight learners: enough for a coordinator to see its paths.
    expect(page.get_by_text(FAILS)).to_be_visible()
    expect(page.locator(".js-plotly-plot .sankey-link")).to_have_count(7)
    page.get_by_role(
        "heading", name="Decision paths in the branching cases"
    ).scroll_into_view_if_needed()
    after_scroll_events(page)
    screenshot(page, "case-paths-02-coordinator-dashboard")
