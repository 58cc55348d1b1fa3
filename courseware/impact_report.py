"""The impact report for funders, as a PDF and an Excel workbook: reaction (the course
evaluation), learning (knowledge gain), retention (the checks at 30 and 90 days) and
behaviour (the survey on the learners' work), each with a reading in plain words and the
counts behind every figure. Pure: it takes the figures the store computed
(`analytics.impact.ReportFigures`), already suppressed for whoever asked; no SQL.

The same tables (`report_tables`) fill the PDF, the workbook and the Impact page, so the
three never disagree. Shares are written as percentages with one decimal."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from courseware.access import MIN_GROUP_SIZE
from courseware.analytics.impact import ImpactCourse, ReportFigures
from courseware.exports import to_xlsx_sheets
from courseware.i18n import Translator
from courseware.paper.editions import Edition

if TYPE_CHECKING:
    from courseware.paper.document import PaperPDF

LEVELS = ("reaction", "learning", "retention", "behaviour")


def percent(value: object) -> float | None:
    """A share (0..1) as a percentage with one decimal; None for a hidden or missing one."""
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else round(100 * number, 1)


def _said(t: Translator, value: object) -> str:
    """A share in words: 62.5% (62,5% in Serbian)."""
    shown = percent(value)
    return "–" if shown is None else f"{t.number(shown)}%"


def point_label(course: ImpactCourse, quiz_id: str, t: Translator) -> str:
    if course.pretest is not None and quiz_id == course.pretest.id:
        return t("impact.point.pretest")
    if course.posttest is not None and quiz_id == course.posttest.id:
        return t("impact.point.posttest")
    return t("impact.point.days", days=course.after_days(quiz_id))


def group_label(figures: ReportFigures, group: object, t: Translator) -> str:
    if group == "all":
        return t("dash.all_learners")
    return str(figures.impact.group_names.get(group, group))


def _step_title(course: ImpactCourse, quiz_id: str, edition: Edition) -> str:
    quizzes = {quiz.id: quiz for quiz in (*course.retention, course.behaviour) if quiz}
    quiz = quizzes.get(quiz_id)
    return edition.text(quiz.title) if quiz is not None else quiz_id


def _prompts(quiz, edition: Edition) -> dict[str, str]:
    return {} if quiz is None else {leaf.id: edition.text(leaf.prompt) for leaf in quiz.leaves()}


def _option_label(quiz, question_id: str, option: object, edition: Edition) -> str:
    leaf = quiz.leaf(question_id)
    if leaf.type == "likert":
        level = int(option)
        return edition.text(leaf.labels[level - 1]) if leaf.labels else str(level)
    texts = {choice.id: choice.text for choice in leaf.options}
    return edition.text(texts[option]) if option in texts else str(option)


def report_tables(
    figures: ReportFigures, course: ImpactCourse, edition: Edition
) -> dict[str, pd.DataFrame]:
    """The tables behind every figure, with headings in the edition's language: reaction,
    learning, curve, forgetting, responses, behaviour. A hidden figure is empty (None)."""
    t = edition.t
    c = lambda key: t(f"impact.column.{key}")  # noqa: E731
    impact = figures.impact
    evaluation = _prompts(course.evaluation, edition)
    reaction = figures.reaction.sort_values(["question_id", "answer"])
    totals = reaction.groupby("question_id")["count"].transform("sum")
    learning = figures.learning
    curve = impact.curve
    behaviour = impact.behaviour
    return {
        "reaction": pd.DataFrame(
            {
                c("question"): reaction["question_id"].map(evaluation),
                c("option"): [
                    _option_label(course.evaluation, q, a, edition)
                    for q, a in zip(reaction["question_id"], reaction["answer"], strict=True)
                ],
                c("count"): reaction["count"].astype(int),
                c("share"): (reaction["count"] / totals).map(percent),
            }
        ),
        "learning": pd.DataFrame(
            {
                c("group"): [group_label(figures, g, t) for g in learning["group"]],
                c("pairs"): learning["n_pairs"],
                c("pre"): learning["mean_pre"].map(percent),
                c("post"): learning["mean_post"].map(percent),
                c("gain"): learning["class_gain"].map(
                    lambda v: None if percent(v) is None else round(float(v), 2)
                ),
            }
        ),
        "curve": pd.DataFrame(
            {
                c("group"): [group_label(figures, g, t) for g in curve["group"]],
                c("subset"): [t(f"impact.subset.{s}") for s in curve["subset"]],
                c("point"): [point_label(course, p, t) for p in curve["point"]],
                c("n"): curve["n"],
                c("mean"): curve["mean"].map(percent),
                c("low"): curve["low"].map(percent),
                c("high"): curve["high"].map(percent),
            }
        ),
        "forgetting": pd.DataFrame(
            {
                c("tag"): impact.forgetting["tag"],
                c("n"): impact.forgetting["n"],
                c("post"): impact.forgetting["post"].map(percent),
                c("later"): impact.forgetting["later"].map(percent),
                c("forgetting"): impact.forgetting["forgetting"].map(percent),
            }
        ),
        "responses": pd.DataFrame(
            {
                c("step"): [_step_title(course, q, edition) for q in impact.responses["quiz_id"]],
                c("after_days"): impact.responses["after_days"],
                c("due"): impact.responses["due"],
                c("took"): impact.responses["took"],
                c("rate"): impact.responses["rate"].map(percent),
            }
        ),
        "behaviour": pd.DataFrame(
            {
                c("question"): behaviour["question_id"].map(_prompts(course.behaviour, edition)),
                c("option"): [
                    _option_label(course.behaviour, q, o, edition)
                    for q, o in zip(behaviour["question_id"], behaviour["option"], strict=True)
                ],
                c("count"): behaviour["count"],
                c("answered"): behaviour["answered"],
                c("share"): behaviour["share"].map(percent),
            }
        ),
    }


def _nothing(t: Translator, hidden: bool | int) -> list[str]:
    """A level without figures: `hidden` when small groups were left out of it (or it was
    suppressed), else nobody answered yet."""
    if hidden:
        return [t("impact.suppressed", n=MIN_GROUP_SIZE)]
    return [t("impact.no_data")]


def _reaction_reading(figures: ReportFigures, course: ImpactCourse, t: Translator) -> list[str]:
    counts = figures.reaction
    if course.evaluation is None:
        return [t("impact.no_data")]
    if not figures.reaction_respondents or figures.reaction_suppressed:
        return _nothing(t, figures.left_out.get("reaction", 0) or figures.reaction_suppressed)
    mean = float((counts["answer"].astype(int) * counts["count"]).sum() / counts["count"].sum())
    scale = max(leaf.scale for leaf in course.evaluation.leaves() if leaf.type == "likert")
    n = figures.reaction_respondents
    return [t("impact.reading.reaction", n=n, mean=t.number(round(mean, 1)), scale=scale)]


def _learning_reading(figures: ReportFigures, t: Translator) -> list[str]:
    overall = figures.learning[figures.learning["group"] == "all"]
    if overall.empty or int(overall["n_pairs"].iloc[0] or 0) == 0 or overall["suppressed"].iloc[0]:
        left_out = figures.left_out.get("learning", 0)
        return _nothing(t, left_out or (not overall.empty and overall["suppressed"].iloc[0]))
    row = overall.iloc[0]
    gain = "–" if percent(row["class_gain"]) is None else t.number(round(row["class_gain"], 2))
    return [
        t(
            "impact.reading.learning",
            n=int(row["n_pairs"]),
            pre=_said(t, row["mean_pre"]),
            post=_said(t, row["mean_post"]),
            gain=gain,
        )
    ]


def paired_overall(figures: ReportFigures) -> pd.DataFrame:
    """The curve of all the learners (group "all") who took every check, point by point."""
    curve = figures.impact.curve
    return curve[(curve["group"] == "all") & (curve["subset"] == "paired")].reset_index(drop=True)


def _retention_reading(figures: ReportFigures, course: ImpactCourse, t: Translator) -> list[str]:
    impact = figures.impact
    if len(impact.points) < 3:
        return [t("impact.no_data")]
    days = course.after_days(impact.points[-1])
    said = []
    paired = paired_overall(figures)
    if paired.empty or paired["n"].iloc[0] == 0 or paired["suppressed"].any():
        left_out = impact.left_out.get("paired", 0) or paired["suppressed"].any()
        said += _nothing(t, left_out)
    else:
        pre, post, last = (float(paired["mean"].iloc[i]) for i in (0, 1, -1))
        kept = (last - pre) / (post - pre) if post > pre else float("nan")
        said.append(
            t(
                "impact.reading.retention",
                n=int(paired["n"].iloc[0]),
                pre=_said(t, pre),
                post=_said(t, post),
                last=_said(t, last),
                days=days,
                kept=_said(t, kept),
            )
        )
    curve = impact.curve
    overall = curve[(curve["group"] == "all") & (curve["subset"] == "all")]
    overall = overall.set_index("point")
    if not overall.empty and not overall["suppressed"].any():
        post_row, last_row = overall.loc[impact.points[1]], overall.loc[impact.points[-1]]
        said.append(
            t(
                "impact.reading.retention_all",
                post=_said(t, post_row["mean"]),
                post_n=int(post_row["n"]),
                last=_said(t, last_row["mean"]),
                last_n=int(last_row["n"]),
                days=days,
            )
        )
    forgetting = impact.forgetting
    if not forgetting.empty:
        top = forgetting.iloc[0]
        if float(top["forgetting"]) > 0:
            said.append(
                t(
                    "impact.reading.forgetting",
                    tag=top["tag"],
                    post=_said(t, top["post"]),
                    later=_said(t, top["later"]),
                )
            )
        else:
            said.append(t("impact.reading.no_forgetting"))
    for row in impact.responses.itertuples():
        if row.due and not row.suppressed and row.quiz_id in {q.id for q in course.retention}:
            said.append(
                t(
                    "impact.reading.responses",
                    took=row.took,
                    due=row.due,
                    days=row.after_days,
                    rate=_said(t, row.rate),
                )
            )
    return said


def _behaviour_reading(figures: ReportFigures, course: ImpactCourse, edition: Edition):
    t, impact = edition.t, figures.impact
    if course.behaviour is None:
        return [t("impact.no_data")]
    if not impact.behaviour_respondents or impact.behaviour_suppressed:
        return _nothing(t, impact.left_out.get("behaviour", 0) or impact.behaviour_suppressed)
    n = impact.behaviour_respondents
    likert = [leaf for leaf in course.behaviour.leaves() if leaf.type == "likert"]
    if not likert:
        return [t("impact.reading.behaviour_plain", n=n)]
    first = likert[0]
    rows = impact.behaviour[impact.behaviour["question_id"] == first.id]
    answered = int(rows["answered"].iloc[0])
    beyond = rows.loc[rows["option"] != 1, "count"].sum() / answered if answered else None
    return [
        t(
            "impact.reading.behaviour",
            n=n,
            question=edition.text(first.prompt),
            share=_said(t, beyond),
            first=_option_label(course.behaviour, first.id, 1, edition),
        )
    ]


def readings(figures: ReportFigures, course: ImpactCourse, edition: Edition) -> dict[str, list]:
    """Per level, what its figures say in plain words, in the edition's language."""
    t = edition.t
    return {
        "reaction": _reaction_reading(figures, course, t),
        "learning": _learning_reading(figures, t),
        "retention": _retention_reading(figures, course, t),
        "behaviour": _behaviour_reading(figures, course, edition),
    }


