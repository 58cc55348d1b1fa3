"""Trainer pages: the cohort overview, one learner's attempts, and the quiz report with its
misconception brief. Trainers see their own cohorts; admins see every cohort."""

from __future__ import annotations

import html
import math

import pandas as pd
import streamlit as st

from courseware.analytics.progress import STATUSES, best_column, cohort_overview, status_column
from courseware.analytics.quiz_items import (
    BriefItem,
    choice_shares,
    graded_leaves,
    misconception_brief,
    most_chosen_wrong,
)
from courseware.analytics.readings import needs_attention, read_item
from courseware.content.questions import LeafQuestion
from courseware.store.accounts import (
    list_accounts,
    list_organisations,
)
from courseware.store.attempts import (
    GRANT_REASONS,
    get_attempt,
    grant_extra_attempts,
    list_attempts,
)
from courseware.store.cohorts import (
    cohort_members,
)
from courseware.store.reports.cohort import cohort_progress
from courseware.store.reports.quiz import answer_counts, item_statistics
from courseware.store.reports.scope import ATTEMPT_POLICIES, ReportFilters, report_cohorts
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.questions import answer_in_markdown, chosen_feedback, describe_answer
from courseware.ui.report_widgets import (
    downloads,
    graded_quizzes,
    module_outlines,
    module_title,
    short,
    table_with_downloads,
)
from courseware.ui.routes import Page, link
from courseware.ui.safe_text import plain
from courseware.ui.views.admin import cohort_form, cohort_table
from courseware.ui.views.case_paths import cohort_case_paths
from courseware.ui.views.comments import comments_section
from courseware.ui.views.paper import paper_tools
from courseware.ui.views.regrade import regrade_section
from courseware.ui.views.timing import time_tools

DEFAULT_INACTIVE_DAYS = 14


def _managed_cohorts(ctx: PageContext) -> dict[int, str]:
    """The cohorts whose reports the user sees, id to name: a trainer's own, every one for
    an admin (one query, however many cohorts there are)."""
    return {cohort_id: name for cohort_id, name, _ in report_cohorts(ctx.db, ctx.actor)}


def _choose_cohort(ctx: PageContext, cohorts: dict[int, str]) -> int:
    wanted = st.query_params.get("cohort")
    ids = list(cohorts)
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in cohorts else 0
    chosen = st.selectbox(ctx.t("trainer.cohort"), ids, index=index, format_func=cohorts.get)
    st.query_params["cohort"] = str(chosen)
    return chosen


def _manage_cohorts(ctx: PageContext) -> None:
    """Create a cohort and see or renew invite codes, with the admin page's own widgets."""
    if ctx.role == "admin":
        organisations = dict(list_organisations(ctx.db, ctx.actor))
        accounts = list_accounts(ctx.db, ctx.actor)
        people = {a.user_id: a.display_name for a in accounts}
        trainers = {a.user_id: a.display_name for a in accounts if a.role == "trainer"}
    else:
        # A trainer creates cohorts in their own organisation, and trains them.
        organisations = {ctx.profile.organisation_id: ctx.t("trainer.my_organisation")}
        people = trainers = {ctx.profile.user_id: ctx.profile.display_name}
    cohort_table(ctx, organisations, people)
    cohort_form(ctx, organisations, trainers)


def _status_words(ctx: PageContext) -> dict[str, str]:
    return {status: ctx.t(f"trainer.status.{status}") for status in STATUSES}


def cohorts_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.cohorts"))
    cohorts = _managed_cohorts(ctx)
    if not cohorts:
        st.info(t("trainer.no_cohorts"))
        _manage_cohorts(ctx)
        return
    cohort_id = _choose_cohort(ctx, cohorts)
    progress = cohort_progress(ctx.db, ctx.actor, cohort_id)
    modules = module_outlines(ctx.catalog)
    overview = cohort_overview(
        progress.learners, progress.quizzes, progress.lessons, modules, ctx.db.now()
    )
    if overview.empty:
        st.info(t("trainer.no_learners"))
    else:
        _overview_table(ctx, overview, modules, cohorts[cohort_id])
    comments_section(ctx, cohort_id)
    with st.expander(t("trainer.paper_tools"), icon=":material/print:"):
        paper_tools(ctx, cohort_id)
    with st.expander(t("trainer.time_tools"), icon=":material/more_time:"):
        time_tools(ctx, cohort_id)
    with st.expander(t("trainer.manage_cohorts"), icon=":material/calendar_month:"):
        _manage_cohorts(ctx)


