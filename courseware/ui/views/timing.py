"""More time on timed quizzes (WCAG 2.2.1, Timing Adjustable), on the cohort page of trainers
and admins: a form that gives a learner of the cohort, or the whole cohort, more time or no
limit, and the settings in force with a button to take each back. The store checks who may
and writes the audit log; the rules of which setting applies are in grading/timing.py."""

from __future__ import annotations

import streamlit as st

from courseware.grading.timing import MAX_EXTRA_MINUTES, MIN_EXTRA_MINUTES, Accommodation
from courseware.store.cohorts import cohort_members
from courseware.store.timing import (
    cohort_time_accommodations,
    remove_time_accommodation,
    set_cohort_time,
    set_learner_time,
)
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.safe_text import plain

# What the form offers, as (mode, amount): the common multiples, minutes typed in the form,
# or no limit. `None` as the amount of "extra_minutes" stands for the minutes typed.
CHOICES: tuple[tuple[str, int | None], ...] = (
    ("percent", 150),
    ("percent", 200),
    ("extra_minutes", None),
    ("unlimited", None),
)
WHOLE_COHORT = 0
REMOVED = "time_accommodation_removed"


def describe(t, accommodation: Accommodation) -> str:
    """An accommodation in words: "1.5 × the time", "20 minutes more", "No time limit"."""
    if accommodation.mode == "percent":
        factor = t.number(accommodation.amount / 100)
        return t("timing.describe.percent", factor=factor)
    if accommodation.mode == "extra_minutes":
        return t("timing.describe.extra_minutes", minutes=accommodation.amount)
    return t("timing.describe.unlimited")


def _choice_label(t, choice: tuple[str, int | None]) -> str:
    mode, amount = choice
    if mode == "extra_minutes":
        return t("timing.choice.extra_minutes")
    return describe(t, Accommodation(mode, amount))


def time_tools(ctx: PageContext, cohort_id: int) -> None:
    t = ctx.t
    members = components.attempt(ctx, lambda: cohort_members(ctx.db, ctx.actor, cohort_id))
    if members is None:
        return
    names = {m.user_id: m.display_name for m in members}
    # In the list to choose from, with the email: two learners may share a name.
    choices = {m.user_id: f"{m.display_name} ({m.email})" for m in members}
    timed = [q for q in ctx.catalog.quizzes.values() if q.time_limit_minutes]
    st.caption(t("timing.applies_to", count=len(timed)))
    _form(ctx, cohort_id, names, choices)
    _in_force(ctx, cohort_id, names)


def _form(ctx: PageContext, cohort_id: int, names: dict[int, str], choices: dict[int, str]) -> None:
    t = ctx.t
    # A form: what is stored is what the trainer saw when pressing Save, never a value of a
    # widget not yet sent.
    with st.form(f"time-accommodation-{cohort_id}"):
        who = st.selectbox(
            t("timing.for"),
            [WHOLE_COHORT, *choices],
            format_func=lambda i: t("timing.whole_cohort") if i == WHOLE_COHORT else choices[i],
        )
        choice = st.selectbox(
            t("timing.setting"), CHOICES, format_func=lambda c: _choice_label(t, c)
        )
        minutes = st.number_input(
            t("timing.minutes"),
            min_value=MIN_EXTRA_MINUTES,
            max_value=MAX_EXTRA_MINUTES,
            value=15,
            help=t("timing.minutes_help"),
        )
        if not st.form_submit_button(t("timing.save")):
            return
    mode, amount = choice
    if mode == "extra_minutes":
        amount = int(minutes)
    if who == WHOLE_COHORT:
        saved = components.attempt(
            ctx, lambda: set_cohort_time(ctx.db, ctx.actor, cohort_id, mode, amount)
        )
    else:
        saved = components.attempt(
            ctx, lambda: set_learner_time(ctx.db, ctx.actor, who, mode, amount)
        )
    if saved is not None:
        whom = t("timing.whole_cohort") if who == WHOLE_COHORT else plain(names[who])
        st.success(t("timing.saved", who=whom, setting=describe(t, saved.accommodation)))


def _in_force(ctx: PageContext, cohort_id: int, names: dict[int, str]) -> None:
    t = ctx.t
    settings = components.attempt(
        ctx, lambda: cohort_time_accommodations(ctx.db, ctx.actor, cohort_id)
    )
    if settings is None:
        return
    st.markdown(f"**{t('timing.in_force')}**")
    # Said after the rerun that redraws the list without the removed line.
    removed = st.session_state.pop(REMOVED, None)
    if removed:
        st.success(t("timing.removed", who=removed))
    if not settings:
        st.caption(t("timing.none"))
    for setting in settings:
        whom = (
            t("timing.whole_cohort")
            if setting.cohort_id is not None
            else plain(names.get(setting.user_id, ""))
        )
        text, button = st.columns([3, 1], vertical_alignment="center")
        text.markdown(
            t(
                "timing.setting_line",
                who=whom,
                setting=describe(t, setting.accommodation),
                date=t.date(setting.granted_at.date()),
            )
        )
        # The name in the label: a screen reader's list of buttons says whose it removes.
        if button.button(
            t("timing.remove", who=whom), key=f"remove-time-{setting.id}"
        ) and components.succeeded(
            ctx, lambda s=setting: remove_time_accommodation(ctx.db, ctx.actor, s.id)
        ):
            st.session_state[REMOVED] = whom
            st.rerun()
