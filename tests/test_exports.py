import io

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
        ("Ana", "Ana"),
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
