"""Figures: each measured several times and reported as the median, printed as one table and
written as JSON."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Figure:
    """One row of the table: a median over `runs`, or a note saying why it is missing."""

    section: str
    name: str
    value: float | None
    unit: str
    runs: list[float] = field(default_factory=list)
    note: str = ""


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def figure(section: str, name: str, runs: list[float], unit: str, note: str = "") -> Figure:
    return Figure(section, name, median(runs), unit, runs, note)


def skipped(section: str, name: str, unit: str, reason: str) -> Figure:
    return Figure(section, name, None, unit, [], reason)


def _shown(value: float | None) -> str:
    if value is None:
        return "skipped"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "median", "unit", "runs", "note")]
    for item in figures:
        runs = " ".join(_shown(run) for run in item.runs) if len(item.runs) > 1 else ""
        rows.append(
            (f"{item.section}: {item.name}", _shown(item.value), item.unit, runs, item.note)
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append(" | ".join([*cells, row[4]]).rstrip())
        if number == 0:
            lines.append("-+-".join("-" * width for width in widths) + "-+-" + "-" * 4)
    return "\n".join(lines)


def write_json(path: Path, figures: list[Figure], about: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"about": about, "figures": [asdict(item) for item in figures]}
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
