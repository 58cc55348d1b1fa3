"""Printed material in the app: a module's field pack on its page, and on the cohort page the
trainer's paper tools: every field pack (ZIP), paper quizzes with their keys, and the results
of papers entered back, one paper (a form that mirrors the answer grid) or a CSV file."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import streamlit as st

from courseware.access import can_download_all_packs
from courseware.content.questions.branching import Branching
from courseware.content.questions.matching import Matching
from courseware.content.questions.multiple_choice import MultipleChoice
from courseware.content.questions.numeric import Numeric
from courseware.content.questions.ordering import Ordering
from courseware.content.questions.true_false import TrueFalse
from courseware.paper import EDITIONS, Edition, edition
from courseware.paper.editions import pack_file_name
from courseware.paper.grid import Unprintable, check_printable, letters
from courseware.paper.results import MAX_RESULTS_CHARACTERS
from courseware.paper.variants import variant_questions
from courseware.settings import load_settings
from courseware.store.cohorts import (
    cohort_members,
)
from courseware.store.paper import (
    PaperSheet,
    import_paper_results,
    paper_variant,
    record_paper_attempt,
    register_print,
)
from courseware.ui import components, resources
from courseware.ui.context import PageContext
from courseware.ui.report_widgets import graded_quizzes
from courseware.ui.safe_text import plain

PDF = "application/pdf"
LANGUAGE_NAMES = {"en": "English", "sr": "Srpski (latinica)", "sr-Cyrl": "Српски (ћирилица)"}


def reader_edition(ctx: PageContext) -> Edition:
    if ctx.language == "sr":
        return edition("sr-Cyrl" if ctx.t.script == "cyrillic" else "sr")
    return edition("en")


@st.cache_data(max_entries=64, show_spinner=False)
def _pack(module_id: str, edition_code: str, public_url: str) -> bytes:
    """A pack is the same for everyone reading in one language: made once per process."""
    # The PDF's modules are imported here and in `_print`, not with this module: fpdf takes a
    # third of a second to import, and the pages that show this module's buttons (a module,
    # a cohort) make no PDF on most runs.
    from courseware.paper.pack import PackRequest, build_pack

    return build_pack(
        PackRequest(resources.catalog(), module_id, edition(edition_code), public_url)
    )


def pack_bytes(module_id: str, ed: Edition) -> bytes:
    return _pack(module_id, ed.code, load_settings().public_url)


def all_packs_zip(ctx: PageContext, ed: Edition) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for module_id in ctx.catalog.course.modules:
            if module_id in ctx.catalog.modules:
                archive.writestr(pack_file_name(module_id, ed), pack_bytes(module_id, ed))
    return buffer.getvalue()


def module_pack_download(ctx: PageContext, module_id: str) -> None:
    """The module's field pack in the reader's language and script (made when asked for)."""
    ed = reader_edition(ctx)
    st.download_button(
        ctx.t("pack.download"),
        lambda: pack_bytes(module_id, ed),
        file_name=pack_file_name(module_id, ed),
        mime=PDF,
        icon=":material/print:",
        help=ctx.t("pack.download_help"),
        on_click="ignore",
        key=f"pack-{module_id}",
    )


def paper_tools(ctx: PageContext, cohort_id: int) -> None:
    """The cohort page's section for trainers and admins."""
    t = ctx.t
    if not can_download_all_packs(ctx.actor):
        return
    packs, print_tab, enter_tab, import_tab = st.tabs(
        [t("paper.tab_packs"), t("paper.tab_print"), t("paper.tab_enter"), t("paper.tab_import")]
    )
    with packs:
        _packs(ctx)
    with print_tab:
        _print(ctx, cohort_id)
    with enter_tab:
        _enter(ctx, cohort_id)
    with import_tab:
        _import(ctx, cohort_id)


def _language(ctx: PageContext, key: str) -> Edition:
    code = st.selectbox(
        ctx.t("paper.language"),
        list(EDITIONS),
        index=list(EDITIONS).index(reader_edition(ctx).code),
        format_func=LANGUAGE_NAMES.get,
        key=key,
    )
    return edition(code)


def _packs(ctx: PageContext) -> None:
    t = ctx.t
    ed = _language(ctx, "packs-language")
    modules = [m for m in ctx.catalog.course.modules if m in ctx.catalog.modules]
    module_id = st.selectbox(
        t("paper.module"), modules, format_func=lambda m: ctx.text(ctx.catalog.modules[m].title)
    )
    one, every = st.columns(2)
    one.download_button(
        t("pack.download"),
        lambda: pack_bytes(module_id, ed),
        file_name=pack_file_name(module_id, ed),
        mime=PDF,
        on_click="ignore",
        key="pack-one",
    )
    every.download_button(
        t("pack.download_all"),
        lambda: all_packs_zip(ctx, ed),
        file_name=f"field-packs-{ed.code}.zip",
        mime="application/zip",
        on_click="ignore",
        key="pack-all",
    )


def _printable_quizzes(ctx: PageContext) -> dict:
    quizzes = {}
    for quiz in graded_quizzes(ctx.catalog):
        try:
            check_printable(quiz)
        except Unprintable:
            continue
        quizzes[quiz.id] = quiz
    return quizzes


