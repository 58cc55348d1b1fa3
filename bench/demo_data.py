"""Demo data: seconds for the demo loader to generate 10,000 learners, on SQLite and on
PostgreSQL; and 100,000 learners (`make demo` at the size of issue 14: under 3 minutes on
2 cores), with the processor time of the writing process and of the simulating one (the
loader simulates in a process of its own: see courseware/demo/aside.py), which tells a slow
loader from a busy machine."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path

from bench.measure import Figure, figure, median, skipped, timed
from bench.postgres import fresh_database
from courseware.store.bulk import DemoSummary, load_demo

SECTION = "demo data"
LEARNERS = 10_000
LARGE = 100_000
SEED = 2026


def measure_sqlite(folder: Path, runs: int) -> tuple[Figure, DemoSummary, str]:
    """The figure, and the last database loaded: what the loader said and its URL (the
    page and load figures use it)."""
    seconds = []
    for run in range(runs):
        path = folder / f"demo-{run}.db"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        summary = load_demo(url, LEARNERS, SEED)
        seconds.append(time.perf_counter() - started)
        if run < runs - 1:
            _remove(folder, path)
    name = f"seconds for {LEARNERS:,} learners, SQLite"
    return figure(SECTION, name, seconds, "s"), summary, url


def measure_postgres(server: str | None, reason: str | None, runs: int, sqlite: Figure):
    name = f"seconds for {LEARNERS:,} learners, PostgreSQL"
    if server is None:
        return [skipped(SECTION, name, "s", reason or "")]
    seconds = []
    for _ in range(runs):
        with fresh_database(server) as url:
            seconds.append(timed(lambda url=url: load_demo(url, LEARNERS, SEED)))
    ratio = median(seconds) / sqlite.value
    return [figure(SECTION, name, seconds, "s", f"{ratio:.2f} × SQLite")]


def measure_large(folder: Path, server: str | None, reason: str | None, runs: int):
    """100,000 learners on SQLite and on PostgreSQL (each database removed after its run)."""
    path = folder / "demo-large.db"

    def on_sqlite() -> None:
        load_demo(f"sqlite:///{path}", LARGE, SEED)
        _remove(folder, path)

    def on_postgres() -> None:
        assert server is not None
        with fresh_database(server) as url:
            load_demo(url, LARGE, SEED)

    figures = [_large_figure("SQLite", on_sqlite, runs)]
    if server is None:
        figures.append(skipped(SECTION, _large_name("PostgreSQL"), "s", reason or ""))
    else:
        figures.append(_large_figure("PostgreSQL", on_postgres, runs))
    return figures


def _large_figure(database: str, build: Callable[[], None], runs: int) -> Figure:
    seconds, writing, simulating = [], [], []
    for _ in range(runs):
        before = _processor_seconds()
        seconds.append(timed(build))
        after = _processor_seconds()
        writing.append(after[0] - before[0])
        simulating.append(after[1] - before[1])
    note = (
        f"processor s: writing {median(writing):.0f}, simulating {median(simulating):.0f}"
        f" (target: under 180 s)"
    )
    return figure(SECTION, _large_name(database), seconds, "s", note)


def _large_name(database: str) -> str:
    return f"seconds for {LARGE:,} learners, {database}"


def _processor_seconds() -> tuple[float, float]:
    """User and system time of this process, and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _remove(folder: Path, path: Path) -> None:
    for leftover in folder.glob(f"{path.name}*"):
        leftover.unlink()
