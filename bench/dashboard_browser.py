"""What a coordinator waits for in Chromium (issue 14): from opening the dashboard to the
last of its charts drawn, on a real `streamlit run` server of the app (`make run`'s command)
and a demo database, the coordinator signed in with the session cookie the sign-in route
sets. Measured: the first load after a server start (a new server for each run) and reloads
(a new Streamlit session each, the server's caches warm), on the 2,000-learner demo and, when
COURSEWARE_BENCH_DEMO_100000 names one, the 100,000-learner demo (COURSEWARE_BENCH_DEMO_2000
names a 2,000-learner one made before; otherwise it is made here). Also the server's memory:
its resident size before the coordinator opens the dashboard, after, and once the last
session has unfolded every section of the dashboard. The first load follows the server's
start at once (its warm-up, `courseware.ui.warm_up`, may still be running).

"Done" is decided in the page, on every animation frame (the script DONE_WATCH, installed
before the page's own scripts): Streamlit says its script run is over
(`data-test-script-state="notRunning"` after "running"), no element is still a loading
placeholder (`stSkeleton`), and every Plotly chart element holds a graph Plotly has finished
drawing (`tests.e2e.streamlit_page.CHART_DRAWN`: its layout computed, its traces in the SVG,
no drawing promise pending), all of it for STEADY_MS in a row (so that a chart arriving a
frame late is waited for); the time is when that state began, counted from the navigation's
start (`performance.now()`). The same watch notes when the script run started and ended as
the browser saw it (the server's share) and when the first chart was drawn.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bench.dashboard_scale import demo_database
from bench.measure import Figure, figure, median, skipped
from bench.server_load import rss_bytes
from courseware.demo import DEMO_PASSWORD
from courseware.demo.people import COORDINATOR
from courseware.settings import load_settings
from courseware.store import open_database
from courseware.store.auth import sign_in
from courseware.ui.views.coordinator import FOLDS
from tests.e2e.browser import CHROMIUM_ARGS, find_chromium
from tests.e2e.conftest import AppServer, _free_port
from tests.e2e.streamlit_page import CHART_DRAWN, key_class

SECTION = "dashboard in the browser"
SMALL, LARGE = 2_000, 100_000
RELOADS = 5
STEADY_MS = 250
TIMEOUT_MS = 180_000

DONE_WATCH = """
(() => {
  const marks = {};
  window.__dashboardMarks = marks;
  const drawn = CHART_DRAWN;
  const watch = () => {
    const now = performance.now();
    const state = document.querySelector("[data-testid='stApp']")?.dataset.testScriptState;
    if (state === "running" && marks.started === undefined) marks.started = now;
    if (marks.started !== undefined && state === "notRunning" && marks.ran === undefined) {
      marks.ran = now;
    }
    const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
    const ready = charts.filter(drawn).length;
    if (ready && marks.firstChart === undefined) marks.firstChart = now;
    const settled = marks.ran !== undefined && state === "notRunning" && ready === charts.length
      && !document.querySelector("[data-testid='stSkeleton']");
    if (!settled) marks.since = undefined;
    else if (marks.since === undefined) marks.since = now;
    if (marks.since !== undefined && now - marks.since >= STEADY_MS) {
      marks.done = marks.since;
      marks.charts = charts.length;
      return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();
""".replace("STEADY_MS", str(STEADY_MS)).replace("CHART_DRAWN", CHART_DRAWN)


@dataclass
class Load:
    """One opening of the dashboard, in seconds from the navigation's start."""

    done: float
    first_chart: float
    script_started: float
    script_ended: float
    charts: int


@dataclass
class Run:
    """One server's life: its first load, its reloads, its memory (bytes)."""

    first: Load
    reloads: list[Load] = field(default_factory=list)
    rss_before: int = 0
    rss_after_first: int = 0
    rss_after_reloads: int = 0
    rss_unfolded: int = 0
    charts_unfolded: int = 0


def _opened(page) -> Load:
    page.wait_for_function("() => window.__dashboardMarks?.done !== undefined", timeout=TIMEOUT_MS)
    marks = page.evaluate("() => window.__dashboardMarks")
    return Load(
        done=marks["done"] / 1000,
        first_chart=marks.get("firstChart", marks["done"]) / 1000,
        script_started=marks["started"] / 1000,
        script_ended=marks["ran"] / 1000,
        charts=marks["charts"],
    )


def _one_server(url: str, folder: Path, browser, token: str, reloads: int) -> Run:
    server = AppServer(url, _free_port(), folder / "dashboard-browser-server.log")
    server.start()
    try:
        pid = server.process.pid
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies(
            [{"name": "courseware_session", "value": token, "url": server.url, "httpOnly": True}]
        )
        context.add_init_script(DONE_WATCH)
        page = context.new_page()
        rss_before = rss_bytes(pid)
        # The dashboard is the coordinator's first page.
        page.goto(server.url, wait_until="commit")
        run = Run(first=_opened(page), rss_before=rss_before, rss_after_first=rss_bytes(pid))
        for _ in range(reloads):
            page.reload(wait_until="commit")
            run.reloads.append(_opened(page))
        run.rss_after_reloads = rss_bytes(pid)
        run.charts_unfolded = _unfold_every_section(page)
        run.rss_unfolded = rss_bytes(pid)
        context.close()
        return run
    finally:
        server.stop()


def _unfold_every_section(page) -> int:
    """Every folded section of the dashboard unfolded in turn (all its reads made, all its
    charts drawn); how many charts the page then has. On a demo database each section draws
    a chart at least: a wait for the charts alone would also end on the page as it was
    before the section's run began (every one of no new chart is drawn)."""
    charts = page.locator("[data-testid='stPlotlyChart']")
    for fold in FOLDS:
        before = charts.count()
        page.locator(f".{key_class(fold)} summary").click()
        page.locator(f".{key_class(fold)} details[open]").wait_for()
        page.wait_for_function(
            "(before) => {"
            " const charts = [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")];"
            " return document.querySelector(\"[data-testid='stApp']\").dataset.testScriptState"
            f" === 'notRunning' && charts.length > before && charts.every({CHART_DRAWN}); }}",
            arg=before,
            polling="raf",
            timeout=TIMEOUT_MS,
        )
    return charts.count()


def _signed_in_token(url: str) -> str:
    db = open_database(load_settings(database_url=url))
    try:
        return sign_in(db, COORDINATOR, DEMO_PASSWORD, "127.0.0.1").token
    finally:
        db.dispose()


def measure_size(url: str, learners: int, folder: Path, runs: int) -> list[Figure]:
    """Each run on a new server (its first load) with RELOADS reloads after it."""
    from playwright.sync_api import sync_playwright

    token = _signed_in_token(url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            results = [_one_server(url, folder, browser, token, RELOADS) for _ in range(runs)]
        finally:
            browser.close()
    return _figures(results, learners)


def _share(loads: list[Load]) -> str:
    ran = median([load.script_ended - load.script_started for load in loads])
    ended = median([load.script_ended for load in loads])
    charts = sorted({load.charts for load in loads})
    first = (
        f"first chart {median([load.first_chart for load in loads]):.2f} s; " if max(charts) else ""
    )
    return (
        f"{first}script run seen by the browser {ran:.2f} s (ended at {ended:.2f} s); "
        f"charts on the page {'/'.join(map(str, charts))}"
    )


def _figures(results: list[Run], learners: int) -> list[Figure]:
    size = f"{learners:,} learners"
    firsts = [run.first for run in results]
    reloads = [load for run in results for load in run.reloads]
    mib = 2**20
    after = [run.rss_after_first / mib for run in results]
    grown = median([(run.rss_after_first - run.rss_before) / mib for run in results])
    return [
        figure(
            SECTION,
            f"first load after a server start, {size}",
            [load.done for load in firsts],
            "s",
            _share(firsts) + "; goal at 100,000: under 3 s",
        ),
        figure(
            SECTION,
            f"reload, {size}",
            [load.done for load in reloads],
            "s",
            _share(reloads) + "; goal at 100,000: under 1.5 s",
        ),
        figure(
            SECTION,
            f"server memory after the coordinator's dashboard, {size}",
            after,
            "MiB",
            f"+{grown:.0f} MiB over the started server "
            f"({median([run.rss_before / mib for run in results]):.0f} MiB); after "
            f"{RELOADS} reloads {median([run.rss_after_reloads / mib for run in results]):.0f}"
            " MiB; goal at 100,000: under 300 MiB",
        ),
        figure(
            SECTION,
            f"server memory, every section unfolded, {size}",
            [run.rss_unfolded / mib for run in results],
            "MiB",
            f"{'/'.join(map(str, sorted({run.charts_unfolded for run in results})))} charts; "
            "after the reloads, in the last session",
        ),
    ]


def measure(folder: Path, runs: int) -> list[Figure]:
    figures = measure_size(demo_database(folder, SMALL), SMALL, folder, runs)
    named = os.environ.get(f"COURSEWARE_BENCH_DEMO_{LARGE}")
    if not named:
        reason = f"COURSEWARE_BENCH_DEMO_{LARGE} names no demo database"
        for name, unit in (
            ("first load after a server start", "s"),
            ("reload", "s"),
            ("server memory after the coordinator's dashboard", "MiB"),
            ("server memory, every section unfolded", "MiB"),
        ):
            figures.append(skipped(SECTION, f"{name}, {LARGE:,} learners", unit, reason))
        return figures
    if named.startswith("sqlite:///"):
        # Signing in writes a session: into a copy, never into the database named.
        copy = folder / "dashboard-browser-large.db"
        shutil.copy(named.removeprefix("sqlite:///"), copy)
        named = f"sqlite:///{copy}"
    return figures + measure_size(named, LARGE, folder, runs)
