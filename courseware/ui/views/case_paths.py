"""The path analysis of a quiz's branching cases, on the trainer's quiz report (one cohort)
and on the coordinator's dashboard (the programme, small groups left out): per case, where
judgement fails most in one sentence, the Sankey diagram of the paths with its table, the
endings reached and the choices at each step. The figures come from `store.reports.
case_paths` already suppressed; this module only lays them out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from courseware.analytics.case_paths import UNFINISHED, JudgementFailure, PathAnalysis
from courseware.case_graph import path_sankey
from courseware.content.questions.branching import Branching
from courseware.content.quiz import Quiz
from courseware.store.reports.case_paths import CasePaths, branching_cases, case_paths
from courseware.store.reports.scope import AttemptPolicy, ReportFilters
from courseware.ui import components, resources
from courseware.ui.context import PageContext
from courseware.ui.report_widgets import (
    CACHE_SECONDS,
    chart_with_table,
    fewer_than,
    left_out_note,
    short,
    table_with_downloads,
)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _programme_paths(
    database_url: str, role: str, filters: ReportFilters, quiz_id: str, _actor, regraded=None
) -> CasePaths:
    # Cached as the dashboard's other reads are (see `views.coordinator`).
    quiz = resources.catalog().quizzes[quiz_id]
    return case_paths(resources.database(), _actor, filters, quiz)


def dashboard_case_paths(ctx: PageContext, filters: ReportFilters, quiz: Quiz, regraded) -> None:
    """The coordinator's section, for the quiz chosen in the item section."""
    if branching_cases(quiz):
        report = _programme_paths(ctx.db.url, ctx.role, filters, quiz.id, ctx.actor, regraded)
        case_paths_section(ctx, report, quiz, "dash", "dashboard")


def cohort_case_paths(
    ctx: PageContext, filters: ReportFilters, quiz: Quiz, policy: AttemptPolicy, name: str
) -> None:
    """The trainer's section, for one cohort and the attempts chosen on the report."""
    if branching_cases(quiz):
        report = components.attempt(
            ctx, lambda: case_paths(ctx.db, ctx.actor, filters, quiz, policy)
        )
        if report is not None:
            case_paths_section(ctx, report, quiz, name, "report")


def case_paths_section(
    ctx: PageContext, report: CasePaths, quiz: Quiz, name: str, counted: str
) -> None:
    """`counted` says which attempts the figures hold: "report" (as chosen on the quiz
    report) or "dashboard" (first attempts)."""
    t = ctx.t
    st.subheader(t("paths.heading"))
    st.caption(f"{t('paths.note')} {t(f'paths.counted.{counted}')}")
    left_out_note(ctx, report.left_out)
    if report.suppressed:
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    for case_id, analysis in report.cases.items():
        case = quiz.leaf(case_id)
        with st.container(border=True):
            _case(ctx, case, analysis, f"{name} {case_id}", f"paths-{case_id}")


def _case(ctx: PageContext, case: Branching, analysis: PathAnalysis, name: str, key: str) -> None:
    t = ctx.t
    st.markdown(f"**{short(ctx.text(case.prompt), 160)}**")
    if not analysis.answers:
        st.caption(t("paths.none"))
        return
    st.caption(t("paths.answers", n=analysis.answers))
    if analysis.failure is None:
        st.success(t("paths.no_fail"))
    else:
        st.warning(failure_sentence(ctx, case, analysis.failure))
    figure = path_sankey(case, analysis.links, ctx.text, t)
    st.caption(t("paths.flow_note"))
    chart_with_table(ctx, figure, _links_table(ctx, case, analysis.links), name, key)
    st.markdown(f"**{t('paths.endings')}**")
    st.caption(_endings_sentence(ctx, case, analysis))
    endings = _endings_table(ctx, case, analysis.endings)
    table_with_downloads(ctx, endings, f"{name} endings", f"{key}-e")
    st.markdown(f"**{t('paths.choices')}**")
    table_with_downloads(
        ctx, _choices_table(ctx, case, analysis.choices), f"{name} choices", f"{key}-c"
    )


def _choice_text(ctx: PageContext, case: Branching, step_id: str, choice_id: str) -> str:
    return short(ctx.text(case.step_by_id[step_id].choice(choice_id).text), 120)


def _step_text(ctx: PageContext, case: Branching, step_id: str) -> str:
    """A step (or an ending) by the start of its text, as trainers read it in the case;
    its id is an author's name."""
    return short(ctx.text(case.step_by_id[step_id].text), 80)


def failure_sentence(ctx: PageContext, case: Branching, failure: JudgementFailure) -> str:
    """Where judgement fails most, in one sentence of the user's language."""
    return ctx.t(
        "paths.fails",
        step=_step_text(ctx, case, failure.step),
        share=failure.share,
        reached=failure.reached,
        choice=_choice_text(ctx, case, failure.step, failure.choice),
        recommended=_choice_text(ctx, case, failure.step, failure.recommended),
    )


def _ending_name(ctx: PageContext, case: Branching, ending: str) -> str:
    return ctx.t("paths.unfinished") if ending == UNFINISHED else _step_text(ctx, case, ending)


def _endings_sentence(ctx: PageContext, case: Branching, analysis: PathAnalysis) -> str:
    common = analysis.endings.loc[analysis.endings["count"].idxmax()]
    return ctx.t(
        "paths.endings_summary",
        full=analysis.full_credit,
        ending=_ending_name(ctx, case, common["ending"]),
        share=common["share"],
    )


def _endings_table(ctx: PageContext, case: Branching, endings: pd.DataFrame) -> pd.DataFrame:
    t = ctx.t
    # An unfinished path has no credit: its cell stays empty rather than saying "None".
    credits = (100 * pd.to_numeric(endings["credit"], errors="coerce")).round(0)
    return pd.DataFrame(
        {
            t("paths.column.ending"): [_ending_name(ctx, case, e) for e in endings["ending"]],
            t("paths.column.credit"): credits.map(lambda c: "" if pd.isna(c) else f"{c:.0f}"),
            t("paths.column.count"): endings["count"],
            t("paths.column.share"): (100 * endings["share"]).round(1),
        }
    )


def _choices_table(ctx: PageContext, case: Branching, choices: pd.DataFrame) -> pd.DataFrame:
    t = ctx.t
    return pd.DataFrame(
        {
            t("paths.column.step"): [_step_text(ctx, case, step) for step in choices["step"]],
            t("paths.column.choice"): [
                _choice_text(ctx, case, s, c)
                for s, c in zip(choices["step"], choices["choice"], strict=True)
            ],
            t("paths.column.recommended"): choices["recommended"].map(lambda r: "✓" if r else ""),
            t("paths.column.count"): choices["count"],
            t("paths.column.share"): (100 * choices["share"]).round(1),
        }
    )


def _links_table(ctx: PageContext, case: Branching, links: pd.DataFrame) -> pd.DataFrame:
    t = ctx.t
    return pd.DataFrame(
        {
            t("paths.column.from"): [_step_text(ctx, case, step) for step in links["source"]],
            t("paths.column.choice"): [
                _choice_text(ctx, case, s, c)
                for s, c in zip(links["source"], links["choice"], strict=True)
            ],
            t("paths.column.to"): [_step_text(ctx, case, step) for step in links["target"]],
            t("paths.column.recommended"): links["recommended"].map(lambda r: "✓" if r else ""),
            t("paths.column.count"): links["count"],
        }
    )
