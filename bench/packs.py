"""Printing speed: every module's field pack in every language (the whole course on paper),
as `python -m courseware pack --all` builds them, one after another."""

from __future__ import annotations

import time

from bench.measure import Figure, figure, timed
from courseware.content.catalog import Catalog
from courseware.paper import EDITIONS
from courseware.paper.pack import PackRequest, build_pack

SECTION = "field packs"


def measure(catalog: Catalog, runs: int) -> list[Figure]:
    modules = [m for m in catalog.course.modules if m in catalog.modules]
    sizes: list[int] = []
    cpu: list[float] = []

    def build_all() -> None:
        sizes.clear()
        started = time.process_time()
        for ed in EDITIONS.values():
            for module_id in modules:
                pdf = build_pack(PackRequest(catalog, module_id, ed, "https://learn.example.org"))
                sizes.append(len(pdf))
        cpu.append(time.process_time() - started)

    seconds = [timed(build_all) for _ in range(runs)]
    count = len(modules) * len(EDITIONS)
    return [
        figure(
            SECTION,
            f"whole course: {count} packs ({len(modules)} modules x {len(EDITIONS)} languages)",
            seconds,
            "s",
            f"{sum(sizes) / 1e6:.1f} MB of PDF; {min(cpu):.0f} s of CPU (the rest is waiting "
            "for a shared machine)",
        ),
        figure(SECTION, "one pack, on average", [s / count for s in seconds], "s"),
    ]
