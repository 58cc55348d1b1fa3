"""`make bench`: measures the app and prints one table, also written to
bench/results/<date>.json. Nothing is asserted: these are measurements, each a median of
several runs (`--runs`), with ratios where two things are compared.

    .venv/bin/python -m bench.run [--runs 3]
        [--only grading,packs,demo,demo100k,pages,load,writes,xapi,scale,browser,practice,
                interop,followup]

"browser" times the coordinator's dashboard in Chromium (Debian's, through Playwright) on a
`streamlit run` server: the first load after a server start and reloads, until the last chart
is drawn, and the server's memory (bench/dashboard_browser.py); on the 2,000-learner demo, and
on 100,000 learners when COURSEWARE_BENCH_DEMO_100000 names a demo database made before.

PostgreSQL figures use the server at COURSEWARE_BENCH_POSTGRES_URL (or
COURSEWARE_TEST_POSTGRES_URL, or postgres@127.0.0.1:5432), in a database of their own that
is dropped afterwards; they are skipped, saying so, when no server answers.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    dashboard_browser,
    dashboard_scale,
    demo_data,
    followup,
    grading,
    interop,
    packs,
    pages,
    practice,
    server_load,
    writes,
    xapi,
)
from bench.measure import Figure, skipped, table, write_json
from bench.postgres import fresh_database, server_url, unreachable_reason
from courseware.content.catalog import load_catalog
from courseware.settings import REPO_ROOT
from courseware.store.bulk import load_demo

PARTS = (
    "grading",
    "packs",
    "demo",
    "demo100k",
    "pages",
    "load",
    "writes",
    "xapi",
    "scale",
    "browser",
    "practice",
    "interop",
    "followup",
)
RESULTS = REPO_ROOT / "bench" / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (default 3)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"some of: {','.join(PARTS)}")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    if not parts <= set(PARTS) or args.runs < 1:
        parser.error(f"--only takes some of {','.join(PARTS)}; --runs at least 1")

    started = time.perf_counter()
    catalog = load_catalog(REPO_ROOT)
    postgres = server_url()
    postgres_missing = unreachable_reason(postgres)
    if postgres_missing:
        print(postgres_missing, file=sys.stderr)
        postgres = None
    figures: list[Figure] = []

    def part(name: str, work) -> None:
        if name in parts:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            figures.extend(work())

    with tempfile.TemporaryDirectory(prefix="courseware-bench-") as scratch:
        folder = Path(scratch)
        part("grading", lambda: grading.measure(catalog, args.runs))
        part("packs", lambda: packs.measure(catalog, args.runs))
        demo_url = None
        if "demo" in parts:
            print("measuring demo ...", file=sys.stderr, flush=True)
            sqlite_demo, demo, demo_url = demo_data.measure_sqlite(folder, args.runs)
            figures.append(sqlite_demo)
            figures += demo_data.measure_postgres(
                postgres, postgres_missing, args.runs, sqlite_demo
            )
        elif parts & {"pages", "load"}:
            demo_url = f"sqlite:///{folder / 'demo.db'}"
            demo = load_demo(demo_url, demo_data.LEARNERS, demo_data.SEED)
        part(
            "demo100k",
            lambda: demo_data.measure_large(folder, postgres, postgres_missing, args.runs),
        )
        part("pages", lambda: pages.measure(demo_url, demo.accounts, catalog, args.runs))
        part("load", lambda: server_load.measure(demo_url, folder))
        part(
            "writes", lambda: measure_writes(folder, catalog, args.runs, postgres, postgres_missing)
        )
        part("xapi", lambda: measure_xapi(folder, catalog, args.runs, postgres, postgres_missing))
        part(
            "scale",
            lambda: dashboard_scale.measure(folder, catalog, args.runs, postgres, postgres_missing),
        )
        part("browser", lambda: dashboard_browser.measure(folder, args.runs))
        part("practice", lambda: practice.measure(folder, catalog, args.runs))
        part("interop", lambda: interop.measure(catalog, args.runs))
        part("followup", lambda: followup.measure(folder, catalog, args.runs))

    minutes = (time.perf_counter() - started) / 60
    print(table(figures))
    stamp = datetime.now(UTC)
    path = RESULTS / f"{stamp:%Y-%m-%d}.json"
    write_json(
        path,
        figures,
        {
            "when": stamp.isoformat(timespec="seconds"),
            "runs": args.runs,
            "minutes": round(minutes, 1),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "load_average": os.getloadavg(),
        },
    )
    print(f"\n{minutes:.1f} minutes; written to {path.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0


def measure_writes(folder, catalog, runs, postgres, postgres_missing) -> list[Figure]:
    sqlite = writes.measure("SQLite", f"sqlite:///{folder / 'writes.db'}", catalog, runs, None)
    figures = [sqlite]
    name = "attempts submitted per second, PostgreSQL"
    if postgres is None:
        return [*figures, skipped(writes.SECTION, name, "attempts/s", postgres_missing)]
    with fresh_database(postgres) as url:
        figures.append(writes.measure("PostgreSQL", url, catalog, runs, sqlite))
    return figures


def measure_xapi(folder, catalog, runs, postgres, postgres_missing) -> list[Figure]:
    figures = xapi.answer_cost("SQLite", f"sqlite:///{folder / 'xapi.db'}", catalog, runs)
    if postgres is None:
        figures.append(
            skipped(xapi.SECTION, "an answer saved, xAPI on, PostgreSQL", "ms", postgres_missing)
        )
    else:
        with fresh_database(postgres) as url:
            figures += xapi.answer_cost("PostgreSQL", url, catalog, runs)
    return figures + xapi.delivery(folder, runs)


if __name__ == "__main__":
    sys.exit(main())
