"""Regrading a quiz after a correction: the admin's page (every attempt, and the certificates
awaiting a decision), and the section on the trainer's quiz report (their cohort's attempts).
The store decides who may regrade what; these pages show the dry run, then apply it."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from courseware.content.quiz import Quiz
from courseware.store.certificate_reviews import decide_review, pending_reviews
from courseware.store.regrade import RegradePlan, apply_regrade, regrade_plan
from courseware.store.regrade_history import quiz_versions_taken
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.report_widgets import graded_quizzes, quiz_title, short, table_with_downloads
from courseware.ui.safe_text import plain

# What the last regrade applied on this page did, shown after the rerun that follows it.
DONE = "regrade_done"


def regrade_page(ctx: PageContext) -> None:
    """For admins: regrade any graded quiz; decide on the certificates a regrade put in
    question."""
    t = ctx.t
    st.title(t("regrade.title"))
    certificate_decisions(ctx)
    quizzes = {q.id: q for q in graded_quizzes(ctx.catalog)}
    if not quizzes:
        return
    st.divider()
    quiz_id = st.selectbox(
        t("regrade.quiz"), list(quizzes), format_func=lambda q: ctx.text(quizzes[q].title)
    )
    regrade_section(ctx, quizzes[quiz_id], None, key="admin")


def regrade_section(
    ctx: PageContext, quiz: Quiz, cohort_ids: Sequence[int] | None, *, key: str
) -> None:
    """Choose the version, see the dry run, give the reason and apply it, over the attempts
    of `cohort_ids` (None: all the user may regrade)."""
    t = ctx.t
    st.caption(t("regrade.intro"))
    done = st.session_state.pop(f"{DONE}-{key}", None)
    if done is not None:
        st.success(t("regrade.done", **done))
    versions = components.attempt(
        ctx, lambda: quiz_versions_taken(ctx.db, ctx.actor, quiz.id, cohort_ids=cohort_ids)
    )
    if versions is None:
        return
    if versions:
        st.caption(
            t(
                "regrade.graded_on",
                versions="; ".join(
                    t("regrade.graded_on_one", version=v.content_version, count=v.attempts)
                    for v in versions
                ),
            )
        )
    current = quiz.content_version()
    choices = {current: t("regrade.version_file", version=current)}
    for version in versions:
        choices.setdefault(
            version.content_version,
            t(
                "regrade.version_stored",
                version=version.content_version,
                date=t.date(version.created_at.date()),
                count=version.attempts,
            ),
        )
    chosen = st.selectbox(
        t("regrade.to_version"), list(choices), format_func=choices.get, key=f"{key}-version"
    )
    target = quiz if chosen == current else chosen
    course = ctx.catalog.course
    required = course.certificate.passed if course and course.certificate else []
    plan = components.attempt(
        ctx,
        lambda: regrade_plan(
            ctx.db, ctx.actor, target, cohort_ids=cohort_ids, certificate_quizzes=required
        ),
    )
    if plan is None:
        return
    if not plan.attempts:
        st.info(t("regrade.nothing"))
        _left_alone(ctx, plan)
        return
    _show_plan(ctx, plan, quiz, key)
    with st.form(f"{key}-apply"):
        reason = st.text_area(t("regrade.reason"), help=t("regrade.reason_help"), max_chars=500)
        confirmed = st.checkbox(t("regrade.confirm", count=len(plan.attempts)))
        if st.form_submit_button(t("regrade.apply"), type="primary"):
            if not confirmed:
                st.error(t("regrade.confirm_first"))
                return
            applied = components.attempt(
                ctx,
                lambda: apply_regrade(
                    ctx.db,
                    ctx.actor,
                    target,
                    reason,
                    cohort_ids=cohort_ids,
                    certificate_quizzes=required,
                ),
            )
            if applied is not None:
                st.session_state[f"{DONE}-{key}"] = {
                    "count": len(applied.attempts),
                    "changed": sum(o.score_changed for o in applied.attempts),
                    "passed": sum(c.fail_to_pass for c in applied.cohorts),
                    "failed": sum(c.pass_to_fail for c in applied.cohorts),
                }
                st.rerun()


def _show_plan(ctx: PageContext, plan: RegradePlan, quiz: Quiz, key: str) -> None:
    t = ctx.t
    st.markdown(f"#### {t('regrade.dry_run')}")
    columns = st.columns(4)
    for column, name, value in (
        (columns[0], "attempts", len(plan.attempts)),
        (columns[1], "score_changed", sum(o.score_changed for o in plan.attempts)),
        (columns[2], "fail_to_pass", sum(c.fail_to_pass for c in plan.cohorts)),
        (columns[3], "pass_to_fail", sum(c.pass_to_fail for c in plan.cohorts)),
    ):
        column.metric(t(f"regrade.metric.{name}"), value)
    st.markdown(f"**{t('regrade.questions')}**")
    if plan.questions:
        prompts = {q.id: q.prompt for q in quiz.questions} | {
            leaf.id: leaf.prompt for leaf in quiz.leaves()
        }
        questions = pd.DataFrame(
            [
                {
                    t("regrade.column.question"): q.question_id,
                    t("regrade.column.prompt"): (
                        short(ctx.text(prompts[q.question_id]), 40)
                        if q.question_id in prompts
                        else ""
                    ),
                    t("regrade.column.change"): t(f"regrade.change.{q.change}"),
                    t("regrade.column.attempts"): q.attempts,
                    t("regrade.column.points_changed"): q.points_changed,
                    t("regrade.column.unfit"): q.unfit,
                }
                for q in plan.questions
            ]
        )
        table_with_downloads(ctx, questions, f"regrade {plan.quiz_id} questions", f"{key}-q")
        st.caption(t("regrade.unfit_note"))
    else:
        st.caption(t("regrade.no_questions"))
    if plan.pass_mark_changed:
        st.warning(t("regrade.pass_mark_changed"))
    if plan.cohorts:
        st.markdown(f"**{t('regrade.by_cohort')}**")
        cohorts = pd.DataFrame(
            [
                {
                    t("regrade.column.cohort"): c.name or t("regrade.no_cohort"),
                    t("regrade.column.attempts"): c.attempts,
                    t("regrade.column.score_changed"): c.score_changed,
                    t("regrade.column.fail_to_pass"): c.fail_to_pass,
                    t("regrade.column.pass_to_fail"): c.pass_to_fail,
                    t("regrade.column.unfit"): c.unfit,
                }
                for c in plan.cohorts
            ]
        )
        table_with_downloads(ctx, cohorts, f"regrade {plan.quiz_id} cohorts", f"{key}-c")
    _left_alone(ctx, plan)
    if plan.certificates_to_review:
        st.warning(t("regrade.certificates_at_stake", count=len(plan.certificates_to_review)))


def _left_alone(ctx: PageContext, plan: RegradePlan) -> None:
    st.caption(
        ctx.t(
            "regrade.left_alone",
            in_progress=plan.in_progress,
            erased=plan.erased,
            current=plan.already_current,
            nothing=plan.nothing_in_common,
        )
    )


def certificate_decisions(ctx: PageContext) -> None:
    """The certificates whose holders no longer pass after a regrade: keep or revoke."""
    t = ctx.t
    st.subheader(t("regrade.certificates"))
    pending = components.attempt(ctx, lambda: pending_reviews(ctx.db, ctx.actor))
    if pending is None:
        return
    message = st.session_state.pop("certificate_decided", None)
    if message:
        st.success(t(message))
    if not pending:
        st.caption(t("regrade.no_certificates"))
        return
    st.caption(t("regrade.certificates_help"))
    for review in pending:
        with st.container(border=True):
            st.markdown(
                t(
                    "regrade.certificate_line",
                    serial=review.serial,
                    name=plain(review.holder_name),
                    quiz=quiz_title(ctx, ctx.catalog, review.quiz_id),
                    date=t.date(review.regraded_at.date()),
                    old=components.score_text(ctx.t, review.old_points, review.old_max_points),
                    new=components.score_text(ctx.t, review.new_points, review.new_max_points),
                    reason=plain(review.reason),
                )
            )
            keep, revoke = st.columns(2)
            confirm_key = f"confirm-revoke-{review.review_id}"
            if keep.button(t("regrade.keep"), key=f"keep-{review.review_id}"):
                _decide(ctx, review.review_id, keep=True)
            if revoke.button(t("regrade.revoke"), key=f"revoke-{review.review_id}"):
                st.session_state[confirm_key] = True
            if st.session_state.get(confirm_key) and st.button(
                t("regrade.revoke_confirm", serial=review.serial),
                type="primary",
                key=f"revoke-yes-{review.review_id}",
            ):
                st.session_state.pop(confirm_key, None)
                _decide(ctx, review.review_id, keep=False)


def _decide(ctx: PageContext, review_id: int, *, keep: bool) -> None:
    if components.succeeded(ctx, lambda: decide_review(ctx.db, ctx.actor, review_id, keep=keep)):
        st.session_state["certificate_decided"] = "regrade.kept" if keep else "regrade.revoked"
        st.rerun()
