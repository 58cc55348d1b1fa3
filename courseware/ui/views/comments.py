"""The written comments of a cohort's course evaluation, for its trainers and admins, each
with a button that hides it from coordinators (or shows it again). The store decides who may
and records every change in the audit log."""

from __future__ import annotations

import streamlit as st

from courseware.store.comments import cohort_comments, set_comment_hidden
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.views.evaluation import forget_survey_results


def comments_section(ctx: PageContext, cohort_id: int) -> None:
    t = ctx.t
    course = ctx.catalog.course
    survey = ctx.catalog.quizzes.get(course.survey) if course and course.survey else None
    if survey is None:
        return
    comments = components.attempt(
        ctx, lambda: cohort_comments(ctx.db, ctx.actor, cohort_id, survey)
    )
    if comments is None:
        return
    with st.expander(t("trainer.comments", n=len(comments)), icon=":material/forum:"):
        st.caption(t("trainer.comments_note"))
        if not comments:
            st.caption(t("trainer.no_comments"))
        for comment in comments:
            with st.container(border=True):
                # As plain text: a learner's words are never rendered as Markdown or links.
                st.text(comment.text)
                if comment.hidden:
                    st.caption(t("trainer.comment_hidden"))
                label = t("trainer.show_comment" if comment.hidden else "trainer.hide_comment")
                if st.button(label, key=f"comment-{comment.answer_id}") and components.succeeded(
                    ctx,
                    lambda c=comment: set_comment_hidden(
                        ctx.db, ctx.actor, c.answer_id, not c.hidden
                    ),
                ):
                    forget_survey_results()
                    st.rerun()