# Which tables each level shows, in order, and the heading of each (None: the level's own).
LEVEL_TABLES = {
    "reaction": [("reaction", None)],
    "learning": [("learning", None)],
    "retention": [("curve", "impact.curve"), ("forgetting", "impact.forgetting")],
    "behaviour": [("responses", "impact.responses"), ("behaviour", None)],
}


# The name of each table's sheet in the workbook.
SHEETS = {
    "reaction": "impact.level.reaction",
    "learning": "impact.level.learning",
    "curve": "impact.curve",
    "forgetting": "impact.forgetting",
    "responses": "impact.responses",
    "behaviour": "impact.level.behaviour",
}


@dataclass(frozen=True)
class ReportRequest:
    figures: ReportFigures
    course: ImpactCourse
    edition: Edition
    made_on: date


def _period(request: ReportRequest) -> str:
    t, figures = request.edition.t, request.figures
    if figures.start is None and figures.end is None:
        return t("impact.period_all")
    start = t.date(figures.start) if figures.start else "…"
    end = t.date(figures.end) if figures.end else "…"
    return t("impact.period_range", start=start, end=end)


def _cell(value: object, t: Translator) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return t.number(value) if isinstance(value, int | float) else str(value)


def _table(pdf: PaperPDF, table: pd.DataFrame, t: Translator) -> None:
    from fpdf.fonts import FontFace

    from courseware.paper.document import FAMILY, FILL, MUTED

    if table.empty:
        return  # the level's reading says there is nothing yet
    pdf.set_font(FAMILY, "", 8)
    pdf.set_draw_color(*MUTED)
    with pdf.table(
        line_height=4.2,
        padding=1.2,
        text_align="LEFT",
        headings_style=FontFace(emphasis="BOLD", fill_color=FILL),
        width=pdf.width,
    ) as drawn:
        drawn.row([str(column) for column in table.columns])
        for row in table.itertuples(index=False):
            drawn.row([_cell(value, t) for value in row])
    pdf.ln(2)


