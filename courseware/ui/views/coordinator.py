"""The coordinator's dashboard: programme figures across organisations, aggregates only.

Every figure comes from the store already suppressed for the user: cohorts with fewer than
MIN_GROUP_SIZE learners in a figure are left out of it, and each section says how many.
Results are cached for a minute, keyed by the database, the user's role and the filters:
coordinators all see the same aggregates, so sharing them between coordinators shows nobody
anything new, and an admin's unsuppressed figures are never served to a coordinator. The
reads of scores are keyed by the time of the last regrade too, so that figures cached before
a regrade are never served after it.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from courseware import chart_summaries, charts
from courseware.access import MIN_GROUP_SIZE, may_narrow_figures
from courseware.analytics.quiz_items import flagged, graded_leaves
from courseware.analytics.readings import LOW_DISCRIMINATION
from courseware.content.quiz import Quiz
from courseware.i18n import messages
from courseware.store.accounts import (
    list_organisations,
)
from courseware.store.regrade_history import last_regrade_at
from courseware.store.reports.dashboard import dashboard, headline
from courseware.store.reports.knowledge_gain import GAIN_GROUPINGS, knowledge_gain_by
from courseware.store.reports.quiz import MASTERY_GROUPINGS
from courseware.store.reports.quiz_summaries import programme_item_statistics
from courseware.store.reports.scope import ReportFilters, report_cohorts
from courseware.ui import resources
from courseware.ui.context import PageContext
from courseware.ui.report_widgets import (
    CACHE_SECONDS,
    chart_with_table,
    course_quizzes,
    fewer_than,
    graded_quizzes,
    left_out_note,
    module_title,
    on_demand,
    period_bounds,
    quiz_title,
    short,
    side_by_side,
    unfolded,
)
from courseware.ui.views.case_paths import dashboard_case_paths
from courseware.ui.views.evaluation import survey_read, survey_section

SCORE_BANDS = 10
# The widgets whose choices decide what is read (read before the widgets are drawn).
GAIN_BY, QUIZ_CHOICE, MASTERY_BY = "gain-by", "dash-quiz", "mastery-by"
# The filters' fold and their widgets. Folded, the filters are not made (a programme of
# 100,000 learners has 4,000 cohorts to choose from, a tenth of the first view's time),
# unless one is chosen: a widget not made forgets its choice.
FILTERS = "dash-filters"
CHOSEN_ORGANISATIONS, CHOSEN_COHORTS = "dash-organisations", "dash-cohorts"
CHOSEN_PERIOD, CHOSEN_LANGUAGE = "dash-period", "dash-language"
# The sections under the headline figures, folded until a coordinator unfolds them (see
# `on_demand`): their title's message, and the key of their fold.
FUNNEL, SCORES, PASS_RATES, GAIN, WEEKLY, ITEMS, SURVEY = (
    ("dash.funnel", "dash-funnel"),
    ("dash.scores", "dash-scores"),
    ("dash.pass_rates", "dash-pass-rates"),
    ("dash.gain", "dash-gain"),
    ("dash.weekly", "dash-weekly"),
    ("dash.items", "dash-items"),
    ("dash.survey", "dash-survey"),
)
# Every fold's key, in the page's order (tests and the benchmark unfold them all).
FOLDS = tuple(fold for _, fold in (FUNNEL, SCORES, PASS_RATES, GAIN, WEEKLY, ITEMS, SURVEY))


# Cached reads: the store is asked at most once a minute per (database, role, filters, time of
# the last regrade). The actor is passed along but not part of the key (a leading underscore):
# the page has just authenticated them, and their role is in the key.


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _dashboard(database_url: str, role: str, filters: ReportFilters, _actor, regraded=None):
    catalog = resources.catalog()
    return dashboard(resources.database(), _actor, filters, course_quizzes(catalog))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _headline_read(database_url: str, role: str, filters: ReportFilters, _actor, regraded=None):
    return headline(resources.database(), _actor, filters, course_quizzes(resources.catalog()))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _gain(database_url: str, role: str, filters: ReportFilters, by: str, _actor, regraded=None):
    catalog = resources.catalog()
    return knowledge_gain_by(
        resources.database(),
        _actor,
        filters,
        course_quizzes(catalog),
        by,
        _topics(catalog) if by == "topic" else None,
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _items(
    database_url: str,
    role: str,
    filters: ReportFilters,
    quiz_id: str,
    by: str,
    _actor,
    regraded=None,
):
    quiz = resources.catalog().quizzes[quiz_id]
    return programme_item_statistics(resources.database(), _actor, filters, quiz, mastery_by=by)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _cohorts(database_url: str, role: str, _actor):
    return report_cohorts(resources.database(), _actor)


def _topics(catalog) -> dict[str, dict[str, tuple[str, float]]]:
    """For the pre- and the post-test: question id to (topic, max points). A question's
    topic is the family of its first tag ("law-palermo-protocol" is in "law")."""
    course = catalog.course
    topics = {}
    for quiz_id in (course.pretest, course.posttest):
        quiz = catalog.quizzes.get(quiz_id)
        if quiz is not None:
            topics[quiz_id] = {
                leaf.id: (leaf.tags[0].split("-")[0], float(leaf.max_points))
                for leaf in quiz.leaves()
                if leaf.graded and leaf.tags
            }
    return topics


def _topic_name(ctx: PageContext, family: str) -> str:
    key = f"dash.topic.{family}"
    return ctx.t(key) if key in messages("en") else family


# The page ---------------------------------------------------------------------------------------


def dashboard_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.dashboard"))
    st.caption(t("dash.intro", n=MIN_GROUP_SIZE))
    filters = _filters(ctx)
    key = (ctx.db.url, ctx.role, filters)
    quizzes = {q.id: q for q in graded_quizzes(ctx.catalog)}
    survey = ctx.catalog.course.survey if ctx.catalog.course else None
    # Read before the sections draw their widgets, with the choices those widgets hold (the
    # widgets are keyed, so what they show is what was read).
    gain_by = st.session_state.get(GAIN_BY, GAIN_GROUPINGS[0])
    mastery_by = st.session_state.get(MASTERY_BY, MASTERY_GROUPINGS[0])
    quiz_id = _chosen_quiz(ctx, quizzes) if unfolded(ITEMS[1]) else None
    has_survey = survey in ctx.catalog.quizzes
    read_gains, read_survey = unfolded(GAIN[1]), has_survey and unfolded(SURVEY[1])
    read_data = any(unfolded(fold) for _, fold in (FUNNEL, SCORES, PASS_RATES, WEEKLY))
    regraded = last_regrade_at(ctx.db, ctx.actor)
    # A folded section's figures are not read: what nobody looks at costs nothing.
    first, data, gains, items, survey_results = side_by_side(
        [
            lambda: _headline_read(*key, ctx.actor, regraded),
            lambda: _dashboard(*key, ctx.actor, regraded) if read_data else None,
            lambda: _gain(*key, gain_by, ctx.actor, regraded) if read_gains else None,
            lambda: _items(*key, quiz_id, mastery_by, ctx.actor, regraded) if quiz_id else None,
            lambda: survey_read(*key, survey, ctx.actor) if read_survey else None,
        ]
    )
    _headline(ctx, *first)
    # Read once, and only for the sections that show figures by group.
    names = functools.cache(lambda: _names(ctx))
    # Each section is folded and made only when unfolded: the browser spent seconds drawing
    # eight charts on every visit, most of them never scrolled to, and even two charts cost a
    # reload about as much again as none (Plotly's script; bench, part "browser").
    left_out = data.left_out if data is not None else {}
    sections = [
        (FUNNEL, lambda: _funnel(ctx, data.funnel, left_out.get("headline", 0))),
        (SCORES, lambda: _scores(ctx, data.scores, left_out.get("scores", 0))),
        (PASS_RATES, lambda: _pass_rates(ctx, data, left_out.get("pass_rates", 0))),
        (GAIN, lambda: _knowledge_gain(ctx, gains, names())),
        (WEEKLY, lambda: _weekly(ctx, data.weekly, left_out.get("weekly", 0))),
    ]
    if quizzes:
        paths = (filters, regraded)
        sections.append((ITEMS, lambda: _items_and_paths(ctx, items, quizzes, names(), paths)))
    if has_survey:
        quiz = ctx.catalog.quizzes[survey]
        sections.append((SURVEY, lambda: survey_section(ctx, survey_results, quiz)))
    for (title, fold), draw in sections:
        section = on_demand(t(title), fold)
        if section is not None:
            with section:
                draw()


def _items_and_paths(ctx: PageContext, items, quizzes: dict[str, Quiz], names, paths) -> None:
    """The item statistics and tag mastery of the chosen quiz, then its cases' paths."""
    _items_and_topics(ctx, items, quizzes, names)
    filters, regraded = paths
    dashboard_case_paths(ctx, filters, quizzes[_chosen_quiz(ctx, quizzes)], regraded)


