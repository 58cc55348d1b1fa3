"""The pages each role may reach. Pages a role may not see are never registered, so no URL
leads to them; the store still checks every access on its own."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from courseware.ui.context import PageContext
from courseware.ui.routes import Page, link, register
from courseware.ui.views import (
    account,
    admin,
    coordinator,
    impact,
    interop,
    learning,
    learning_records,
    practice,
    quiz,
    regrade,
    trainer,
    verify,
)


def build(ctx: PageContext) -> StreamlitPage:
    t = ctx.t

    def page(view, name: Page, title: str, icon: str, *, hidden: bool = False, default=False):
        return name, st.Page(
            lambda: view(ctx),
            title=title,
            icon=icon,
            url_path=name.value,
            default=default,
            visibility="hidden" if hidden else "visible",
        )

    sections: dict[str, list[tuple[str, StreamlitPage]]] = {}
    if ctx.identity is None:
        sections[""] = [
            page(
                account.sign_in_prompt,
                Page.WELCOME,
                t("nav.sign_in"),
                ":material/login:",
                default=True,
            ),
            page(verify.verify_page, Page.VERIFY, t("nav.verify"), ":material/verified:"),
        ]
    elif ctx.profile.must_change_password:
        sections[""] = [
            page(
                account.account_page,
                Page.ACCOUNT,
                t("nav.account"),
                ":material/person:",
                default=True,
            ),
        ]
    else:
        role = ctx.role
        impact_entry = page(impact.impact_page, Page.IMPACT, t("nav.impact"), ":material/insights:")
        sections[t("nav.section.learning")] = [
            page(
                learning.my_learning,
                Page.LEARNING,
                t("nav.my_learning"),
                ":material/school:",
                default=role == "learner",
            ),
            page(
                learning.module_page,
                Page.MODULE,
                t("nav.module"),
                ":material/menu_book:",
                hidden=True,
            ),
            page(quiz.quiz_page, Page.QUIZ, t("nav.quiz"), ":material/quiz:", hidden=True),
            page(
                practice.practice_page,
                Page.PRACTICE,
                t("nav.practice"),
                ":material/fitness_center:",
                hidden=True,
            ),
            page(
                quiz.review_page,
                Page.REVIEW,
                t("nav.review"),
                ":material/rate_review:",
                hidden=True,
            ),
            page(account.my_results, Page.RESULTS, t("nav.my_results"), ":material/folder_shared:"),
        ]
        if role in ("trainer", "admin"):
            sections[t("nav.section.trainer")] = [
                page(
                    trainer.cohorts_page,
                    Page.COHORTS,
                    t("nav.cohorts"),
                    ":material/groups:",
                    default=role == "trainer",
                ),
                page(
                    trainer.learner_page,
                    Page.LEARNER,
                    t("nav.learner"),
                    ":material/person_search:",
                    hidden=True,
                ),
                page(
                    trainer.quiz_report_page,
                    Page.QUIZ_REPORT,
                    t("nav.quiz_report"),
                    ":material/analytics:",
                ),
                page(
                    interop.import_export_page,
                    Page.IMPORT_EXPORT,
                    t("nav.import_export"),
                    ":material/swap_horiz:",
                ),
            ]
            if role == "trainer":  # an admin finds it among the coordinator's pages
                sections[t("nav.section.trainer")].append(impact_entry)
        if role in ("coordinator", "admin"):
            sections[t("nav.section.coordinator")] = [
                page(
                    coordinator.dashboard_page,
                    Page.DASHBOARD,
                    t("nav.dashboard"),
                    ":material/monitoring:",
                    default=role == "coordinator",
                ),
                impact_entry,
            ]
        if role == "admin":
            sections[t("nav.section.admin")] = [
                page(
                    admin.organisations_page,
                    Page.ORGANISATIONS,
                    t("nav.organisations"),
                    ":material/domain:",
                    default=True,
                ),
                page(
                    admin.cohorts_admin_page,
                    Page.MANAGE_COHORTS,
                    t("nav.manage_cohorts"),
                    ":material/calendar_month:",
                ),
                page(
                    admin.accounts_page,
                    Page.ACCOUNTS,
                    t("nav.accounts"),
                    ":material/manage_accounts:",
                ),
                page(
                    admin.content_status_page,
                    Page.CONTENT,
                    t("nav.content_status"),
                    ":material/fact_check:",
                ),
                page(
                    regrade.regrade_page,
                    Page.REGRADE,
                    t("nav.regrade"),
                    ":material/published_with_changes:",
                ),
                page(admin.audit_page, Page.AUDIT, t("nav.audit"), ":material/history:"),
                page(
                    learning_records.learning_records_page,
                    Page.LEARNING_RECORDS,
                    t("nav.learning_records"),
                    ":material/outbox:",
                ),
            ]
        sections[t("nav.section.account")] = [
            page(account.account_page, Page.ACCOUNT, t("nav.account"), ":material/person:"),
            page(verify.verify_page, Page.VERIFY, t("nav.verify"), ":material/verified:"),
        ]
    register({name: registered for entries in sections.values() for name, registered in entries})
    current = st.navigation(
        [registered for entries in sections.values() for _, registered in entries],
        position="hidden",
    )
    _sidebar(t, sections)
    return current


def _sidebar(t, sections: dict[str, list[tuple[Page, StreamlitPage]]]) -> None:
    """The navigation drawn by the app: each section's links under a heading of its own.
    (Streamlit's grouped navigation puts its headings inside the list, which screen readers
    and axe's list rules reject.)"""
    with st.sidebar:
        st.markdown(f"## {t('nav.heading')}")
        for section, entries in sections.items():
            shown = [(name, p) for name, p in entries if p.visibility != "hidden"]
            if not shown:
                continue
            if section:
                st.markdown(f"### {section}")
            for name, registered in shown:
                link(name, registered.title, registered.icon)
