"""Tables as CSV and Excel files, exactly as shown on screen: the same rows and columns,
numbers as numbers.

A text cell that starts with = + - @ (or a tab or carriage return) would run as a formula
when a spreadsheet opens the file, so it gets a leading apostrophe, as OWASP recommends
against CSV injection; learners' names and answers are such text.
"""

from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
    return export_table(table).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(table: pd.DataFrame, sheet: str = "Report") -> bytes:
    buffer = io.BytesIO()
    # Excel refuses sheet names over 31 characters or with any of []:*?/\
    name = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Report"
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        export_table(table).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()