def build_pdf(request: ReportRequest) -> bytes:
    """The report as an A4 PDF, with the fonts embedded (Serbian Latin and Cyrillic)."""
    # The PDF's modules are imported here and in `_table`, not with this module: fpdf takes a
    # third of a second to import, and the Impact page, which imports this module for its
    # tables and readings, makes no PDF on most runs.
    from courseware.paper.document import ACCENT, FAMILY, INK, MUTED, PaperPDF

    edition, figures = request.edition, request.figures
    t = edition.t
    title = t("impact.report_title")
    pdf = PaperPDF(t, title, title)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 10)
    organisations = ", ".join(figures.organisations) or t("impact.organisations_all")
    for line in (
        f"{t('impact.period')}: {_period(request)}",
        f"{t('impact.organisations')}: {organisations}",
        t("impact.made_on", date=t.date(request.made_on)),
    ):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    tables = report_tables(figures, request.course, edition)
    said = readings(figures, request.course, edition)
    for level in LEVELS:
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 13)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(0, 7, t(f"impact.level.{level}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.set_font(FAMILY, "", 10)
        for sentence in said[level]:
            pdf.multi_cell(0, 5, sentence, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        for name, heading in LEVEL_TABLES[level]:
            if heading:
                pdf.set_font(FAMILY, "B", 10)
                pdf.multi_cell(0, 6, t(heading), new_x="LMARGIN", new_y="NEXT")
            _table(pdf, tables[name], t)
    pdf.set_font(FAMILY, "I", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, t("impact.note.method"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build_xlsx(request: ReportRequest) -> bytes:
    """The report as a workbook: a first sheet with the readings, then one sheet per table."""
    edition = request.edition
    t = edition.t
    said = readings(request.figures, request.course, edition)
    summary = pd.DataFrame(
        [(t(f"impact.level.{level}"), sentence) for level in LEVELS for sentence in said[level]],
        columns=[t("impact.column.level"), t("impact.column.reading")],
    )
    tables = report_tables(request.figures, request.course, edition)
    return to_xlsx_sheets(
        {t("impact.report_title"): summary}
        | {t(SHEETS[name]): table for name, table in tables.items()}
    )
