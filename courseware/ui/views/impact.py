"""The Impact page, for coordinators (any organisations) and trainers (their cohorts): the
retention curve with its intervals, forgetting per tag, the response to each follow-up step
and the behaviour survey, each with its reading in plain words and the counts behind it, and
the report for funders as PDF and Excel. The figures come from the store already suppressed
for the reader; the tables and readings are the report's own (`courseware.impact_report`),
so the page and the files never disagree. Read through a cache as the dashboard is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from courseware import chart_summaries, charts
from courseware.access import MIN_GROUP_SIZE, can_view_organisations
from courseware.analytics.impact import ImpactCourse, impact_course
from courseware.exports import XLSX_MIME
from courseware.impact_report import (
    ReportRequest,
    build_pdf,
    build_xlsx,
    paired_overall,
    point_label,
    readings,
    report_tables,
)
from courseware.paper import EDITIONS
from courseware.store.accounts import list_organisations
from courseware.store.reports.impact import IMPACT_GROUPINGS, report_figures
from courseware.store.reports.scope import ReportFilters, report_cohorts
from courseware.ui import resources
from courseware.ui.context import PageContext
from courseware.ui.report_widgets import (
    CACHE_SECONDS,
    chart_with_table,
    left_out_note,
    period_bounds,
    table_with_downloads,
)

PDF_MIME = "application/pdf"


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _figures(database_url: str, role: str, filters: ReportFilters, by: str, _actor):
    course = impact_course(resources.catalog())
    return report_figures(resources.database(), _actor, filters, course, by)


def _filters(ctx: PageContext) -> tuple[ReportFilters, str]:
    t = ctx.t
    coordinates = can_view_organisations(ctx.actor)
    with st.expander(t("dash.filters"), icon=":material/filter_list:", expanded=False):
        left, right = st.columns(2)
        organisations: list[int] = []
        cohorts: list[int] = []
        if coordinates:
            names = dict(list_organisations(ctx.db, ctx.actor))
            organisations = left.multiselect(
                t("impact.organisations"), list(names), format_func=names.get
            )
        else:
            mine = {c: name for c, name, _ in report_cohorts(ctx.db, ctx.actor)}
            cohorts = left.multiselect(t("impact.cohorts"), list(mine), format_func=mine.get)
        period = right.date_input(t("impact.period"), value=(), format="YYYY-MM-DD")
        by = left.radio(
            t("impact.group_by"),
            IMPACT_GROUPINGS if coordinates else ("cohort",),
            format_func=lambda key: t(f"impact.by.{key}"),
            horizontal=True,
        )
    start, end = period_bounds(period)
    filters = ReportFilters(
        organisation_ids=tuple(sorted(organisations)),
        cohort_ids=tuple(sorted(cohorts)),
        began_from=start,
        began_to=end,
    )
    return filters, by


def _edition(ctx: PageContext):
    return EDITIONS["sr-Cyrl" if ctx.t.tag == "sr-Cyrl" else ctx.t.language]


def impact_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("impact.title"))
    st.caption(t("impact.intro", n=MIN_GROUP_SIZE))
    filters, by = _filters(ctx)
    course = impact_course(ctx.catalog)
    figures = _figures(ctx.db.url, ctx.role, filters, by, ctx.actor)
    edition = _edition(ctx)
    tables = report_tables(figures, course, edition)
    said = readings(figures, course, edition)
    request = ReportRequest(figures, course, edition, ctx.db.now().date())
    pdf_column, xlsx_column = st.columns(2)
    pdf_column.download_button(
        t("impact.download_pdf"),
        lambda: build_pdf(request),
        file_name=f"impact-report-{edition.code}.pdf",
        mime=PDF_MIME,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
    xlsx_column.download_button(
        t("impact.download_xlsx"),
        lambda: build_xlsx(request),
        file_name=f"impact-report-{edition.code}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/table_view:",
    )
    left_out = {**figures.impact.left_out, **figures.left_out}
    _level(ctx, "retention", said)
    _curve(ctx, figures, course, tables["curve"], left_out)
    st.subheader(t("impact.forgetting"))
    left_out_note(ctx, left_out.get("forgetting", 0))
    _table(ctx, tables["forgetting"], "impact-forgetting")
    st.subheader(t("impact.responses"))
    left_out_note(ctx, left_out.get("responses", 0))
    _table(ctx, tables["responses"], "impact-responses")
    _level(ctx, "behaviour", said)
    left_out_note(ctx, left_out.get("behaviour", 0))
    _table(ctx, tables["behaviour"], "impact-behaviour")
    _level(ctx, "learning", said)
    left_out_note(ctx, left_out.get("learning", 0))
    _table(ctx, tables["learning"], "impact-learning")
    _level(ctx, "reaction", said)
    left_out_note(ctx, left_out.get("reaction", 0))
    _table(ctx, tables["reaction"], "impact-reaction")
    st.caption(t("impact.note.method"))


def _level(ctx: PageContext, level: str, said: dict[str, list[str]]) -> None:
    st.header(ctx.t(f"impact.level.{level}"))
    for sentence in said[level]:
        # Tag names and prompts come from the course files: shown as plain text.
        st.text(sentence)


def _table(ctx: PageContext, table: pd.DataFrame, key: str) -> None:
    if table.empty:
        return  # the level's reading says there is nothing yet
    table_with_downloads(ctx, table, key, key)


def _curve(ctx: PageContext, figures, course: ImpactCourse, table, left_out) -> None:
    t = ctx.t
    st.subheader(t("impact.curve"))
    left_out_note(ctx, max(left_out.get("curve", 0), left_out.get("paired", 0)))
    curve = figures.impact.curve
    overall = curve[(curve["group"] == "all") & ~curve["suppressed"].astype(bool)]
    if overall.empty or not len(figures.impact.points):
        st.info(t("impact.no_data"))
        return
    points = overall.assign(
        line=[t(f"impact.subset.{s}") for s in overall["subset"]],
        label=[point_label(course, p, t) for p in overall["point"]],
    )
    figure = charts.retention_curve(points[points["n"] > 0], t)
    last = course.after_days(figures.impact.points[-1]) or 0
    summary = chart_summaries.retention(paired_overall(figures), last, t)
    chart_with_table(ctx, figure, table, "impact-curve", "impact-curve", summary)