def _overview_table(ctx: PageContext, overview: pd.DataFrame, modules, cohort_name: str) -> None:
    t = ctx.t
    words = _status_words(ctx)
    search_column, days_column, status_column_ = st.columns([2, 1, 2])
    search = search_column.text_input(t("trainer.search"), placeholder=t("trainer.search_hint"))
    inactive_days = days_column.number_input(
        t("trainer.inactive_days"), min_value=1, max_value=365, value=DEFAULT_INACTIVE_DAYS
    )
    show = status_column_.selectbox(
        t("trainer.show"),
        ["all", "inactive", "not_finished"],
        format_func=lambda choice: t(f"trainer.show.{choice}"),
    )
    shown = overview[
        overview["name"].str.contains(search, case=False, regex=False)
        | overview["email"].str.contains(search, case=False, regex=False)
    ]
    if show == "inactive":
        shown = shown[shown["days_inactive"] >= inactive_days]
    elif show == "not_finished":
        statuses = shown[[status_column(m.id) for m in modules]]
        shown = shown[~(statuses == "passed").all(axis=1)]

    table = pd.DataFrame(
        {
            t("trainer.column.name"): shown["name"],
            t("trainer.column.email"): shown["email"],
            t("trainer.column.last_activity"): shown["last_activity"],
            t("trainer.column.days_inactive"): shown["days_inactive"],
        }
    )
    for module in modules:
        title = module_title(ctx, ctx.catalog, module.id)
        table[t("trainer.column.status", module=title)] = shown[status_column(module.id)].map(words)
        table[t("trainer.column.best", module=title)] = shown[best_column(module.id)]
    inactive_column = t("trainer.column.days_inactive")
    styled = table.style.apply(
        lambda row: (
            ["background-color: #FCE9D9" if row[inactive_column] >= inactive_days else ""]
            * len(row)
        ),
        axis=1,
    )
    st.caption(t("trainer.inactive_note", days=inactive_days))
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        column_config={
            t("trainer.column.last_activity"): st.column_config.DatetimeColumn(
                format="YYYY-MM-DD HH:mm"
            ),
            **{
                t("trainer.column.best", module=module_title(ctx, ctx.catalog, m.id)): (
                    st.column_config.NumberColumn(format="%.0f%%")
                )
                for m in modules
            },
        },
    )
    downloads(ctx, table, f"{cohort_name} overview", "overview")
    learners = dict(zip(shown["user_id"], shown["name"], strict=True))
    if learners:
        chosen = st.selectbox(t("trainer.open_learner"), list(learners), format_func=learners.get)
        link(
            Page.LEARNER,
            t("trainer.learner_link", name=plain(learners[chosen])),
            user=str(chosen),
            cohort=st.query_params.get("cohort", ""),
        )


# One learner ------------------------------------------------------------------------------------


def learner_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.learner"))
    user, cohort = st.query_params.get("user", ""), st.query_params.get("cohort", "")
    if not (user.isdigit() and cohort.isdigit()):
        st.info(t("trainer.choose_learner"))
        link(Page.COHORTS, t("nav.cohorts"))
        return
    members = components.attempt(ctx, lambda: cohort_members(ctx.db, ctx.actor, int(cohort)))
    if members is None:
        return
    learner = next((m for m in members if m.user_id == int(user)), None)
    if learner is None:
        st.error(t("trainer.not_in_cohort"))
        return
    st.subheader(f"{plain(learner.display_name)} · {plain(learner.email)}")
    link(Page.COHORTS, t("trainer.back_to_cohort"), cohort=cohort)
    attempts = components.attempt(ctx, lambda: list_attempts(ctx.db, ctx.actor, learner.user_id))
    if attempts is None:
        return
    if not attempts:
        st.info(t("trainer.no_attempts"))
    for summary in reversed(attempts):
        _attempt_details(ctx, summary.id)
    _grant_form(ctx, learner.user_id)


