"""The public page where anyone checks a certificate's verification code."""

from __future__ import annotations

import streamlit as st

from courseware.store.certificates import verify_certificate
from courseware.store.errors import NotFound
from courseware.ui.context import PageContext
from courseware.ui.safe_text import plain


def verify_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("verify.title"))
    code = st.text_input(t("verify.code"), value=st.query_params.get("code", ""), max_chars=20)
    if not code:
        st.caption(t("verify.help"))
        return
    try:
        certificate = verify_certificate(ctx.db, code)
    except NotFound:
        st.error(t("verify.unknown"))
        return
    issued = t.date(certificate.issued_at.date())
    regrade = certificate.regrade
    if certificate.revoked_at is not None:
        if regrade is not None and regrade.decision == "revoked":
            revoked = t.date(certificate.revoked_at.date())
            st.error(t("verify.revoked_after_regrade", serial=certificate.serial, date=revoked))
        else:
            st.error(t("verify.revoked", serial=certificate.serial))
        return
    course = ctx.catalog.course
    st.success(
        t(
            "verify.valid",
            name=plain(certificate.holder_name),
            course=ctx.text(course.title) if course else "",
            date=issued,
            serial=certificate.serial,
        )
    )
    if regrade is not None and regrade.decision == "kept":
        st.info(
            t(
                "verify.kept",
                date=t.date(regrade.regraded_at.date()),
                decided=t.date(regrade.decided_at.date()),
            )
        )
    elif regrade is not None and regrade.decision == "pending":
        st.info(t("verify.under_review", date=t.date(regrade.regraded_at.date())))
