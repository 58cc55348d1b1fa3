"""Signing in (a prompt that leads to the sign-in form), the account page, and the learner's
own results, data download and certificate."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import streamlit as st

from courseware.certificates import CertificateContent, render_certificate
from courseware.store.accounts import (
    needs_first_administrator,
)
from courseware.store.attempts import list_attempts
from courseware.store.auth import change_password
from courseware.store.certificates import CertificateView, my_certificate
from courseware.store.privacy import export_user_data
from courseware.ui import components
from courseware.ui.context import PageContext, session_token, single_sign_on_configured
from courseware.ui.routes import Page, link
from courseware.ui.safe_text import plain
from courseware.ui.views.reminders import reminders_switch


def sign_in_prompt(ctx: PageContext) -> None:
    t = ctx.t
    course = ctx.catalog.course
    st.title(ctx.text(course.title) if course else t("app.name"))
    if course and course.description:
        st.markdown(ctx.text(course.description))
    if needs_first_administrator(ctx.db):
        st.info(t("auth.setup_intro"))
        st.link_button(t("auth.setup"), "/auth/setup", type="primary")
        return
    if ctx.unknown_single_sign_on:
        st.error(t("auth.sso_unknown", email=plain(ctx.unknown_single_sign_on)))
        if st.button(t("auth.sign_out")):
            st.logout()
    st.link_button(t("auth.sign_in"), "/auth/sign-in", type="primary")
    offer_single_sign_on = single_sign_on_configured() and not ctx.unknown_single_sign_on
    if offer_single_sign_on and st.button(t("auth.sso_sign_in")):
        st.login()
    st.markdown(t("auth.have_invite_code"))
    st.link_button(t("auth.sign_up"), "/auth/sign-up")


def account_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.account"))
    profile = ctx.profile
    name, email = plain(profile.display_name), plain(profile.email)
    st.markdown(f"**{name}** · {email} · {t(f'role.{profile.role}')}")
    if profile.must_change_password:
        st.warning(t("account.must_change_password"))
    with st.form("change-password"):
        st.subheader(t("account.change_password"))
        current = st.text_input(t("account.current_password"), type="password")
        new = st.text_input(
            t("account.new_password"), type="password", help=t("auth.password_rules")
        )
        again = st.text_input(t("account.new_password_again"), type="password")
        if st.form_submit_button(t("account.save_password")):
            if new != again:
                st.error(t("auth.passwords_differ"))
            elif components.succeeded(
                ctx,
                lambda: change_password(
                    ctx.db, ctx.actor, current, new, session_token=session_token(ctx.db)
                ),
            ):
                st.success(t("account.password_changed"))
                st.rerun()
    reminders_switch(ctx)


def certificate_download(ctx: PageContext, certificate: CertificateView) -> None:
    t = ctx.t
    course = ctx.catalog.course
    page_url = urlsplit(st.context.url or "http://localhost:8501/")
    verify_url = (
        f"{page_url.scheme}://{page_url.netloc}/verify?code={certificate.verification_code}"
    )
    content = CertificateContent(
        learner_name=ctx.profile.display_name,
        course_title=ctx.text(course.title),
        module_titles=[
            ctx.text(ctx.catalog.modules[m].title)
            for m in course.modules
            if m in ctx.catalog.modules
        ],
        completed_on=certificate.issued_at.date(),
        serial=certificate.serial,
        verification_code=certificate.verification_code,
        verify_url=verify_url,
    )
    st.success(t("certificate.ready", serial=certificate.serial))
    st.download_button(
        t("certificate.download"),
        render_certificate(content, t),
        file_name=f"certificate-{certificate.serial}.pdf",
        mime="application/pdf",
        type="primary",
    )
    st.caption(t("certificate.verify_hint", code=certificate.verification_code))


def my_results(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.my_results"))
    attempts = [
        a for a in list_attempts(ctx.db, ctx.actor, ctx.actor.user_id) if a.state == "submitted"
    ]
    if not attempts:
        st.info(t("results.none_yet"))
    for attempt in reversed(attempts):
        quiz = ctx.catalog.quizzes.get(attempt.quiz_id)
        title = ctx.text(quiz.title) if quiz else attempt.quiz_id
        score = (
            f"{float(attempt.points / attempt.max_points):.0%}"
            if attempt.points is not None and attempt.max_points
            else "–"
        )
        when = f"{t.date(attempt.submitted_at.date())} {attempt.submitted_at:%H:%M}"
        paper = f" · {t('attempt.paper')}" if attempt.source == "paper" else ""
        link(Page.REVIEW, f"{when} · {title} · {score}{paper}", attempt=str(attempt.id))
    certificate = my_certificate(ctx.db, ctx.actor)
    if certificate is not None:
        st.subheader(t("learning.certificate"))
        certificate_download(ctx, certificate)
    st.subheader(t("results.my_data"))
    st.caption(t("results.my_data_help"))
    st.caption(t("results.erasure_note", days=ctx.db.settings.backup_retention_days))
    if ctx.db.settings.xapi_enabled:
        st.caption(t("results.lrs_note"))
    data = export_user_data(ctx.db, ctx.actor, ctx.actor.user_id)
    st.download_button(
        t("results.download_data"),
        json.dumps(data, ensure_ascii=False, indent=2),
        file_name="my-data.json",
        mime="application/json",
    )