def _chosen_quiz(ctx: PageContext, quizzes: dict[str, Quiz]) -> str | None:
    """The quiz the item section's choice holds (its default before any choice)."""
    if not quizzes:
        return None
    chosen = st.session_state.get(QUIZ_CHOICE)
    return chosen if chosen in quizzes else _default_quiz(ctx, quizzes)


def _default_quiz(ctx: PageContext, quizzes: dict[str, Quiz]) -> str:
    course = ctx.catalog.course
    return course.posttest if course and course.posttest in quizzes else next(iter(quizzes))


def _filters(ctx: PageContext) -> ReportFilters:
    t = ctx.t
    chosen = (CHOSEN_ORGANISATIONS, CHOSEN_COHORTS, CHOSEN_PERIOD, CHOSEN_LANGUAGE)
    kept = any(st.session_state.get(key) for key in chosen)
    section = on_demand(t("dash.filters"), FILTERS, ":material/filter_list:", kept=kept)
    if section is None:
        return ReportFilters()
    organisations = dict(list_organisations(ctx.db, ctx.actor))
    cohorts = _cohorts(ctx.db.url, ctx.role, ctx.actor)
    names = {cohort_id: name for cohort_id, name, _ in cohorts}
    with section:
        left, right = st.columns(2)
        chosen_organisations = left.multiselect(
            t("dash.organisations"),
            list(organisations),
            format_func=organisations.get,
            key=CHOSEN_ORGANISATIONS,
        )
        offered = [
            cohort_id
            for cohort_id, _, organisation_id in cohorts
            if not chosen_organisations or organisation_id in chosen_organisations
        ]
        chosen_cohorts = right.multiselect(
            t("dash.cohorts"), offered, format_func=names.get, key=CHOSEN_COHORTS
        )
        period, language = (), None
        if may_narrow_figures(ctx.actor):
            period = left.date_input(
                t("dash.period"), value=(), format="YYYY-MM-DD", key=CHOSEN_PERIOD
            )
            language = right.selectbox(
                t("dash.language"),
                [None, "en", "sr"],
                format_func=lambda code: t(f"dash.language.{code}"),
                key=CHOSEN_LANGUAGE,
            )
    start, end = period_bounds(period)
    return ReportFilters(
        organisation_ids=tuple(sorted(chosen_organisations)),
        cohort_ids=tuple(sorted(chosen_cohorts)),
        start=start,
        end=end,
        language=language,
    )


