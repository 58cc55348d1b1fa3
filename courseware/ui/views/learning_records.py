"""The admin's page of the xAPI outbox: how many statements wait, were sent in the last day,
failed, or are dead letters (with their last error), and a button to send those again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from courseware.store.xapi_outbox import outbox_status, retry_dead_letters
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.safe_text import plain
from courseware.ui.views.reminders import reminders_admin


def learning_records_page(ctx: PageContext) -> None:
    st.title(ctx.t("nav.learning_records"))
    _statements(ctx)
    # The other outbox an admin watches: the follow-up reminder mails.
    reminders_admin(ctx)


def _statements(ctx: PageContext) -> None:
    t = ctx.t
    settings = ctx.db.settings
    if not settings.xapi_enabled:
        st.info(t("xapi.off"))
    else:
        st.caption(t("xapi.endpoint", endpoint=plain(settings.xapi_endpoint)))
    st.caption(t("xapi.intro", tries=settings.xapi_max_tries))
    status = outbox_status(ctx.db, ctx.actor)
    counts = pd.DataFrame(
        [
            (t("xapi.pending"), status.pending),
            (t("xapi.failing"), status.failing),
            (t("xapi.sent_last_day"), status.sent_last_day),
            (t("xapi.dead"), status.dead),
        ],
        columns=[t("xapi.state"), t("xapi.count")],
    )
    st.dataframe(counts, hide_index=True, width="stretch")
    if status.paused_until is not None:
        st.warning(t("xapi.paused", time=f"{status.paused_until:%Y-%m-%d %H:%M}"))
    if status.last_error:
        # The LRS's words, which may quote a statement: shown as plain text.
        st.caption(t("xapi.last_error", error=plain(status.last_error)))
    if not status.dead_letters:
        return
    st.subheader(t("xapi.dead_letters"))
    st.dataframe(
        pd.DataFrame(
            [
                (d.id, d.verb, d.tries, d.last_error, f"{d.created_at:%Y-%m-%d %H:%M}")
                for d in status.dead_letters
            ],
            columns=["id", t("xapi.verb"), t("xapi.tries"), t("xapi.error"), t("xapi.written")],
        ),
        hide_index=True,
        width="stretch",
    )
    if st.button(t("xapi.retry")):
        count = components.attempt(ctx, lambda: retry_dead_letters(ctx.db, ctx.actor))
        if count is not None:
            st.success(t("xapi.retried", count=count))