def _duration(ctx: PageContext, attempt) -> str:
    if attempt.submitted_at is None:
        return ctx.t("trainer.in_progress")
    minutes = (attempt.submitted_at - attempt.started_at).total_seconds() / 60
    return ctx.t("trainer.minutes", minutes=max(1, round(minutes)))


def _attempt_details(ctx: PageContext, attempt_id: int) -> None:
    t = ctx.t
    attempt = get_attempt(ctx.db, ctx.actor, attempt_id)
    score = (
        t("trainer.score", score=float(attempt.points / attempt.max_points))
        if attempt.max_points
        else t("trainer.not_scored")
    )
    label = " · ".join(
        [
            ctx.text(attempt.quiz.title),
            f"{attempt.started_at:%Y-%m-%d %H:%M}",
            score,
            _duration(ctx, attempt),
            *([t("attempt.paper")] if attempt.source == "paper" else []),
        ]
    )
    with st.expander(
        label, icon=":material/check_circle:" if attempt.passed else ":material/edit_note:"
    ):
        shown = set(attempt.layout.question_ids)
        rows = []
        for question in attempt.quiz.questions:
            if question.id not in shown:
                continue
            for leaf in question.leaves():
                answer = attempt.answers.get(leaf.id)
                rows.append(
                    {
                        t("trainer.column.question"): short(ctx.text(leaf.prompt)),
                        t("trainer.column.answer"): describe_answer(leaf, answer, ctx.text, t),
                        t("trainer.column.points"): (
                            float(attempt.question_points[leaf.id])
                            if leaf.id in attempt.question_points
                            else None
                        ),
                        t("trainer.column.max_points"): float(leaf.max_points)
                        if leaf.graded
                        else None,
                    }
                )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _grant_form(ctx: PageContext, user_id: int) -> None:
    t = ctx.t
    limited = {q.id: q for q in graded_quizzes(ctx.catalog) if q.max_attempts is not None}
    if not limited:
        return
    with st.form("grant-attempt"):
        st.subheader(t("trainer.grant_title"))
        quiz_id = st.selectbox(
            t("trainer.grant_quiz"), list(limited), format_func=lambda q: ctx.text(limited[q].title)
        )
        extra = st.number_input(t("trainer.grant_extra"), min_value=1, max_value=5, value=1)
        reason = st.selectbox(
            t("trainer.grant_reason"),
            GRANT_REASONS,
            format_func=lambda r: t(f"trainer.reason.{r}"),
        )
        if st.form_submit_button(t("trainer.grant")) and components.succeeded(
            ctx,
            lambda: grant_extra_attempts(ctx.db, ctx.actor, user_id, quiz_id, int(extra), reason),
        ):
            st.success(t("trainer.granted", count=int(extra)))


# The quiz report ----------------------------------------------------------------------------------