def _names(ctx: PageContext) -> dict[str, dict[int, str]]:
    """The names of the groups that figures are shown by."""
    cohorts = _cohorts(ctx.db.url, ctx.role, ctx.actor)
    return {
        "organisation": dict(list_organisations(ctx.db, ctx.actor)),
        "cohort": {cohort_id: name for cohort_id, name, _ in cohorts},
    }


def _headline(ctx: PageContext, headline, left_out: int) -> None:
    t = ctx.t
    st.subheader(t("dash.headline"))
    left_out_note(ctx, left_out)
    if headline.suppressed:
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    rate = "–" if headline.pass_rate is None else f"{headline.pass_rate:.0%}"
    # Each figure names its population in its help: a pass rate alone hides the learners
    # who never passed because they ran out of attempts, so those are a figure of their own.
    figures = (
        ("enrolled", headline.enrolled),
        ("active", headline.active),
        ("completed", headline.completed),
        ("pass_rate", rate),
        ("stuck", headline.stuck),
    )
    for column, (name, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(t(f"dash.{name}"), value, help=t(f"dash.{name}_help"))
    st.caption(t("dash.headline_note"))


def _stage_label(ctx: PageContext, stage: str) -> str:
    """A stage of the funnel: enrolled, took a test, or passed a module's final."""
    if stage == "enrolled":
        return ctx.t("dash.stage.enrolled")
    quiz = ctx.catalog.quizzes.get(stage)
    if quiz is not None and quiz.kind == "final":
        return ctx.t("dash.stage.final", module=_final_label(ctx, stage))
    return quiz_title(ctx, ctx.catalog, stage)


def _final_label(ctx: PageContext, quiz_id: str) -> str:
    """A module's final, by its module's title (the charts of finals say what is counted)."""
    quiz = ctx.catalog.quizzes.get(quiz_id)
    if quiz is None:
        return quiz_title(ctx, ctx.catalog, quiz_id)
    return module_title(ctx, ctx.catalog, quiz.module)


def _funnel(ctx: PageContext, funnel: pd.DataFrame, left_out: int) -> None:
    t = ctx.t
    left_out_note(ctx, left_out)
    if funnel["suppressed"].any():
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    table = pd.DataFrame(
        {
            t("dash.column.stage"): [_stage_label(ctx, s) for s in funnel["stage"]],
            t("dash.column.learners"): funnel["learners"].astype(int),
        }
    )
    stages = pd.DataFrame({"label": table.iloc[:, 0], "learners": table.iloc[:, 1]})
    summary = chart_summaries.funnel(stages, t)
    chart_with_table(ctx, charts.funnel(stages, t), table, "funnel", "funnel", summary)


def _numbers(values) -> pd.Series:
    """Figures as numbers; a suppressed one is empty (its row says why in the note)."""
    return pd.to_numeric(pd.Series(values), errors="coerce")


def _noted(ctx: PageContext, table: pd.DataFrame, suppressed) -> pd.DataFrame:
    """`table` with a note saying "fewer than 5" on each suppressed row."""
    notes = [fewer_than(ctx) if hidden else "" for hidden in suppressed]
    return table.assign(**{ctx.t("dash.column.note"): notes}) if any(suppressed) else table


def _scores(ctx: PageContext, scores: pd.DataFrame, left_out: int) -> None:
    t = ctx.t
    left_out_note(ctx, left_out)
    if scores.empty:
        st.info(t("dash.no_data"))
        return
    bands = []
    for quiz_id, rows in scores.groupby("quiz_id", sort=False):
        final = _final_label(ctx, quiz_id)
        if rows["suppressed"].any():
            bands.append({"final": final, "band": "", "learners": None, "share": None})
            continue
        band = (rows["score"].astype(float) * SCORE_BANDS).clip(upper=SCORE_BANDS - 1).astype(int)
        counts = rows.groupby(band)["learners"].sum().reindex(range(SCORE_BANDS), fill_value=0)
        for number, learners in counts.items():
            top = number * 10 + 9 if number < SCORE_BANDS - 1 else 100
            bands.append(
                {
                    "final": final,
                    "band": f"{number * 10}–{top}%",
                    "learners": int(learners),
                    "share": learners / counts.sum(),
                }
            )
    table = pd.DataFrame(bands)
    hidden = table["learners"].isna()
    if hidden.all():
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    figure = charts.share_heatmap(
        table[~hidden],
        x="band",
        y="final",
        value="share",
        title=t("chart.scores.title"),
        x_title=t("chart.scores.x"),
        y_title=None,
        hidden_text=fewer_than(ctx),
    )
    shown = pd.DataFrame(
        {
            t("dash.column.final"): table["final"],
            t("dash.column.score_band"): table["band"],
            t("dash.column.learners"): _numbers(table["learners"]),
            t("dash.column.share"): (100 * _numbers(table["share"])).round(1),
        }
    )
    summary = chart_summaries.shares(table, "band", "final", "share", t, "summary.scores")
    table = _noted(ctx, shown, hidden)
    chart_with_table(ctx, figure, table, "score-distribution", "scores", summary)


def _pass_rates(ctx: PageContext, data, left_out: int) -> None:
    t = ctx.t
    rates, organisations = data.pass_rates, data.organisations
    left_out_note(ctx, left_out)
    if rates.empty:
        st.info(t("dash.no_data"))
        return
    if rates["suppressed"].all():
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    modules = [_final_label(ctx, q) for q in rates["quiz_id"]]
    grid = pd.DataFrame(
        {
            "organisation": [organisations.get(o, str(o)) for o in rates["organisation_id"]],
            "module": modules,
            "pass_rate": _numbers(rates["pass_rate"]),
        }
    )
    figure = charts.share_heatmap(
        grid,
        # Modules down the side: their long titles read across, as in the scores chart.
        x="organisation",
        y="module",
        value="pass_rate",
        title=t("chart.pass_rates.title"),
        x_title=None,
        y_title=None,
        hidden_text=fewer_than(ctx),
    )
    table = pd.DataFrame(
        {
            t("dash.column.organisation"): grid["organisation"],
            t("dash.column.final"): modules,
            t("dash.column.learners"): _numbers(rates["learners"]),
            t("dash.column.passed"): _numbers(rates["passed"]),
            t("dash.column.pass_rate"): (100 * grid["pass_rate"]).round(1),
        }
    )
    table = _noted(ctx, table, list(rates["suppressed"]))
    summary = chart_summaries.shares(
        grid, "organisation", "module", "pass_rate", t, "summary.pass_rates"
    )
    chart_with_table(ctx, figure, table, "pass-rates", "pass-rates", summary)


def _group_label(ctx: PageContext, by: str, group, names) -> str:
    if group == "all":
        return ctx.t("dash.all_learners")
    if by == "topic":
        return _topic_name(ctx, str(group))
    return names[by].get(group, str(group))


def _knowledge_gain(ctx: PageContext, gains: pd.DataFrame, names) -> None:
    t = ctx.t
    by = st.radio(
        t("dash.gain_by"),
        GAIN_GROUPINGS,
        format_func=lambda g: t(f"dash.by.{g}"),
        horizontal=True,
        key=GAIN_BY,
    )
    left_out_note(ctx, gains.attrs.get("left_out", 0))
    if gains.empty:
        st.info(t("dash.no_pairs"))
        return
    if gains["suppressed"].all():
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    labels = [_group_label(ctx, by, g, names) for g in gains["group"]]
    visible = gains.assign(label=labels)[~gains["suppressed"]]
    figure = charts.gain_slopes(visible[["label", "mean_pre", "mean_post"]], t)
    table = pd.DataFrame(
        {
            t("dash.column.group"): labels,
            t("dash.column.pairs"): _numbers(gains["n_pairs"]),
            t("dash.column.pre"): _numbers(gains["mean_pre"]).round(3),
            t("dash.column.post"): _numbers(gains["mean_post"]).round(3),
            t("dash.column.class_gain"): _numbers(gains["class_gain"]).round(2),
            t("dash.column.learner_gain"): _numbers(gains["mean_learner_gain"]).round(2),
            t("dash.column.d_z"): _numbers(gains["d_z"]).round(2),
            t("dash.column.d_z_low"): _numbers(gains["d_z_low"]).round(2),
            t("dash.column.d_z_high"): _numbers(gains["d_z_high"]).round(2),
            t("dash.column.d_av"): _numbers(gains["d_av"]).round(2),
            t("dash.column.d_av_low"): _numbers(gains["d_av_low"]).round(2),
            t("dash.column.d_av_high"): _numbers(gains["d_av_high"]).round(2),
        }
    )
    st.caption(t("dash.gain_note"))
    table = _noted(ctx, table, list(gains["suppressed"]))
    summary = chart_summaries.gain(visible, t)
    chart_with_table(ctx, figure, table, f"knowledge-gain-{by}", "gain", summary)


def _weekly(ctx: PageContext, weekly: pd.DataFrame, left_out: int) -> None:
    t = ctx.t
    left_out_note(ctx, left_out)
    if weekly.empty:
        st.info(t("dash.no_data"))
        return
    if weekly["suppressed"].all():
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    figure = charts.weekly_activity(weekly[~weekly["suppressed"]], t)
    table = pd.DataFrame(
        {
            t("dash.column.week"): weekly["week"],
            t("dash.column.attempts"): _numbers(weekly["attempts"]),
            t("dash.column.learners"): _numbers(weekly["learners"]),
        }
    )
    table = _noted(ctx, table, list(weekly["suppressed"]))
    summary = chart_summaries.weekly(weekly[~weekly["suppressed"]], t)
    chart_with_table(ctx, figure, table, "weekly-activity", "weekly", summary)


def _items_and_topics(ctx: PageContext, report, quizzes: dict[str, Quiz], names) -> None:
    t = ctx.t
    ids = list(quizzes)
    quiz_column, by_column = st.columns([3, 2])
    quiz_id = quiz_column.selectbox(
        t("report.quiz"),
        ids,
        index=ids.index(_default_quiz(ctx, quizzes)),
        format_func=lambda q: ctx.text(quizzes[q].title),
        key=QUIZ_CHOICE,
    )
    by = by_column.radio(
        t("dash.mastery_by"),
        MASTERY_GROUPINGS,
        format_func=lambda g: t(f"dash.by.{g}"),
        horizontal=True,
        key=MASTERY_BY,
    )
    quiz = quizzes[quiz_id]
    left_out_note(ctx, report.left_out)
    if report.suppressed:
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    if report.analysis.test["n_attempts"] == 0:
        st.info(t("dash.no_data"))
        return
    leaves = graded_leaves(quiz)
    questions = report.analysis.questions
    items = pd.DataFrame(
        {
            "question": [short(ctx.text(leaves[q].prompt), 80) for q in questions.index],
            "facility": questions["facility"],
            "discrimination_index": questions["discrimination_index"],
            "flagged": flagged(questions),
        }
    )
    figure = charts.item_scatter(items, t, LOW_DISCRIMINATION)
    table = pd.DataFrame(
        {
            t("report.column.question"): items["question"],
            t("report.column.facility"): (100 * items["facility"]).round(1),
            t("report.column.discrimination"): items["discrimination_index"].round(3),
            t("report.column.efficiency"): questions["discriminative_efficiency"].round(3),
            t("report.column.check"): items["flagged"].map(lambda f: "⚠" if f else ""),
        }
    )
    st.caption(t("dash.items_note", n=int(report.analysis.test["n_attempts"])))
    summary = chart_summaries.items(items, t)
    chart_with_table(ctx, figure, table, f"items-{quiz_id}", "items", summary)

    st.subheader(t("dash.mastery"))
    mastery = report.mastery
    if mastery.empty:
        st.info(t("dash.no_data"))
        return
    if mastery["suppressed"].all():
        st.info(t("dash.group_suppressed", fewer=fewer_than(ctx)))
        return
    groups = [names[by].get(g, str(g)) for g in mastery["group"]]
    cells = pd.DataFrame({"group": groups, "tag": mastery["tag"], "mastery": mastery["mastery"]})
    figure = charts.share_heatmap(
        cells,
        x="group",
        y="tag",
        value="mastery",
        title=t("chart.mastery.title"),
        x_title=None,
        y_title=None,
        hidden_text=fewer_than(ctx),
    )
    table = pd.DataFrame(
        {
            t(f"dash.by.{by}"): groups,
            t("dash.column.tag"): mastery["tag"],
            t("dash.column.learners"): _numbers(mastery["learners"]),
            t("dash.column.mastery"): (100 * _numbers(mastery["mastery"])).round(1),
        }
    )
    st.caption(t("dash.mastery_note"))
    table = _noted(ctx, table, list(mastery["suppressed"]))
    summary = chart_summaries.shares(cells, "group", "tag", "mastery", t, "summary.mastery")
    chart_with_table(ctx, figure, table, f"tag-mastery-{quiz_id}", "mastery", summary)
