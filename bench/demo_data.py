"""Demo data: seconds for the demo loader to generate 10,000 learners, on SQLite and on
PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path

from bench.measure import Figure, figure, median, skipped, timed
from bench.postgres import fresh_database
from courseware.store.bulk import DemoSummary, load_demo

SECTION = "demo data"
LEARNERS = 10_000
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
            for leftover in folder.glob(f"{path.name}*"):
                leftover.unlink()
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