def quiz_report_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.quiz_report"))
    cohorts = _managed_cohorts(ctx)
    quizzes = {q.id: q for q in graded_quizzes(ctx.catalog)}
    if not cohorts or not quizzes:
        st.info(t("trainer.no_cohorts"))
        return
    cohort_id = _choose_cohort(ctx, cohorts)
    quiz_column, policy_column = st.columns([3, 2])
    quiz_id = quiz_column.selectbox(
        t("report.quiz"), list(quizzes), format_func=lambda q: ctx.text(quizzes[q].title)
    )
    policy = policy_column.selectbox(
        t("report.attempts"), ATTEMPT_POLICIES, format_func=lambda p: t(f"report.policy.{p}")
    )
    quiz = quizzes[quiz_id]
    scope = ReportFilters(cohort_ids=(cohort_id,))
    report = components.attempt(
        ctx, lambda: item_statistics(ctx.db, ctx.actor, scope, quiz, policy)
    )
    counts = components.attempt(
        ctx, lambda: answer_counts(ctx.db, ctx.actor, scope, quiz_id, policy)
    )
    if report is None or counts is None:
        return
    if report.analysis is None or report.analysis.test["n_attempts"] == 0:
        st.info(t("report.no_attempts"))
        return
    analysis = report.analysis
    leaves = graded_leaves(quiz)
    _test_summary(ctx, analysis.test, sum(float(leaf.max_points) for leaf in leaves.values()), quiz)
    st.subheader(t("report.items"))
    st.caption(t("report.items_note"))
    table = _item_table(ctx, analysis.questions, leaves, counts.counts)
    table_with_downloads(
        ctx,
        table,
        f"{quiz_id} {cohorts[cohort_id]}",
        "items",
        column_config={
            column: st.column_config.NumberColumn(format="%.0f%%")
            for column in (t("report.column.facility"), t("report.column.sd"))
        },
    )
    st.subheader(t("report.answers"))
    for question_id, leaf in leaves.items():
        if question_id in analysis.questions.index:
            _question_details(ctx, leaf, analysis.questions.loc[question_id], counts.counts)
    cohort_case_paths(ctx, scope, quiz, policy, f"{quiz_id} {cohorts[cohort_id]}")
    _brief(
        ctx,
        misconception_brief(analysis.questions, leaves, counts.counts),
        quiz,
        cohorts[cohort_id],
    )
    # After a correction of the quiz: this cohort's attempts graded again.
    with st.expander(t("regrade.title"), icon=":material/published_with_changes:"):
        # The dry run regrades every attempt of the cohort: only when asked for, not on each
        # run of the report (an expander's content runs even while it is folded).
        if st.toggle(t("regrade.prepare"), key=f"regrade-prepare-{cohort_id}"):
            regrade_section(ctx, quiz, (cohort_id,), key=f"report-{cohort_id}")


def _test_summary(ctx: PageContext, test, maximum: float, quiz) -> None:
    t = ctx.t
    columns = st.columns(4)
    columns[0].metric(t("report.n_attempts"), int(test["n_attempts"]))
    for column, key, value in (
        (columns[1], "report.mean", test["mean"] / maximum if maximum else math.nan),
        (columns[2], "report.median", test["median"] / maximum if maximum else math.nan),
        (columns[3], "report.cic", test["cic"]),
    ):
        column.metric(t(key), "–" if math.isnan(value) else f"{value:.0%}")
    if quiz.draw:
        st.caption(t("report.pool_note"))


def _readings_text(ctx: PageContext, readings) -> str:
    return " ".join(ctx.t(reading.key, **reading.values) for reading in readings)


def _wrong_choice(
    ctx: PageContext, leaf: LeafQuestion, counts: pd.DataFrame, describe=describe_answer
):
    """The most common wrong answer, in words (`answer_in_markdown` where it is rendered as
    Markdown: a short answer is the learner's own text), and its share."""
    wrong = most_chosen_wrong(leaf, counts[counts["question_id"] == leaf.id])
    if wrong is None:
        return None
    return describe(leaf, wrong.answer, ctx.text, ctx.t), wrong.share


def _item_table(ctx: PageContext, questions: pd.DataFrame, leaves, counts) -> pd.DataFrame:
    t = ctx.t
    rows = []
    for question_id, stats in questions.iterrows():
        leaf = leaves[question_id]
        readings = read_item(stats.to_dict(), _wrong_choice(ctx, leaf, counts))
        rows.append(
            {
                t("report.column.question"): short(ctx.text(leaf.prompt), 70),
                t("report.column.facility"): _percent(stats["facility"]),
                t("report.column.sd"): _percent(stats["sd"]),
                t("report.column.discrimination"): _rounded(stats["discrimination_index"]),
                t("report.column.efficiency"): _rounded(stats["discriminative_efficiency"]),
                t("report.column.intended_weight"): _rounded(stats["intended_weight"]),
                t("report.column.effective_weight"): _rounded(stats["effective_weight"]),
                t("report.column.random_guess"): _rounded(stats["random_guess"]),
                t("report.column.check"): "⚠" if needs_attention(readings) else "",
                t("report.column.reading"): _readings_text(ctx, readings),
            }
        )
    return pd.DataFrame(rows)


def _percent(value: float) -> float | None:
    return None if math.isnan(value) else round(100 * value, 1)


def _rounded(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 3)


