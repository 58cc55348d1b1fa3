"""The learner's course: "My learning" and the module pages."""

from __future__ import annotations

import streamlit as st

from courseware.content.course import lesson_path
from courseware.content.files import read_content
from courseware.content.problems import ContentError
from courseware.learning import CourseProgress, QuizRecord, course_progress
from courseware.store.attempts import list_attempts
from courseware.store.certificates import issue_certificate
from courseware.store.progress import lessons_done, mark_lesson_done
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.routes import Page, go, link
from courseware.ui.views.paper import module_pack_download
from courseware.ui.views.practice import practice_steps
from courseware.ui.views.reminders import due_steps


def learner_progress(ctx: PageContext) -> CourseProgress:
    user_id = ctx.actor.user_id
    records = [
        QuizRecord(a.quiz_id, a.state, a.passed) for a in list_attempts(ctx.db, ctx.actor, user_id)
    ]
    return course_progress(ctx.catalog, lessons_done(ctx.db, ctx.actor, user_id), records)


def _next_step_button(ctx: PageContext, progress: CourseProgress) -> None:
    step = progress.next_step
    t = ctx.t
    if step.kind in ("pretest", "posttest", "survey", "final"):
        label = t(f"learning.next.{step.kind}")
        if st.button(label, type="primary", key="next-step", use_container_width=True):
            go(Page.QUIZ, quiz=step.target)
    elif step.kind == "lesson":
        module = ctx.catalog.modules[step.module_id]
        lesson = next(lesson for lesson in module.lessons if lesson.id == step.target)
        label = t("learning.next.lesson", lesson=ctx.text(lesson.title))
        if st.button(label, type="primary", key="next-step", use_container_width=True):
            go(Page.MODULE, module=step.module_id, lesson=step.target)
    elif step.kind == "certificate":
        st.success(t("learning.certificate_earned"))
    else:
        st.info(t("learning.all_done"))


def _certificate(ctx: PageContext) -> None:
    from courseware.ui.views.account import certificate_download

    course = ctx.catalog.course
    certificate = components.attempt(
        ctx, lambda: issue_certificate(ctx.db, ctx.actor, course.certificate.passed)
    )
    if certificate is not None:
        certificate_download(ctx, certificate)


def my_learning(ctx: PageContext) -> None:
    t = ctx.t
    course = ctx.catalog.course
    if course is None:
        st.error(t("learning.course_unavailable"))
        return
    st.title(ctx.text(course.title))
    progress = learner_progress(ctx)
    if course.content_note:
        with st.expander(
            t("learning.content_note"), expanded=not progress.pretest_done, icon=":material/info:"
        ):
            st.markdown(ctx.text(course.content_note))
    if not progress.pretest_done:
        st.info(t("learning.pretest_prompt"))
    _next_step_button(ctx, progress)
    # Earned certificates come first: it is what the learner came back for.
    if progress.certificate_earned:
        st.subheader(t("learning.certificate"))
        _certificate(ctx)
    # The checks and the practice after the course, from the day the certificate was issued.
    due_steps(ctx)
    practice_steps(ctx)

    st.subheader(t("learning.modules"))
    by_id = {m.module_id: m for m in progress.modules}
    for number, module_id in enumerate(course.modules, start=1):
        module = ctx.catalog.modules.get(module_id)
        with st.container(border=True):
            if module is None:
                st.markdown(f"**{number}.** {t('content.unavailable')}")
                continue
            state = by_id[module_id]
            st.markdown(f"**{number}. {ctx.text(module.title)}**")
            st.caption(
                f"{t(f'learning.status.{state.status}')} · "
                + t("learning.lessons_done", done=state.lessons_done, total=state.lessons_total)
                + f" · {t('learning.minutes', minutes=module.estimated_minutes)}"
            )
            st.progress(state.share)
            if st.button(t("learning.open_module"), key=f"open-{module_id}"):
                go(Page.MODULE, module=module_id, lesson=state.resume_lesson or "")


def module_page(ctx: PageContext) -> None:
    t = ctx.t
    module_id = st.query_params.get("module", "")
    module = ctx.catalog.modules.get(module_id)
    if module is None:
        st.warning(t("content.unavailable"))
        link(Page.LEARNING, t("nav.my_learning"))
        return
    done = lessons_done(ctx.db, ctx.actor, ctx.actor.user_id)
    lesson_ids = [lesson.id for lesson in module.lessons]
    requested = st.query_params.get("lesson")
    current = requested if requested in lesson_ids else None

    st.title(ctx.text(module.title))
    link(Page.LEARNING, t("nav.my_learning"), icon=":material/arrow_back:")
    if current is None:
        st.markdown(ctx.text(module.summary))
        st.markdown(f"**{t('module.objectives')}**")
        st.markdown("\n".join(f"- {ctx.text(o)}" for o in module.objectives))
        # The whole module on paper or offline: lessons, help contacts, practice sheets.
        module_pack_download(ctx, module_id)
    st.markdown(f"**{t('module.lessons')}**")
    for index, lesson in enumerate(module.lessons, start=1):
        mark = (
            ":material/check_circle:"
            if (module_id, lesson.id) in done
            else ":material/radio_button_unchecked:"
        )
        title = f"{index}. {ctx.text(lesson.title)}"
        if lesson.id == current:
            st.markdown(f":material/arrow_right: **{title}**")
        else:
            link(Page.MODULE, title, icon=mark, module=module_id, lesson=lesson.id)
    link(Page.QUIZ, t("module.final_quiz"), icon=":material/quiz:", quiz=module.final)

    if current is None:
        return
    lesson = module.lessons[lesson_ids.index(current)]
    st.divider()
    if (module_id, lesson.id) in ctx.catalog.broken_lessons:
        st.warning(t("content.unavailable"))
    else:
        path = lesson_path(ctx.catalog.module_dir(module_id), lesson, ctx.language)
        if not path.is_file():
            st.caption(t("content.shown_in_english"))
            path = lesson_path(ctx.catalog.module_dir(module_id), lesson, "en")
        try:
            text = read_content(path, ctx.catalog.root, str(path)).decode("utf-8")
        except (ContentError, UnicodeDecodeError):
            # Changed on disk since the course was checked (a link out of it, say).
            st.warning(t("content.unavailable"))
        else:
            components.show_lesson(ctx, text)
    if lesson.check and lesson.check in ctx.catalog.quizzes:
        from courseware.ui.views.quiz import knowledge_check

        with st.expander(t("module.check_understanding"), icon=":material/lightbulb:"):
            knowledge_check(ctx, ctx.catalog.quizzes[lesson.check])

    position = lesson_ids.index(current)
    previous, done_column, following = st.columns(3)
    if position > 0 and previous.button("← " + t("module.previous"), use_container_width=True):
        go(Page.MODULE, module=module_id, lesson=lesson_ids[position - 1])
    if done_column.button(t("module.mark_done"), type="primary", use_container_width=True):
        mark_lesson_done(ctx.db, ctx.actor, module_id, lesson.id)
        if position + 1 < len(lesson_ids):
            go(Page.MODULE, module=module_id, lesson=lesson_ids[position + 1])
        go(Page.QUIZ, quiz=module.final)
    if position + 1 < len(lesson_ids) and following.button(
        t("module.next") + " →", use_container_width=True
    ):
        go(Page.MODULE, module=module_id, lesson=lesson_ids[position + 1])
