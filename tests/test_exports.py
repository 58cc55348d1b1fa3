import csv
import io
import re

import openpyxl
import pandas as pd
import pytest

from courseware.exports import export_table, neutralise, to_csv, to_xlsx

TABLE = pd.DataFrame(
    {
        "Learner": ['=HYPERLINK("http://x")', "+381 11", "-5", "@SUM(A1)", "Ana"],
        "Best (%)": [85.5, None, 40.0, 100.0, 0.0],
        "Days inactive": [3, 0, 12, 1, 40],
        "Passed": [True, False, True, True, False],
    }
)


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("|cmd", "'|cmd"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),
        ("Ana\r=1+1", "Ana\r'=1+1"),
        ("Ana\n@A1\r\n-2", "Ana\n'@A1\r\n'-2"),
        ("Ana", "Ana"),
        ("Ana-Marija = Ana", "Ana-Marija = Ana"),
        (-1, -1),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_neutralised(value, safe):
    assert neutralise(value) == safe


def test_the_excel_file_has_the_rows_shown_with_numbers_as_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(TABLE, "Cohort: spring/2026"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Learner", "Best (%)", "Days inactive", "Passed")
    assert len(rows) == len(TABLE) + 1
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+381 11",
        "'-5",
        "'@SUM(A1)",
        "Ana",
    ]
    assert [row[1] for row in rows[1:]] == [85.5, None, 40, 100, 0]
    assert all(isinstance(row[2], int) for row in rows[1:])
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_file_has_the_rows_shown():
    text = to_csv(TABLE).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == list(TABLE.columns)
    assert back["Days inactive"].tolist() == TABLE["Days inactive"].tolist()
    assert back["Learner"].tolist()[0] == '\'=HYPERLINK("http://x")'


def test_times_lose_their_time_zone_but_not_their_value():
    times = pd.DataFrame({"At": pd.to_datetime(["2026-03-02 09:00"]).tz_localize("UTC")})
    assert str(export_table(times)["At"][0]) == "2026-03-02 09:00:00"


# Each way a line of a cell can start a formula: after CR, LF or CRLF, after a tab or blanks,
# with a full-width sign, and with each formula character.
INJECTIONS = {
    "CR": 'Ana\r=HYPERLINK("http://x/phish","re-login")',
    "LF": "Ana\n=1+1",
    "CRLF": "Ana\r\n=1+1",
    "TAB": "\t=1+1",
    "leading spaces": "   =1+1",
    "full-width equals": "＝1+1",
    "at": "@SUM(A1)",
    "plus": "+1+1",
    "minus": "-1+1",
    "pipe": "|cmd",
    "semicolon": 'Ana;=HYPERLINK("http://x/phish")',
    "tab inside": "Ana\t@SUM(A1)",
    "everything": ' x\r +1\n\t@A1\r\n  ＝1\r|cmd, "quoted"; -2\t+3',
}
FORMULA_START = tuple("=+-@|＝＋－＠\t")


def _starts_a_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) or cell.lstrip().startswith(FORMULA_START)


@pytest.mark.parametrize("value", list(INJECTIONS.values()), ids=list(INJECTIONS))
def test_no_cell_of_the_csv_read_back_starts_a_formula(value):
    table = pd.DataFrame({"Learner": [value, "Ana"], "Answer": ["ok", value], "Score": [1, 2]})
    raw = to_csv(table).decode("utf-8-sig")
    # As a spreadsheet reads it (quotes honoured): Python's csv module and pandas.
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert len(rows) == 3 and all(len(row) == 3 for row in rows)
    back = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    cells = [cell for row in rows for cell in row] + back.to_numpy().ravel().tolist()
    # Each line of a cell too: a spreadsheet may break a row at any line break.
    lines = [line for cell in cells for line in re.split(r"\r\n|\r|\n", cell)]
    assert not [line for line in lines if _starts_a_formula(line)]
    assert rows[1][2] == "1" and back["Score"].tolist() == ["1", "2"]
    # Nothing else changed: without the apostrophes, the text is the one given.
    assert re.sub(r"(^|\r\n|\r|\n|\t|;)'", r"\1", rows[1][0]) == value


def _cells_split_on(raw: str, separator: str) -> list[str]:
    """The cells as a spreadsheet splitting on `separator` (not the file's comma) makes them:
    Excel in a Serbian setting with semicolons, LibreOffice with the box for tabs ticked. A
    cell is quoted only when it starts with a quote; a line break outside quotes ends a row."""
    cells, cell, quoted, at, starting = [], "", False, 0, True
    while at < len(raw):
        character = raw[at]
        if quoted:
            if raw.startswith('""', at):
                cell, at = cell + '"', at + 2
                continue
            quoted = character != '"'
            cell += character if quoted else ""
        elif character == '"' and starting:
            quoted = True
        elif character in (separator, "\r", "\n"):
            cells.append(cell)
            cell, starting = "", True
            at += 1
            continue
        else:
            cell += character
        starting = False
        at += 1
    return [*cells, cell]


@pytest.mark.parametrize("separator", [";", "\t"], ids=["semicolon", "tab"])
@pytest.mark.parametrize("value", list(INJECTIONS.values()), ids=list(INJECTIONS))
def test_no_cell_starts_a_formula_when_a_spreadsheet_splits_on_another_separator(value, separator):
    table = pd.DataFrame({"Learner": [value], "Answer": [f"ok, {value}"], "Score": [1]})
    raw = to_csv(table).decode("utf-8-sig")
    cells = _cells_split_on(raw, separator)
    lines = [line for cell in cells for line in re.split(r"\r\n|\r|\n", cell)]
    assert not [line for line in lines if _starts_a_formula(line)], cells


def test_an_answer_with_a_control_character_still_makes_an_excel_file():
    """Learners' answers are kept as typed: one pasted with a vertical tab or an escape made
    openpyxl refuse the whole file. The sheet shows such a character as U+FFFD."""
    table = pd.DataFrame({"Answer": ["line\x0bbreak", "esc\x1b[0m", "fine"], "Score": [1, 2, 3]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active
    assert list(sheet.iter_rows(values_only=True))[1:] == [
        ("line\ufffdbreak", 1),
        ("esc\ufffd[0m", 2),
        ("fine", 3),
    ]
    assert "line\x0bbreak" in to_csv(table).decode("utf-8-sig")  # the CSV keeps it as typed


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\r\nb", "a,b", 'a"b'])
def test_a_field_with_a_line_break_a_comma_or_a_quote_is_quoted(value):
    raw = to_csv(pd.DataFrame({"Text": [value]})).decode("utf-8-sig")
    assert raw == "Text\r\n" + '"' + value.replace('"', '""') + '"\r\n'
