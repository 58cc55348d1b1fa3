"""Trainer pages: cohort overview, learner detail, quiz report (issue 5, being built)."""

from __future__ import annotations

import streamlit as st

from courseware.ui.context import PageContext


def cohorts_page(ctx: PageContext) -> None:
    st.title(ctx.t("nav.cohorts"))


def learner_page(ctx: PageContext) -> None:
    st.title(ctx.t("nav.learner"))


def quiz_report_page(ctx: PageContext) -> None:
    st.title(ctx.t("nav.quiz_report"))