def _print(ctx: PageContext, cohort_id: int) -> None:
    t = ctx.t
    quizzes = _printable_quizzes(ctx)
    st.caption(t("paper.print_help"))
    with st.form("paper-print"):
        quiz_id = st.selectbox(
            t("report.quiz"), list(quizzes), format_func=lambda q: ctx.text(quizzes[q].title)
        )
        count_column, first_column = st.columns(2)
        count = count_column.number_input(t("paper.variants"), 1, 60, 4)
        first = first_column.number_input(t("paper.first_variant"), 1, 900, 1)
        ed = _language(ctx, "print-language")
        prepared = st.form_submit_button(t("paper.prepare"))
    if prepared:
        from courseware.paper.quizzes import build_answer_keys, build_paper_quiz

        quiz, numbers = quizzes[quiz_id], list(range(int(first), int(first) + int(count)))
        if components.succeeded(
            ctx, lambda: register_print(ctx.db, ctx.actor, cohort_id, quiz, numbers)
        ):
            with st.spinner(t("paper.preparing")):
                st.session_state["paper-prepared"] = (
                    f"{quiz.id}-{ed.code}",
                    build_paper_quiz(quiz, ed, numbers),
                    build_answer_keys(quiz, ed, numbers),
                )
    if "paper-prepared" in st.session_state:
        name, papers, keys = st.session_state["paper-prepared"]
        left, right = st.columns(2)
        left.download_button(
            t("paper.download_variants"), papers, file_name=f"{name}-variants.pdf", mime=PDF
        )
        right.download_button(
            t("paper.download_keys"), keys, file_name=f"{name}-keys.pdf", mime=PDF
        )


def grid_hint(ctx: PageContext, question) -> str:
    """What to type for a question, as a placeholder: "A–D", "T/F", "number"..."""
    t, leaf, span = ctx.t, question.leaf, letters(len(question.order))
    if isinstance(leaf, TrueFalse):
        return f"{t('paper.true_mark')}/{t('paper.false_mark')}"
    if isinstance(leaf, Numeric):
        return t("paper.hint_number")
    if isinstance(leaf, Branching):
        return t("paper.hint_path", example="BAC 12")
    if isinstance(leaf, Matching):
        return t("paper.hint_letters", count=len(leaf.pairs), first=span[0], last=span[-1])
    if isinstance(leaf, Ordering | MultipleChoice):
        return f"{span[0]}…{span[-1]}"
    return f"{span[0]}–{span[-1]}"


def _enter(ctx: PageContext, cohort_id: int) -> None:
    t = ctx.t
    members = components.attempt(ctx, lambda: cohort_members(ctx.db, ctx.actor, cohort_id))
    if not members:
        st.info(t("trainer.no_learners"))
        return
    people = {m.user_id: f"{m.display_name} · {m.email}" for m in members}
    learner_column, code_column = st.columns([3, 2])
    learner_id = learner_column.selectbox(
        t("paper.learner"), list(people), format_func=people.get, key="paper-learner"
    )
    code = code_column.text_input(
        t("paper.variant_code_input"), placeholder="3FA9C1-07K", key="paper-code"
    ).strip()
    if not code:
        st.caption(t("paper.enter_help"))
        return
    found = components.attempt(
        ctx, lambda: paper_variant(ctx.db, ctx.actor, cohort_id, ctx.catalog.quizzes, code)
    )
    if found is None:
        return
    quiz, number = found
    questions = variant_questions(quiz, number)
    st.markdown(f"**{ctx.text(quiz.title)}** · {t('paper.variant_code', code=code.upper())}")
    with st.form(f"paper-grid-{code}-{learner_id}", clear_on_submit=True, enter_to_submit=True):
        typed = {}
        for start in range(0, len(questions), 5):
            columns = st.columns(5)
            for column, question in zip(columns, questions[start : start + 5], strict=False):
                typed[question.number] = column.text_input(
                    f"{question.number}.", placeholder=grid_hint(ctx, question)
                )
        taken_on = st.date_input(
            t("paper.taken_on"), value=ctx.db.now().date(), format="DD.MM.YYYY"
        )
        saved = st.form_submit_button(t("paper.save"), type="primary")
    if saved:
        sheet = PaperSheet(
            learner_id, code, {n: v for n, v in typed.items() if v.strip()}, taken_on
        )
        summary = components.attempt(
            ctx,
            lambda: record_paper_attempt(ctx.db, ctx.actor, cohort_id, ctx.catalog.quizzes, sheet),
        )
        if summary is not None:
            st.success(
                t(
                    "paper.saved",
                    name=plain(people[learner_id].split(" · ")[0]),
                    score=components.score_text(ctx.t, summary.points, summary.max_points),
                )
            )


def _import(ctx: PageContext, cohort_id: int) -> None:
    t = ctx.t
    st.caption(t("paper.import_help"))
    # The browser refuses a bigger file; read_results checks the text again on the server.
    uploaded = st.file_uploader(
        t("paper.csv_file"),
        type=["csv", "txt"],
        key="paper-csv",
        max_upload_size=MAX_RESULTS_CHARACTERS // (1024 * 1024),
    )
    if uploaded is None or not st.button(t("paper.import"), type="primary"):
        return
    text = uploaded.getvalue().decode("utf-8-sig", errors="replace")
    result = components.attempt(
        ctx,
        lambda: import_paper_results(ctx.db, ctx.actor, cohort_id, ctx.catalog.quizzes, text),
    )
    if result is None:
        return
    if result.rejected:
        st.error(t("paper.import_rejected", count=len(result.rejected)))
        st.dataframe(
            pd.DataFrame(
                {
                    t("paper.column.line"): [line.line for line in result.rejected],
                    t("paper.column.problem"): [line.message for line in result.rejected],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.success(t("paper.imported", count=len(result.recorded)))
