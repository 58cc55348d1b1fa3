"""The coordinator's dashboard in a real browser, on the real course and a small demo
database: the headline figures come first, every chart folded; each folded section unfolds
from the keyboard and adds its charts, and in the end every chart of the page has been drawn
by Plotly, each with the table of its numbers (nothing the page showed before its sections
were folded is out of reach)."""

from __future__ import annotations

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.demo import DEMO_PASSWORD
from courseware.demo.people import COORDINATOR
from courseware.store.auth import sign_in
from courseware.store.bulk import load_demo
from courseware.ui.views.coordinator import (
    FUNNEL,
    GAIN,
    ITEMS,
    PASS_RATES,
    SCORES,
    SURVEY,
    WEEKLY,
)
from tests.e2e.conftest import AppServer, _free_port, open_server_database, with_session
from tests.e2e.streamlit_page import (
    CHART_DRAWN,
    ENGLISH,
    expect,
    key_class,
    unfold,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

LEARNERS = 150
# The charts each folded section adds once unfolded (the items section: the items' scatter
# and the tags' mastery; the demo's post-test has no branching case).
SECTIONS = [
    (FUNNEL, 1),
    (SCORES, 1),
    (PASS_RATES, 1),
    (GAIN, 1),
    (WEEKLY, 1),
    (ITEMS, 2),
    (SURVEY, 1),
]


@pytest.fixture
def demo_server(tmp_path):
    server = AppServer(f"sqlite:///{tmp_path / 'demo.db'}", _free_port(), tmp_path / "server.log")
    db = open_server_database(server)
    load_demo(db, LEARNERS, seed=1)
    server.start()
    yield server, db
    db.dispose()
    server.stop()


def expect_drawn(page, count: int) -> None:
    charts = page.locator("[data-testid='stPlotlyChart']")
    expect(charts).to_have_count(count)
    page.wait_for_function(
        f"() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
        f".filter({CHART_DRAWN}).length === {count}"
    )


def test_every_chart_of_the_dashboard_draws_for_a_coordinator(demo_server, new_context):
    server, db = demo_server
    token = sign_in(db, COORDINATOR, DEMO_PASSWORD, "127.0.0.1").token
    page = with_session(new_context(), db, server.url, token)
    page.goto(server.url)  # the dashboard is the coordinator's first page
    wait_for_app(page)
    # First the headline figures alone: every chart is folded.
    expect(page.get_by_text(ENGLISH("dash.stuck"), exact=True)).to_be_visible()
    expect_drawn(page, 0)
    drawn = 0
    for (title, fold), added in SECTIONS:
        expect(page.locator(f".{key_class(fold)} summary")).to_contain_text(ENGLISH(title))
        unfold(page, fold)
        drawn += added
        expect_drawn(page, drawn)
    # Each chart with the table of its numbers (folded).
    numbers = page.get_by_text(ENGLISH("report.numbers"), exact=True)
    expect(numbers).to_have_count(drawn)
