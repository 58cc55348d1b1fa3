"""Coordinator dashboard (issue 5, being built)."""

from __future__ import annotations

import streamlit as st

from courseware.ui.context import PageContext


def dashboard_page(ctx: PageContext) -> None:
    st.title(ctx.t("nav.dashboard"))
