"""The pages each role may reach. Pages a role may not see are never registered, so no URL
leads to them; the store still checks every access on its own."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from courseware.ui.context import PageContext

PAGES_KEY = "registered_pages"


def go(name: str, **query: str) -> None:
    """Switch to a page registered in this run, with query parameters (e.g. module=...)."""
    st.switch_page(st.session_state[PAGES_KEY][name], query_params=query or None)


def link(name: str, label: str, icon: str | None = None, **query: str) -> None:
    page = st.session_state[PAGES_KEY].get(name)
    if page is not None:
        st.page_link(page, label=label, icon=icon, query_params=query or None)


def build(ctx: PageContext) -> StreamlitPage:
    # Imported here: each view module imports this one for `go` and `link`.
    from courseware.ui.views import account, admin, coordinator, learning, quiz, trainer, verify

    t = ctx.t

    def page(view, name: str, title: str, icon: str, *, hidden: bool = False, default=False):
        return name, st.Page(
            lambda: view(ctx),
            title=title,
            icon=icon,
            url_path=name,
            default=default,
            visibility="hidden" if hidden else "visible",
        )

    sections: dict[str, list[tuple[str, StreamlitPage]]] = {}
    if ctx.identity is None:
        sections[""] = [
            page(
                account.sign_in_prompt,
                "welcome",
                t("nav.sign_in"),
                ":material/login:",
                default=True,
            ),
            page(verify.verify_page, "verify", t("nav.verify"), ":material/verified:"),
        ]
    elif ctx.profile.must_change_password:
        sections[""] = [
            page(
                account.account_page, "account", t("nav.account"), ":material/person:", default=True
            ),
        ]
    else:
        role = ctx.role
        sections[t("nav.section.learning")] = [
            page(
                learning.my_learning,
                "learning",
                t("nav.my_learning"),
                ":material/school:",
                default=role == "learner",
            ),
            page(
                learning.module_page, "module", t("nav.module"), ":material/menu_book:", hidden=True
            ),
            page(quiz.quiz_page, "quiz", t("nav.quiz"), ":material/quiz:", hidden=True),
            page(
                quiz.review_page, "review", t("nav.review"), ":material/rate_review:", hidden=True
            ),
            page(account.my_results, "results", t("nav.my_results"), ":material/folder_shared:"),
        ]
        if role in ("trainer", "admin"):
            sections[t("nav.section.trainer")] = [
                page(
                    trainer.cohorts_page,
                    "cohorts",
                    t("nav.cohorts"),
                    ":material/groups:",
                    default=role == "trainer",
                ),
                page(
                    trainer.learner_page,
                    "learner",
                    t("nav.learner"),
                    ":material/person_search:",
                    hidden=True,
                ),
                page(
                    trainer.quiz_report_page,
                    "quiz-report",
                    t("nav.quiz_report"),
                    ":material/analytics:",
                ),
            ]
        if role in ("coordinator", "admin"):
            sections[t("nav.section.coordinator")] = [
                page(
                    coordinator.dashboard_page,
                    "dashboard",
                    t("nav.dashboard"),
                    ":material/monitoring:",
                    default=role == "coordinator",
                ),
            ]
        if role == "admin":
            sections[t("nav.section.admin")] = [
                page(
                    admin.organisations_page,
                    "organisations",
                    t("nav.organisations"),
                    ":material/domain:",
                    default=True,
                ),
                page(
                    admin.cohorts_admin_page,
                    "manage-cohorts",
                    t("nav.manage_cohorts"),
                    ":material/calendar_month:",
                ),
                page(
                    admin.accounts_page, "accounts", t("nav.accounts"), ":material/manage_accounts:"
                ),
                page(
                    admin.content_status_page,
                    "content",
                    t("nav.content_status"),
                    ":material/fact_check:",
                ),
                page(admin.audit_page, "audit", t("nav.audit"), ":material/history:"),
            ]
        sections[t("nav.section.account")] = [
            page(account.account_page, "account", t("nav.account"), ":material/person:"),
            page(verify.verify_page, "verify", t("nav.verify"), ":material/verified:"),
        ]
    st.session_state[PAGES_KEY] = {
        name: registered for entries in sections.values() for name, registered in entries
    }
    return st.navigation(
        {
            section: [registered for _, registered in entries]
            for section, entries in sections.items()
        }
    )
