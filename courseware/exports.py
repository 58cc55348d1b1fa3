"""Tables as CSV and Excel files, exactly as shown on screen: the same rows and columns,
numbers as numbers.

Text that a spreadsheet would run as a formula is neutralised, as OWASP recommends against
CSV injection: learners' names and answers are such text. A line of a cell that starts with
= + - @ | (or their full-width forms ＝ ＋ － ＠), also after blanks, or that starts with a tab,
gets a leading apostrophe, which spreadsheets show as text. Every line of a cell, not only
its first: a spreadsheet that takes a line break for the end of a row would otherwise start
a row with the formula. And every field that holds a line break (CR, LF or both), the
separator or a quote is quoted; the file ends its rows with CRLF (RFC 4180), which also makes
Python's csv writer quote a bare CR (with LF alone it does not). A semicolon or a tab starts a
new cell too when a spreadsheet splits on them: Excel opening a CSV file in a Serbian (or
German, French...) setting splits on semicolons, and LibreOffice offers both. So the text
after either is neutralised like a line.

An Excel sheet cannot hold most control characters (openpyxl refuses the whole file): a
learner's answer may have one, pasted from elsewhere, and the file shows it as U+FFFD.
"""

from __future__ import annotations

import io
import re

import pandas as pd

# What a spreadsheet takes for the start of a formula (or of a DDE command, with |).
FORMULA_CHARACTERS = frozenset("=+-@|＝＋－＠")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
CSV_LINE_END = "\r\n"
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
# The separators other than the file's own comma that a spreadsheet may split on.
_OTHER_SEPARATOR = re.compile(r"(\t|;)")


def _runs_as_formula(line: str) -> bool:
    return line.startswith("\t") or line.lstrip()[:1] in FORMULA_CHARACTERS


def neutralise(value: object) -> object:
    """`value` with an apostrophe before every line (or text after a semicolon or tab)
    that a spreadsheet would run."""
    if not isinstance(value, str):
        return value
    parts = _LINE_BREAK.split(value)
    # Lines at even places, the breaks between them at odd ones.
    for place in range(0, len(parts), 2):
        parts[place] = _neutralise_line(parts[place])
    return "".join(parts)


def _neutralise_line(line: str) -> str:
    pieces = _OTHER_SEPARATOR.split(line)
    # The text after each semicolon or tab (at even places from 2 on), then the whole line.
    for place in range(2, len(pieces), 2):
        if _runs_as_formula(pieces[place]):
            pieces[place] = "'" + pieces[place]
    line = "".join(pieces)
    return "'" + line if _runs_as_formula(line) else line


def export_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` safe to open in a spreadsheet: text neutralised (headers too),
    times without a time zone (Excel has none; they are UTC)."""
    safe = table.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for name in safe.columns:
        column = safe[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            safe[name] = column.dt.tz_convert("UTC").dt.tz_localize(None)
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            safe[name] = column.map(_cell, na_action="ignore").astype(object)
    return safe


def _cell(value: object) -> object:
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return neutralise(value)


def to_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Serbian letters right."""
    text = export_table(table).to_csv(index=False, lineterminator=CSV_LINE_END)
    return text.encode("utf-8-sig")


def to_xlsx(table: pd.DataFrame, sheet: str = "Report") -> bytes:
    return to_xlsx_sheets({sheet: table})


def to_xlsx_sheets(tables: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table, in order, each named by its key."""
    # Imported here, not with the module: openpyxl takes a tenth of a second to import, and
    # most pages that import this module (for its CSV) make no workbook on a run.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def sheet_text(value: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, table in tables.items():
            # Excel refuses sheet names over 31 characters or with any of []:*?/\
            name = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31].strip() or "Report"
            export_table(table).map(sheet_text).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()
