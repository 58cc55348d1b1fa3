"""What the trainer's and the coordinator's pages share: tables with their downloads, charts
with the table of their numbers, the "fewer than 5" notice, the course's quizzes, and reads
run side by side."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from courseware.access import MIN_GROUP_SIZE
from courseware.analytics.progress import ModuleOutline
from courseware.content.catalog import Catalog
from courseware.content.quiz import Quiz
from courseware.exports import CSV_MIME, XLSX_MIME, to_csv, to_xlsx
from courseware.store.reports.scope import CourseQuizzes
from courseware.ui.context import PageContext
from courseware.ui.safe_text import plain

# Reads that run at the same time in one page run. Two: the machines this runs on may have
# only two cores, and other learners' pages need the server too.
READS_AT_ONCE = 2

T = TypeVar("T")

# How long the coordinator's figures are cached (see `views.coordinator`).
CACHE_SECONDS = 60


def side_by_side(reads: Sequence[Callable[[], T]]) -> list[T]:
    """The results of a page's independent (cached) reads, in order, read at the same time.
    Each mostly waits on the database, which serves readers in parallel, and the database
    drivers let other Python threads run meanwhile: a cold page then takes about as long as
    its longest reads, not as long as all of them. The reads run in this script run (they
    may use the cache); one that fails raises its error here."""
    script_run = get_script_run_ctx()

    def in_this_run(read: Callable[[], T]) -> T:
        add_script_run_ctx(threading.current_thread(), script_run)
        return read()

    with ThreadPoolExecutor(max_workers=READS_AT_ONCE) as pool:
        return list(pool.map(in_this_run, reads))


def fewer_than(ctx: PageContext) -> str:
    return ctx.t("report.fewer_than", n=MIN_GROUP_SIZE)


def period_bounds(period) -> tuple[date | None, date | None]:
    """A period date input's choice: () until a day is picked, then (start,) and then
    (start, end)."""
    if isinstance(period, date):
        return period, period
    chosen = tuple(period or ())
    if not chosen:
        return None, None
    return chosen[0], chosen[-1]


def left_out_note(ctx: PageContext, groups: int) -> None:
    """How many small groups (cohorts) a section's figures leave out, never how many people."""
    if groups:
        key = "dash.left_out.one" if groups == 1 else "dash.left_out.many"
        st.caption(ctx.t(key, count=groups, n=MIN_GROUP_SIZE))


def downloads(ctx: PageContext, table: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel files of exactly `table`, made only when asked for (not on every run)."""
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        ctx.t("export.csv"),
        lambda: to_csv(table),
        file_name=f"{name}.csv",
        mime=CSV_MIME,
        key=f"{key}-csv",
        on_click="ignore",
    )
    xlsx_column.download_button(
        ctx.t("export.xlsx"),
        lambda: to_xlsx(table, name),
        file_name=f"{name}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}-xlsx",
        on_click="ignore",
    )


def table_with_downloads(
    ctx: PageContext, table: pd.DataFrame, name: str, key: str, **dataframe_options
) -> None:
    st.dataframe(table, hide_index=True, width="stretch", **dataframe_options)
    downloads(ctx, table, name, key)


def chart_with_table(
    ctx: PageContext, figure, table: pd.DataFrame, name: str, key: str, summary: str = ""
) -> None:
    """A chart, and beside it (folded) the table of the same numbers with its downloads.
    The chart's text alternative is that table and `summary`, one sentence said before it
    (see `courseware.chart_summaries`); names in it are shown as typed, never as Markdown."""
    if summary:
        st.markdown(plain(summary))
    st.plotly_chart(figure, width="stretch", key=f"{key}-chart")
    with st.expander(ctx.t("report.numbers"), icon=":material/table_chart:"):
        table_with_downloads(ctx, table, name, key)


def on_demand(label: str, key: str, icon: str | None = None, *, kept: bool = False):
    """A folded section whose content is made only while it is unfolded (or while `kept`):
    the section's container then, None while it is folded. Unfolding it (a click, or Enter or
    Space on its label) runs the page again with it open; it stays open for the session."""
    section = st.expander(label, key=key, icon=icon, on_change="rerun")
    return section if section.open or kept else None


def unfolded(key: str) -> bool:
    """Whether the `on_demand` section `key` is open (read before it is drawn)."""
    return bool(st.session_state.get(key, False))


def course_quizzes(catalog: Catalog) -> CourseQuizzes:
    course = catalog.course
    if course is None:
        return CourseQuizzes(finals=())
    finals = tuple(catalog.modules[m].final for m in course.modules if m in catalog.modules)
    limits = tuple(
        (final, catalog.quizzes[final].max_attempts)
        for final in finals
        if final in catalog.quizzes and catalog.quizzes[final].max_attempts is not None
    )
    return CourseQuizzes(
        finals=finals,
        pretest=course.pretest,
        posttest=course.posttest,
        survey=course.survey,
        attempt_limits=limits,
    )


def module_outlines(catalog: Catalog) -> list[ModuleOutline]:
    course = catalog.course
    if course is None:
        return []
    return [
        ModuleOutline(
            module_id,
            catalog.modules[module_id].final,
            tuple(catalog.modules[module_id].quiz_ids()),
        )
        for module_id in course.modules
        if module_id in catalog.modules
    ]


def graded_quizzes(catalog: Catalog) -> list[Quiz]:
    """The course's graded quizzes in the order learners meet them."""
    course = catalog.course
    order: list[str] = []
    if course is not None:
        order += [course.pretest] if course.pretest else []
        for module_id in course.modules:
            if module_id in catalog.modules:
                order += catalog.modules[module_id].quiz_ids()
        order += [course.posttest] if course.posttest else []
    order += sorted(set(catalog.quizzes) - set(order))
    return [catalog.quizzes[q] for q in order if q in catalog.quizzes and catalog.quizzes[q].graded]


def module_title(ctx: PageContext, catalog: Catalog, module_id: str) -> str:
    module = catalog.modules.get(module_id)
    return ctx.text(module.title) if module else module_id


def quiz_title(ctx: PageContext, catalog: Catalog, quiz_id: str) -> str:
    quiz = catalog.quizzes.get(quiz_id)
    return ctx.text(quiz.title) if quiz else quiz_id


def short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
