"""Import and export: trainers and admins download quizzes (or the whole course as a ZIP)
as Moodle XML or GIFT; admins convert an uploaded question bank, see it as learners would,
and download the quiz file. The app never writes content files."""

from __future__ import annotations

import streamlit as st

from courseware.access import can_export_questions, can_import_questions
from courseware.content.fields import SLUG_PATTERN
from courseware.content.problems import ContentError
from courseware.content.quiz import COURSE_LEVEL
from courseware.interop import FORMATS, GIFT, LANGUAGE_CHOICES, MAX_IMPORT_BYTES, import_bank
from courseware.interop.course import export_catalog, zip_of
from courseware.ui.context import PageContext
from courseware.ui.questions import Rendering, render_question

WHOLE_COURSE = ""
FORMAT_NAMES = {"moodle-xml": "Moodle XML", GIFT: "GIFT"}
KINDS = ("final", "check", "pretest", "posttest", "retention", "survey")
_RESULT = "interop-import-result"


def import_export_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.import_export"))
    if can_export_questions(ctx.actor):
        _export_section(ctx)
    if can_import_questions(ctx.actor):
        st.divider()
        _import_section(ctx)


def _export_section(ctx: PageContext) -> None:
    t, catalog = ctx.t, ctx.catalog
    st.subheader(t("interop.export_title"))
    st.caption(t("interop.export_intro"))
    quizzes = {WHOLE_COURSE: t("interop.whole_course")}
    quizzes |= {quiz_id: ctx.text(quiz.title) for quiz_id, quiz in sorted(catalog.quizzes.items())}
    chosen = st.selectbox(t("interop.quiz"), list(quizzes), format_func=quizzes.get)
    fmt = st.radio(t("interop.format"), FORMATS, format_func=FORMAT_NAMES.get, horizontal=True)
    default = "sr" if ctx.language == "sr" else "en"
    language = st.selectbox(
        t("interop.language"),
        LANGUAGE_CHOICES,
        index=LANGUAGE_CHOICES.index(default),
        format_func=lambda code: t(f"interop.language.{code}"),
    )
    quiz_ids = tuple(sorted(catalog.quizzes)) if chosen == WHOLE_COURSE else (chosen,)
    versions = tuple(catalog.quizzes[q].content_version() for q in quiz_ids)
    exports = _exports(catalog, quiz_ids, fmt, language, versions)
    warnings = [str(w) for _, exported in exports for w in exported.warnings]
    if chosen == WHOLE_COURSE:
        data, name, mime = zip_of(exports), f"course-{fmt}-{language}.zip", "application/zip"
    else:
        name, exported = exports[0]
        data, mime = exported.text.encode(), "application/xml" if fmt != GIFT else "text/plain"
    st.download_button(t("interop.download"), data, file_name=name, mime=mime, type="primary")
    if warnings:
        with st.expander(t("interop.warnings", count=len(warnings))):
            st.code("\n".join(warnings), language=None)
    else:
        st.success(t("interop.no_warnings"))


@st.cache_data(max_entries=32, show_spinner=False)
def _exports(_catalog, quiz_ids: tuple[str, ...], fmt: str, language: str, versions: tuple):
    """The exports of these quizzes, kept while their content versions (part of the key)
    stay the same; the catalog itself is not hashed."""
    return export_catalog(_catalog, fmt, language, quiz_ids)


def _import_section(ctx: PageContext) -> None:
    t = ctx.t
    st.subheader(t("interop.import_title"))
    st.caption(t("interop.import_intro", limit=MAX_IMPORT_BYTES // (1024 * 1024)))
    # Streamlit refuses bigger files in the browser; `_convert` checks again on the server.
    upload = st.file_uploader(
        t("interop.upload"),
        type=["xml", "txt", "gift"],
        max_upload_size=MAX_IMPORT_BYTES // (1024 * 1024),
    )
    fmt = st.radio(
        t("interop.format"),
        FORMATS,
        format_func=FORMAT_NAMES.get,
        horizontal=True,
        key="import-fmt",
    )
    quiz_id = st.text_input(t("interop.quiz_id"), value="imported-questions")
    modules = {m: ctx.text(module.title) for m, module in ctx.catalog.modules.items()}
    modules[COURSE_LEVEL] = t("interop.module_course")
    module = st.selectbox(t("interop.module"), list(modules), format_func=modules.get)
    kind = st.selectbox(t("interop.kind"), KINDS, format_func=lambda k: t(f"interop.kind.{k}"))
    if upload is not None and st.button(t("interop.convert"), type="primary"):
        st.session_state[_RESULT] = _convert(ctx, upload, fmt, quiz_id, module, kind)
    result = st.session_state.get(_RESULT)
    if result is not None:
        _show_result(ctx, *result)


def _convert(ctx: PageContext, upload, fmt: str, quiz_id: str, module: str, kind: str):
    t = ctx.t
    data = upload.getvalue()
    if len(data) > MAX_IMPORT_BYTES:
        return "error", [t("interop.too_big", size=f"{len(data):,}", limit=f"{MAX_IMPORT_BYTES:,}")]
    if not SLUG_PATTERN.fullmatch(quiz_id):
        return "error", [t("interop.bad_id")]
    try:
        imported = import_bank(
            data,
            upload.name,
            fmt,
            quiz_id=quiz_id,
            module=module,
            kind=kind,
            output=f"quizzes/{quiz_id}.yaml",
        )
    except ContentError as exc:
        return "error", [str(problem) for problem in exc.problems]
    return "ok", imported


def _show_result(ctx: PageContext, status: str, result) -> None:
    t = ctx.t
    if status == "error":
        st.error(t("interop.errors"))
        st.code("\n".join(result), language=None)
        return
    st.success(t("interop.summary", imported=result.imported, skipped=result.skipped))
    if result.warnings:
        st.warning(t("interop.warnings", count=len(result.warnings)))
        st.code("\n".join(str(w) for w in result.warnings), language=None)
    quiz = result.loaded.value
    st.download_button(
        t("interop.download_yaml"),
        result.yaml_text.encode(),
        file_name=f"{quiz.id}.yaml",
        mime="application/x-yaml",
        type="primary",
    )
    st.caption(t("interop.add_hint", file=f"{quiz.id}.yaml"))
    st.subheader(t("interop.preview"))
    rendering = Rendering(
        orders={},
        saved={},
        key_prefix=f"preview:{quiz.id}",
        text=ctx.text,
        t=t,
        save=lambda question_id, answer: None,
        disabled=True,
    )
    for question in quiz.questions:
        with st.container(border=True):
            render_question(question, rendering)
