"""Follow-up steps on the learner's pages (My learning: what is due and when; My account:
the reminder mails switch) and the admin's page of the reminder mails."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from courseware.store.followup import (
    my_followup,
    reminder_status,
    reminders_wanted,
    retry_failed_reminders,
    set_reminders,
)
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.routes import Page, link
from courseware.ui.safe_text import plain


def due_steps(ctx: PageContext) -> None:
    """My learning, after the certificate: each follow-up check, due now (with its link), due
    on a date, or done."""
    t = ctx.t
    course = ctx.catalog.course
    if course is None or not course.followup:
        return
    followup = my_followup(ctx.db, ctx.actor, course.followup)
    if followup is None:
        return
    st.subheader(t("learning.followup"))
    for step in followup.steps:
        quiz = ctx.catalog.quizzes.get(step.quiz_id)
        title = ctx.text(quiz.title) if quiz else t("content.unavailable")
        with st.container(border=True):
            if step.done:
                st.markdown(f":material/check_circle: **{title}** · {t('learning.followup.done')}")
            elif step.due(followup.today):
                st.markdown(
                    f":material/notifications: **{title}** · {t('learning.followup.due_now')}"
                )
                if quiz is not None:
                    link(Page.QUIZ, t("learning.followup.take"), ":material/quiz:", quiz=quiz.id)
            else:
                due = t("learning.followup.due_on", date=t.date(step.due_on))
                st.markdown(f":material/event: **{title}** · {due}")


def reminders_switch(ctx: PageContext) -> None:
    """My account: whether reminder mails come (the mail's unsubscribe link turns them off)."""
    t = ctx.t
    st.subheader(t("account.reminders"))
    if not ctx.db.settings.mail_enabled:
        st.caption(t("account.reminders.no_mail"))
        return
    wanted = reminders_wanted(ctx.db, ctx.actor)
    chosen = st.toggle(t("account.reminders.switch"), value=wanted, key="reminder-mails")
    if chosen != wanted:
        components.attempt(ctx, lambda: set_reminders(ctx.db, ctx.actor, chosen))


def reminders_admin(ctx: PageContext) -> None:
    """The admin's view of the reminder mails, on the learning records page: the counts,
    the failing ones with the mail server's last words, and sending the given-up ones again."""
    t = ctx.t
    st.subheader(t("admin.reminders"))
    if not ctx.db.settings.mail_enabled:
        st.caption(t("account.reminders.no_mail"))
    status = reminder_status(ctx.db, ctx.actor)
    st.caption(
        t(
            "admin.reminders.counts",
            pending=status.pending,
            sent=status.sent_last_day,
            dead=status.dead,
        )
    )
    if status.failing:
        st.dataframe(
            pd.DataFrame(
                [
                    (
                        r.id,
                        r.quiz_id,
                        r.round,
                        r.state,
                        r.tries,
                        plain(r.last_error or ""),
                        f"{r.next_try_at:%Y-%m-%d %H:%M}",
                    )
                    for r in status.failing
                ],
                columns=[
                    "id",
                    "quiz",
                    "round",
                    t("xapi.state"),
                    t("xapi.tries"),
                    t("xapi.error"),
                    "next try",
                ],
            ),
            hide_index=True,
            width="stretch",
        )
    if status.dead and st.button(t("admin.reminders.retry")):
        count = components.attempt(ctx, lambda: retry_failed_reminders(ctx.db, ctx.actor))
        if count is not None:
            st.success(t("admin.reminders.retried", count=count))