def _question_details(ctx: PageContext, leaf: LeafQuestion, stats, counts) -> None:
    t = ctx.t
    question_counts = counts[counts["question_id"] == leaf.id]
    readings = read_item(stats.to_dict(), _wrong_choice(ctx, leaf, counts, answer_in_markdown))
    icon = ":material/warning:" if needs_attention(readings) else ":material/help:"
    with st.expander(short(ctx.text(leaf.prompt), 100), icon=icon):
        for reading in readings:
            show = st.warning if reading.severity == "warning" else st.info
            show(t(reading.key, **reading.values))
        shares = choice_shares(leaf, question_counts)
        if not shares:
            st.caption(t("report.no_answers"))
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("report.column.answer"): describe_answer(leaf, share.answer, ctx.text, t),
                        t("report.column.count"): share.count,
                        t("report.column.share"): share.share,
                        t("report.column.correct"): share.correct,
                    }
                    for share in shares
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                t("report.column.share"): st.column_config.ProgressColumn(
                    format="percent", min_value=0, max_value=1
                )
            },
        )


def _brief(ctx: PageContext, items: list[BriefItem], quiz, cohort_name: str) -> None:
    t = ctx.t
    st.subheader(t("report.brief"))
    st.caption(t("report.brief_note"))
    markdown = _brief_markdown(ctx, items, quiz, cohort_name)
    st.markdown(markdown)
    md_column, html_column = st.columns(2)
    md_column.download_button(
        t("report.brief_markdown"),
        markdown,
        file_name=f"brief-{quiz.id}.md",
        mime="text/markdown",
        on_click="ignore",
    )
    html_column.download_button(
        t("report.brief_html"),
        lambda: _brief_html(ctx, items, quiz, cohort_name),
        file_name=f"brief-{quiz.id}.html",
        mime="text/html",
        on_click="ignore",
    )


def _brief_entries(ctx: PageContext, items: list[BriefItem], describe=describe_answer):
    """(prompt, facility line, wrong-answer line or None, explanation or None) per item; the
    wrong answer in words by `describe` (answer_in_markdown for the Markdown brief)."""
    t = ctx.t
    for item in items:
        leaf = item.question
        wrong = None
        if item.wrong is not None:
            answer = describe(leaf, item.wrong.answer, ctx.text, t)
            wrong = t("report.brief_wrong", answer=answer, share=item.wrong.share)
            feedback = chosen_feedback(leaf, item.wrong.answer)
            if feedback:
                wrong += " " + " ".join(ctx.text(f) for f in feedback)
        explanation = ctx.text(leaf.explanation) if leaf.explanation else None
        yield (
            ctx.text(leaf.prompt),
            t("report.brief_facility", facility=item.facility),
            wrong,
            explanation,
        )


def _brief_markdown(ctx: PageContext, items, quiz, cohort_name: str) -> str:
    t = ctx.t
    heading = t("report.brief_heading", quiz=ctx.text(quiz.title), cohort=plain(cohort_name))
    lines = [f"### {heading}", ""]
    entries = _brief_entries(ctx, items, answer_in_markdown)
    for number, (prompt, facility, wrong, explanation) in enumerate(entries, 1):
        lines += [f"**{number}. {prompt}**", "", f"- {facility}"]
        if wrong:
            lines.append(f"- {wrong}")
        if explanation:
            lines.append(f"- {t('report.brief_discuss')} {explanation}")
        lines.append("")
    return "\n".join(lines)


def _brief_html(ctx: PageContext, items, quiz, cohort_name: str) -> str:
    """A page that prints well on its own (no app, no scripts)."""
    t = ctx.t
    title = html.escape(t("report.brief_heading", quiz=ctx.text(quiz.title), cohort=cohort_name))
    parts = [
        f'<!doctype html><html lang="{ctx.language}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;"
        "line-height:1.4}li{margin:.3em 0}section{page-break-inside:avoid}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for number, (prompt, facility, wrong, explanation) in enumerate(_brief_entries(ctx, items), 1):
        parts.append(f"<section><h2>{number}. {html.escape(prompt)}</h2><ul>")
        parts.append(f"<li>{html.escape(facility)}</li>")
        if wrong:
            parts.append(f"<li>{html.escape(wrong)}</li>")
        if explanation:
            discuss = html.escape(t("report.brief_discuss"))
            parts.append(f"<li>{discuss} {html.escape(explanation)}</li>")
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "".join(parts)
