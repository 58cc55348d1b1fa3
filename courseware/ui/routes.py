"""Where a page can send the reader: the page keys, `link` and `go`. It imports no view, so
every view can use it and `navigation` (which imports the views) stays the top."""

from __future__ import annotations

from enum import StrEnum

import streamlit as st
from streamlit.navigation.page import StreamlitPage

# The pages this run registered, by key; pages a role may not see are never in it.
_REGISTERED = "registered_pages"


class Page(StrEnum):
    """A page's key, which is also its URL path."""

    WELCOME = "welcome"
    VERIFY = "verify"
    ACCOUNT = "account"
    LEARNING = "learning"
    MODULE = "module"
    QUIZ = "quiz"
    PRACTICE = "practice"
    REVIEW = "review"
    RESULTS = "results"
    COHORTS = "cohorts"
    LEARNER = "learner"
    QUIZ_REPORT = "quiz-report"
    IMPORT_EXPORT = "import-export"
    DASHBOARD = "dashboard"
    IMPACT = "impact"
    ORGANISATIONS = "organisations"
    MANAGE_COHORTS = "manage-cohorts"
    ACCOUNTS = "accounts"
    CONTENT = "content"
    AUDIT = "audit"
    LEARNING_RECORDS = "learning-records"
    REGRADE = "regrade"


def register(pages: dict[Page, StreamlitPage]) -> None:
    st.session_state[_REGISTERED] = pages


def go(page: Page, **query: str) -> None:
    """Switch to a page registered in this run, with query parameters (e.g. module=...)."""
    st.switch_page(st.session_state[_REGISTERED][page], query_params=query or None)


def link(page: Page, label: str, icon: str | None = None, **query: str) -> None:
    """A link to a page, drawn only when this reader's role may open it."""
    registered = st.session_state[_REGISTERED].get(page)
    if registered is not None:
        st.page_link(registered, label=label, icon=icon, query_params=query or None)
