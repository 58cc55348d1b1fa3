"""Paper results as a trainer types them in bulk: a CSV file with a header row, one paper per
line. Columns: `email` (the learner), `variant` (the code printed on the paper), one column per
question number (`1`, `2`, ...) holding what the grid shows, as the grid is typed (see
`grid.py`), and optionally `date` (when the paper was taken: 2026-03-02 or 2.3.2026.).
Commas, semicolons or tabs separate the columns (as spreadsheets save them)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

REQUIRED = ("email", "variant")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y.", "%d.%m.%Y", "%d/%m/%Y")
# A line is about a hundred characters, so this is some ten thousand papers, far more than a
# cohort writes. The whole file is recorded in one write transaction, which holds up every
# other write (learners' answers) while it runs: a file of Streamlit's 200 MB would for
# minutes.
MAX_RESULTS_CHARACTERS = 1024 * 1024


class ResultsFileError(ValueError):
    """The file as a whole cannot be read (no header, a missing column)."""


@dataclass(frozen=True)
class ResultRow:
    line: int
    email: str
    variant: str
    answers: dict[int, str] = field(default_factory=dict)
    taken_on: date | None = None
    # Why the line cannot be read, if it cannot (then the rest is empty).
    problem: str | None = None


def parse_date(text: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (write it as 2026-03-02 or 2.3.2026.)")


def read_results(text: str) -> list[ResultRow]:
    """Every non-empty line after the header, with its line number in the file."""
    if len(text) > MAX_RESULTS_CHARACTERS:
        raise ResultsFileError(
            f"the file has {len(text):,} characters; the limit is {MAX_RESULTS_CHARACTERS:,}: "
            "split it into several files"
        )
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ResultsFileError("the file is empty: the first line must name the columns")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ResultsFileError(
            f"line 1: the header has no '{missing[0]}' column (expected: email, variant, "
            "then one column per question number: 1, 2, 3 ...)"
        )
    unknown = [n for n in header if n not in (*REQUIRED, "date") and not re.fullmatch(r"\d+", n)]
    if unknown:
        raise ResultsFileError(
            f"line 1: unknown column '{unknown[0]}' (expected: email, variant, date, and "
            "question numbers)"
        )
    rows = []
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        cells = dict(zip(header, values, strict=False))
        if len(values) > len(header):
            rows.append(ResultRow(line, "", "", problem="more values than columns in the header"))
            continue
        taken_on, problem = None, None
        if cells.get("date", "").strip():
            try:
                taken_on = parse_date(cells["date"])
            except ValueError as error:
                problem = str(error)
        answers = {int(name): cells[name] for name in header if name.isdigit() and name in cells}
        rows.append(
            ResultRow(
                line,
                cells.get("email", "").strip(),
                cells.get("variant", "").strip(),
                {number: text for number, text in answers.items() if text.strip()},
                taken_on,
                problem,
            )
        )
    return rows
