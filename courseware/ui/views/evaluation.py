"""The course evaluation's section of the coordinator's dashboard: its Likert answers as a
chart with its sentence and table, and the learners' written comments (those a trainer hid
are left out by the store). Read through a cache that hiding a comment clears."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from courseware import chart_summaries, charts
from courseware.content.quiz import Quiz
from courseware.store.reports.scope import ReportFilters
from courseware.store.reports.surveys import survey_results
from courseware.ui import resources
from courseware.ui.context import PageContext
from courseware.ui.report_widgets import (
    CACHE_SECONDS,
    chart_with_table,
    fewer_than,
    left_out_note,
    short,
)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def survey_read(database_url: str, role: str, filters: ReportFilters, quiz_id: str, _actor):
    quiz = resources.catalog().quizzes[quiz_id]
    return survey_results(resources.database(), _actor, filters, quiz)


def forget_survey_results() -> None:
    """A comment was hidden or shown again: coordinators must not read it from the cache
    (other app instances drop theirs within CACHE_SECONDS)."""
    survey_read.clear()


def survey_section(ctx: PageContext, results, survey: Quiz) -> None:
    t = ctx.t
    left_out_note(ctx, results.left_out)
    if results.suppressed:
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    if results.likert.empty:
        st.info(t("dash.no_data"))
        return
    likert = [leaf for leaf in survey.leaves() if leaf.type == "likert"]
    scale = max(leaf.scale for leaf in likert)
    labels = [
        ctx.text(likert[0].labels[level]) if likert[0].labels else str(level + 1)
        for level in range(scale)
    ]
    prompts = {leaf.id: short(ctx.text(leaf.prompt), 60) for leaf in likert}
    counts = results.likert.copy()
    counts["question"] = counts["question_id"].map(prompts)
    counts["answer"] = counts["answer"].astype(int)
    counts["share"] = counts["count"] / counts.groupby("question_id")["count"].transform("sum")
    counts = counts.sort_values(["question_id", "answer"])
    figure = charts.likert_bars(counts[["question", "answer", "share"]], labels, t)
    table = pd.DataFrame(
        {
            t("dash.column.question"): counts["question"],
            t("dash.column.answer"): [
                labels[a - 1] if a <= len(labels) else a for a in counts["answer"]
            ],
            t("dash.column.count"): counts["count"],
            t("dash.column.share"): (100 * counts["share"]).round(1),
        }
    )
    st.caption(t("dash.survey_note", n=results.respondents))
    summary = chart_summaries.likert(counts[["question", "answer", "count"]], scale, t)
    chart_with_table(ctx, figure, table, "evaluation", "survey", summary)
    with st.expander(t("dash.comments", n=len(results.comments)), icon=":material/forum:"):
        if not results.comments:
            st.caption(t("dash.no_comments"))
        for comment in results.comments:
            # As plain text: a learner's words are never rendered as Markdown or links.
            st.text(comment)
