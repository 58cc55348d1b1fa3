"""`report impact --from DATE --to DATE [--org NAME ...] [--lang en|sr|sr-Cyrl] -o FILE`: the
impact report for funders (docs/followup.md), as a PDF or an Excel workbook chosen by the
file's extension. It is made as a coordinator would see it: groups of fewer than 5 learners
are left out, since the file is meant to be handed out."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from courseware.cli.usage import UsageError

FORMATS = (".pdf", ".xlsx")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): '{text}'") from None


def register(commands) -> None:
    parser = commands.add_parser(
        "report",
        help="write a report for funders",
        description="Reports made from the database. Exit status: 0 written, 2 usage error.",
    )
    reports = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
    impact = reports.add_parser(
        "impact",
        help="the impact report (reaction, learning, retention, behaviour) as PDF or Excel",
        description="Writes the impact report for the cohorts that began between --from and "
        "--to (inclusive; a cohort's start date, or the day it was made), whole: all their "
        "learners' answers, whenever given. For the organisations named (all without --org). "
        "Groups of fewer than 5 learners are left out. The extension of -o chooses the format: "
        ".pdf or .xlsx. Exit status: 0 written, 2 usage error.",
    )
    impact.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE")
    impact.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE")
    impact.add_argument(
        "--org", action="append", default=[], metavar="NAME", help="an organisation (repeat)"
    )
    impact.add_argument(
        "--lang",
        default="en",
        choices=["en", "sr", "sr-Cyrl"],
        help="English, Serbian (Latin) or Serbian (Cyrillic); default en",
    )
    impact.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    impact.set_defaults(run=run_impact)


def run_impact(args: argparse.Namespace) -> int:
    from courseware.access import REPORT_TO_HAND_OUT
    from courseware.analytics.impact import impact_course
    from courseware.cli.pack import course_catalog
    from courseware.cli.store import database
    from courseware.impact_report import ReportRequest, build_pdf, build_xlsx
    from courseware.paper import edition
    from courseware.store.accounts import find_organisation_id
    from courseware.store.reports.impact import report_figures
    from courseware.store.reports.scope import ReportFilters

    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        raise UsageError(f"-o {args.output}: the file must end in .pdf or .xlsx")
    if args.end < args.start:
        raise UsageError(f"--to {args.end} is before --from {args.start}")
    course = impact_course(course_catalog())
    with database() as db:
        organisations = tuple(find_organisation_id(db, REPORT_TO_HAND_OUT, n) for n in args.org)
        filters = ReportFilters(
            organisation_ids=organisations, began_from=args.start, began_to=args.end
        )
        figures = report_figures(db, REPORT_TO_HAND_OUT, filters, course, "organisation")
        made_on = db.now().date()
    build = build_pdf if output.suffix.lower() == ".pdf" else build_xlsx
    content = build(ReportRequest(figures, course, edition(args.lang), made_on))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
    print(output)
    return 0
