"""The impact report's files: the PDF's text (read with pypdf) holds each level's figures in
each language, the workbook reads back with pandas with the same numbers, and the command
line writes them or names what is wrong."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pypdf
import pytest

from courseware.impact_report import SHEETS, ReportRequest, build_pdf, build_xlsx
from courseware.paper import edition
from courseware.store.reports.impact import report_figures
from courseware.store.reports.scope import ReportFilters
from tests.impact_data import COURSE, build_programme, write_impact_course

MADE_ON = date(2026, 6, 10)


@pytest.fixture
def figures(db, clock, cast):
    build_programme(db, clock, cast)
    return report_figures(db, cast.coordinator, ReportFilters(), COURSE, "organisation")


def pdf_text(content: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_pdf_holds_each_levels_figures_and_readings(figures):
    text = pdf_text(build_pdf(ReportRequest(figures, COURSE, edition("en"), MADE_ON)))
    for heading in (
        "Reaction: the course evaluation",
        "Learning: from pre-test to post-test",
        "Retention: the checks after 30 and 90 days",
        "Behaviour: the survey on the learners' work",
    ):
        assert heading in text
    # Reaction: seven respondents, mean rating 27/7.
    assert "7 learners answered the course evaluation; their mean rating was 3.9" in text
    # Learning: pre 5/21 = 23.8%, post 19/21 = 90.5%.
    assert "the mean score rose from 23.8% to 90.5%" in text
    # Retention: the paired five, 2/15, 13/15 and 9/15; forgetting of indicator-y 33.3.
    assert "5 learners took every check" in text
    assert "13.3% before the course, 86.7% right after it and 60% after 90 days" in text
    assert "indicator-y 6 100 66.7 33.3" in text
    assert "6 of the 7 learners due for the check after 30 days took it (85.7%)" in text
    # Behaviour: five respondents, three of them beyond "Never".
    assert "5 learners answered the survey on their work" in text
    assert "60% chose an answer other than “Never”" in text
    assert "Cohorts that began in: every period" in text
    assert "Organisations: ASTRA, Atina" in text
    # No free text: the comments and notes learners wrote are nowhere.
    assert "Names a person" not in text and "As given" not in text


def test_the_serbian_pdfs_print_their_own_letters(figures):
    latin = pdf_text(build_pdf(ReportRequest(figures, COURSE, edition("sr"), MADE_ON)))
    assert "Učenje: od ulaznog do izlaznog testa" in latin
    assert "porastao je sa 23,8% na 90,5%" in latin
    cyrillic = pdf_text(build_pdf(ReportRequest(figures, COURSE, edition("sr-Cyrl"), MADE_ON)))
    assert "Учење: од улазног до излазног теста" in cyrillic
    assert "Понашање: упитник о раду полазника" in cyrillic
    assert "10.06.2026." in cyrillic


def test_the_workbook_reads_back_with_the_same_numbers(figures):
    content = build_xlsx(ReportRequest(figures, COURSE, edition("en"), MADE_ON))
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
    assert len(sheets) == 1 + len(SHEETS)
    summary, reaction, learning, curve, forgetting, responses, behaviour = sheets.values()
    assert "5 learners took every check" in " ".join(summary["In plain words"])
    assert reaction.set_index("Answer")["Chose it"].to_dict() == {3: 3, 4: 2, 5: 2}
    overall = learning.set_index("Group").loc["All learners"]
    assert (overall["Learners with both tests"], overall["Post-test (%)"]) == (7, 90.5)
    paired = curve[
        (curve["Group"] == "All learners") & (curve["Learners"] != "Everyone who took it")
    ]
    assert paired["Mean (%)"].tolist() == [13.3, 86.7, 73.3, 60.0]
    assert paired["Number"].tolist() == [5, 5, 5, 5]
    expected = figures.impact.curve
    expected = expected[(expected["group"] == "all") & (expected["subset"] == "paired")]
    assert paired["95% interval from (%)"].tolist() == [round(100 * v, 1) for v in expected["low"]]
    assert forgetting.set_index("Tag")["Forgetting (points of %)"].to_dict() == {
        "indicator-y": 33.3,
        "law-x": 0.0,
    }
    assert responses["Were due"].tolist() == [7, 7, 7]
    assert responses["Took it"].tolist() == [6, 6, 5]
    assert behaviour["Chose it"].tolist() == [2, 2, 1, 2, 2, 0]


# The command line ---------------------------------------------------------------------------


@pytest.fixture
def course_files(tmp_path, db, monkeypatch):
    """The fixture's course as files, run against the test's database (asked for before
    `run_cli`, which takes the environment as it is when it is made)."""
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", db.url)
    return write_impact_course(tmp_path / "course")


@pytest.fixture
def course_folder(course_files, db, clock, cast):
    """`course_files`, with the programme in the database."""
    build_programme(db, clock, cast)
    return course_files


def test_the_command_writes_the_pdf_and_the_workbook(course_folder, run_cli, tmp_path):
    target = tmp_path / "out" / "impact.pdf"
    period = ("--from", "2026-03-01", "--to", "2026-03-31")
    done = run_cli("report", "impact", *period, "--lang", "sr", "-o", target, cwd=course_folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    text = pdf_text(target.read_bytes())
    assert "od 01.03.2026. do 31.03.2026." in text
    assert "Sve provere rešilo je 5 polaznika" in text
    workbook = tmp_path / "impact.xlsx"
    only = ("--org", "ASTRA")
    done = run_cli("report", "impact", *period, *only, "-o", workbook, cwd=course_folder)
    assert done.returncode == 0, done.stderr
    # ASTRA has only the small cohort: a handed-out report shows none of its figures.
    sheets = pd.read_excel(workbook, sheet_name=None)
    readings = " ".join(next(iter(sheets.values()))["In plain words"])
    assert "Fewer than 5 learners: not shown." in readings
    assert list(sheets.values())[6].empty


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--from", "2026-02-30", "--to", "2026-03-31", "-o", "r.pdf"), "not a date"),
        (("--from", "2026-03-01", "--to", "2026-03-31", "-o", "r.docx"), "must end in .pdf"),
        (("--from", "2026-04-01", "--to", "2026-03-31", "-o", "r.pdf"), "is before --from"),
        (
            ("--from", "2026-03-01", "--to", "2026-03-31", "--org", "Nowhere", "-o", "r.pdf"),
            "no organisation named 'Nowhere'",
        ),
        (("--from", "2026-03-01", "--to", "2026-03-31", "--lang", "de", "-o", "r.pdf"), "invalid"),
    ],
)
def test_bad_input_gets_one_line_and_exit_status_two(course_files, run_cli, arguments, message):
    done = run_cli("report", "impact", *arguments, cwd=course_files)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert not (course_files / "r.pdf").exists()
