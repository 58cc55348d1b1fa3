"""Report queries on every database: the figures, the attempt choice, access and suppression."""

import math
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import literal, select

from courseware.access import PermissionDenied
from courseware.analytics.item_analysis import item_analysis
from courseware.analytics.knowledge_gain import knowledge_gain
from courseware.content.quiz import load_quiz
from courseware.store.attempts import grant_extra_attempts
from courseware.store.audit import list_audit
from courseware.store.cohorts import (
    join_cohort,
)
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.reports.cohort import cohort_progress
from courseware.store.reports.dashboard import dashboard
from courseware.store.reports.knowledge_gain import knowledge_gain_by
from courseware.store.reports.quiz import answer_counts, item_statistics
from courseware.store.reports.scope import CourseQuizzes, ReportFilters
from courseware.store.reports.surveys import survey_results
from courseware.store.sql_functions import fraction_value, week_start
from tests.databases import RIGHT_ANSWERS, enrolled_learner, final_quiz, survey_quiz
from tests.report_data import take

COURSE = CourseQuizzes(finals=("legal-final",), pretest="pre", posttest="post", survey=None)
WRONG_ARTICLE = {**RIGHT_ANSWERS, "article": "art-350"}
COHORT_A = "cohort_a"


def small_test_yaml(quiz_id: str, kind: str) -> str:
    """A pre- or post-test: two true/false questions worth 1 and 2 points, tagged."""
    return f"""\
id: {quiz_id}
module: course
kind: {kind}
title: {{en: T, sr: T}}
questions:
  - {{id: {quiz_id}-a, type: true_false, prompt: {{en: P, sr: P}}, answer: true, tags: [law-x]}}
  - {{id: {quiz_id}-b, type: true_false, prompt: {{en: P, sr: P}}, answer: true, points: 2, tags: [indicator-y]}}
"""


def small_test(quiz_id: str, kind: str) -> object:
    return load_quiz(small_test_yaml(quiz_id, kind).encode(), f"{quiz_id}.yaml").value


def cohort_of(cast, name=COHORT_A) -> ReportFilters:
    return ReportFilters(cohort_ids=(getattr(cast, name).id,))


@pytest.fixture
def five_in_a(db, cast):
    """Cohort A with five learners: the cast's two and three more."""
    extra = [enrolled_learner(db, f"extra{n}@example.org", cast.cohort_a) for n in range(3)]
    return [cast.learner_a, cast.other_learner_a, *extra]


# SQL that both databases must spell the same way ----------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("7/3", 7 / 3), ("-1/2", -0.5), ("2", 2.0)])
def test_stored_fractions_are_read_as_numbers(db, text, value):
    assert db.read(lambda tx: tx.session.scalar(select(fraction_value(literal(text))))) == (
        pytest.approx(value)
    )


def test_weeks_start_on_monday(db, clock):
    from courseware.store.models import QuizAttempt

    def week_of(moment):
        return db.read(
            lambda tx: tx.session.scalar(
                select(week_start(literal(moment, QuizAttempt.submitted_at.type)))
            )
        )

    sunday = clock.now.replace(day=8, hour=23)  # 2026-03-08 is a Sunday
    assert str(week_of(sunday))[:10] == "2026-03-02"
    assert str(week_of(sunday + timedelta(hours=1)))[:10] == "2026-03-09"


# Item statistics and the attempt choice -----------------------------------------------------


def test_item_statistics_use_the_first_attempt_unless_told_otherwise(db, cast):
    quiz = final_quiz()
    take(db, cast.learner_a, quiz, WRONG_ARTICLE)
    take(db, cast.learner_a, quiz, RIGHT_ANSWERS)
    take(db, cast.other_learner_a, quiz, {"consent": False})
    maxima = {"consent": 1, "article": 1, "days": 1}

    def expected(rows):
        return item_analysis(pd.DataFrame(rows, columns=list(maxima)), maxima).questions

    first = item_statistics(db, cast.trainer_a, cohort_of(cast), quiz)
    pd.testing.assert_frame_equal(
        first.analysis.questions.drop(columns="random_guess"),
        expected([[1, 0, 1], [1, 0, 0]]).drop(columns="random_guess"),
    )
    assert first.analysis.questions.loc["article", "random_guess"] == 0.5
    last = item_statistics(db, cast.trainer_a, cohort_of(cast), quiz, "last")
    assert last.analysis.questions.loc["article", "facility"] == 0.5
    every = item_statistics(db, cast.trainer_a, cohort_of(cast), quiz, "all")
    assert every.analysis.test["n_attempts"] == 3
    highest = item_statistics(db, cast.trainer_a, cohort_of(cast), quiz, "highest")
    assert highest.analysis.test["mean"] == pytest.approx((3 + 1) / 2)
    with pytest.raises(InvalidInput):
        item_statistics(db, cast.trainer_a, cohort_of(cast), quiz, "median")


def test_a_question_the_pool_did_not_show_is_left_out_not_counted_wrong(db, cast):
    text = """\
id: pooled
module: legal-framework
kind: final
title: {en: P, sr: P}
draw: 1
questions:
  - {id: one, type: true_false, prompt: {en: P, sr: P}, answer: true}
  - {id: two, type: true_false, prompt: {en: P, sr: P}, answer: true}
"""
    quiz = load_quiz(text.encode(), "pooled.yaml").value
    for learner in (cast.learner_a, cast.other_learner_a):
        take(db, learner, quiz, {"one": True, "two": True})
    report = item_statistics(db, cast.trainer_a, cohort_of(cast), quiz)
    shown = report.analysis.questions["facility"].dropna()
    # Every shown question was answered right: nothing the pool left out counts as wrong.
    assert list(shown) == [1.0] * len(shown)
    assert math.isnan(report.analysis.test["cic"])


def test_answer_counts_say_which_answer_how_often(db, cast):
    quiz = final_quiz()
    take(db, cast.learner_a, quiz, WRONG_ARTICLE)
    take(db, cast.other_learner_a, quiz, RIGHT_ANSWERS)
    counts = answer_counts(db, cast.trainer_a, cohort_of(cast), quiz.id).counts
    article = counts[counts["question_id"] == "article"].set_index("answer")
    assert article["count"].to_dict() == {"art-350": 1, "art-388": 1}
    assert article["points"].to_dict() == {"art-350": 0.0, "art-388": 1.0}


# Access and suppression ---------------------------------------------------------------------------


def test_a_trainer_cannot_read_another_cohorts_reports(db, cast):
    quiz = final_quiz()
    take(db, cast.learner_b, quiz, RIGHT_ANSWERS)
    other = cohort_of(cast, "cohort_b")
    for report in (
        lambda: item_statistics(db, cast.trainer_a, other, quiz),
        lambda: answer_counts(db, cast.trainer_a, other, quiz.id),
        lambda: cohort_progress(db, cast.trainer_a, cast.cohort_b.id),
        lambda: dashboard(db, cast.trainer_a, other, COURSE),
    ):
        with pytest.raises(PermissionDenied):
            report()
    with pytest.raises(PermissionDenied):
        dashboard(db, cast.learner_a, ReportFilters(), COURSE)
    with pytest.raises(NotFound):
        item_statistics(db, cast.coordinator, ReportFilters(cohort_ids=(9999,)), quiz)


def test_a_coordinator_gets_no_figures_for_a_group_of_three(db, cast):
    quiz, survey = final_quiz(), survey_quiz()
    third = enrolled_learner(db, "third@example.org", cast.cohort_a)
    for learner in (cast.learner_a, cast.other_learner_a, third):
        take(db, learner, quiz, RIGHT_ANSWERS)
        take(db, learner, survey, {"useful": 4, "comments": "Very useful"})
    group = cohort_of(cast)
    items = item_statistics(db, cast.coordinator, group, quiz)
    assert (items.suppressed, items.analysis) == (True, None)
    assert answer_counts(db, cast.coordinator, group, quiz.id).counts.empty
    answers = survey_results(db, cast.coordinator, group, survey)
    assert (answers.suppressed, answers.comments, answers.likert.empty) == (True, [], True)
    figures = dashboard(db, cast.coordinator, group, COURSE)
    assert figures.headline.suppressed and figures.headline.enrolled is None
    assert figures.scores["suppressed"].all() and figures.scores["learners"].isna().all()
    # The trainer, who sees the named learners anyway, gets the figures.
    assert not item_statistics(db, cast.trainer_a, group, quiz).suppressed
    assert survey_results(db, cast.trainer_a, group, survey).comments == ["Very useful"] * 3


def test_small_groups_are_left_out_of_every_figure_beside_the_large_ones(
    db, cast, clock, five_in_a
):
    quiz = final_quiz()
    clock.advance(hours=1)
    for learner in [*five_in_a, cast.learner_b]:
        take(db, learner, quiz, RIGHT_ANSWERS)
    figures = dashboard(db, cast.coordinator, ReportFilters(), COURSE)
    # Cohort B's single learner is in no figure, whichever cohorts are chosen; so A's five
    # can be shown, and the total of everyone is A's: nothing to subtract B from.
    rates = figures.pass_rates.set_index("organisation_id")
    assert rates["learners"].to_dict() == {cast.organisation_a: 5}
    assert not rates["suppressed"].any()
    assert figures.headline.enrolled == 5
    assert figures.left_out == {"headline": 1, "pass_rates": 1, "scores": 1, "weekly": 1}
    only_a = dashboard(db, cast.coordinator, cohort_of(cast), COURSE)
    assert (only_a.headline, only_a.left_out["headline"]) == (figures.headline, 0)
    pd.testing.assert_frame_equal(only_a.pass_rates, figures.pass_rates)
    pd.testing.assert_frame_equal(only_a.scores, figures.scores)
    admin_rates = dashboard(db, cast.admin, ReportFilters(), COURSE).pass_rates
    assert admin_rates.set_index("organisation_id")["learners"].to_dict() == {
        cast.organisation_a: 5,
        cast.organisation_b: 1,
    }


# The dashboard's figures --------------------------------------------------------------------------


def test_the_dashboard_counts_learners_once_and_attempts_by_week(db, cast, clock, five_in_a):
    quiz = final_quiz(max_attempts=3)
    take(db, five_in_a[0], quiz, WRONG_ARTICLE | {"consent": True, "days": 1})
    take(db, five_in_a[0], quiz, RIGHT_ANSWERS)
    take(db, five_in_a[1], quiz, {"consent": False})
    clock.advance(days=7)
    for learner in five_in_a[2:]:
        take(db, learner, quiz, RIGHT_ANSWERS)
    figures = dashboard(db, cast.coordinator, cohort_of(cast), COURSE)
    assert figures.headline.__dict__ == {
        "suppressed": False,
        "enrolled": 5,
        "active": 5,
        "completed": 4,
        "pass_rate": 4 / 5,
        "stuck": 0,
    }
    assert figures.funnel.set_index("stage")["learners"].to_dict() == {
        "enrolled": 5,
        "pre": 0,
        "legal-final": 4,
        "post": 0,
    }
    best = sorted(zip(figures.scores["score"], figures.scores["learners"], strict=True))
    assert best == [(pytest.approx(1 / 3), 1), (1.0, 4)]
    # Two and three learners a week: both weeks are too small to show to a coordinator,
    # so the cohort is left out of them (and of any total they would be part of).
    assert figures.weekly.empty and figures.left_out["weekly"] == 1
    admin_weekly = dashboard(db, cast.admin, cohort_of(cast), COURSE).weekly
    assert list(admin_weekly["attempts"]) == [3, 3]
    assert list(admin_weekly["learners"]) == [2, 3]


def test_stuck_learners_are_out_of_attempts_at_a_final_without_passing(db, cast, clock, five_in_a):
    quiz = final_quiz(max_attempts=2)
    limited = CourseQuizzes(finals=(quiz.id,), attempt_limits=((quiz.id, 2),))
    failing = {"consent": False}
    stuck, retrying, passed_late, granted = five_in_a[:4]
    for learner in (stuck, passed_late, granted):
        take(db, learner, quiz, failing)
    take(db, retrying, quiz, failing)  # one attempt left
    take(db, stuck, quiz, failing)
    take(db, passed_late, quiz, RIGHT_ANSWERS)
    take(db, granted, quiz, failing)
    take(db, five_in_a[4], quiz, RIGHT_ANSWERS)

    def headline(course=limited):
        return dashboard(db, cast.coordinator, cohort_of(cast), course).headline

    clock.advance(hours=1)
    assert headline().stuck == 2
    # The pass rate counts the finals submitted: the stuck learners are in it, failing.
    assert headline().pass_rate == 2 / 5
    grant_extra_attempts(db, cast.trainer_a, granted.user_id, quiz.id, 1, "absence")
    clock.advance(hours=1)
    assert headline().stuck == 1
    # A final without a limit leaves nobody stuck.
    assert headline(CourseQuizzes(finals=(quiz.id,))).stuck == 0


def test_a_learner_who_moved_cohorts_counts_once_in_her_newest(db, cast, five_in_a):
    quiz = final_quiz(max_attempts=3)
    for learner in five_in_a:
        take(db, learner, quiz, RIGHT_ANSWERS)
    moved = five_in_a[0]
    join_cohort(db, moved, cast.cohort_b.invite_code)
    take(db, moved, quiz, RIGHT_ANSWERS)  # again, now in cohort B
    figures = dashboard(db, cast.admin, ReportFilters(), COURSE)
    assert figures.funnel.set_index("stage")["learners"]["legal-final"] == 5
    passed = figures.pass_rates.set_index("organisation_id")["passed"].to_dict()
    assert passed == {cast.organisation_a: 4, cast.organisation_b: 1}


def test_filters_narrow_the_learners_and_the_period(db, cast, clock, five_in_a):
    quiz = final_quiz()
    first_day = clock.now.date()
    take(db, five_in_a[0], quiz, RIGHT_ANSWERS)
    clock.advance(days=3)
    for learner in five_in_a[1:]:
        take(db, learner, quiz, RIGHT_ANSWERS)
    later = ReportFilters(cohort_ids=(cast.cohort_a.id,), start=first_day + timedelta(days=1))
    assert dashboard(db, cast.admin, later, COURSE).headline.completed == 4
    early = ReportFilters(end=first_day)
    assert dashboard(db, cast.admin, early, COURSE).headline.completed == 1
    serbian = ReportFilters(language="sr")
    assert dashboard(db, cast.admin, serbian, COURSE).headline.enrolled == 0
    other = ReportFilters(organisation_ids=(cast.organisation_b,))
    assert dashboard(db, cast.admin, other, COURSE).headline.completed == 0


def test_knowledge_gain_pairs_each_learners_first_pre_and_post_test(db, cast, five_in_a):
    pre, post = small_test("pre", "pretest"), small_test("post", "posttest")
    pre_answers = [{}, {"pre-a": True}, {"pre-b": True}, {}, {"pre-a": True}]
    post_answers = [
        {"post-a": True},
        {"post-a": True, "post-b": True},
        {"post-b": True},
        {"post-b": True},
        {},
    ]
    for learner, before, after in zip(five_in_a, pre_answers, post_answers, strict=True):
        take(db, learner, pre, before)
        take(db, learner, post, after)
    take(db, cast.learner_b, pre, {})  # no post-test: no pair

    gains = knowledge_gain_by(db, cast.coordinator, ReportFilters(), COURSE, "organisation")
    expected = knowledge_gain(np.array([0, 1, 2, 0, 1]) / 3, np.array([1, 3, 2, 2, 0]) / 3)
    overall = gains.set_index("group").loc["all"]
    assert overall["n_pairs"] == 5
    assert overall["class_gain"] == pytest.approx(expected.class_gain)
    assert overall["d_z"] == pytest.approx(expected.d_z)
    assert overall["d_av_low"] == pytest.approx(expected.d_av_interval[0])
    assert gains.set_index("group").loc[cast.organisation_a, "n_pairs"] == 5

    topics = {
        test: {f"{test}-a": ("law", 1.0), f"{test}-b": ("indicator", 2.0)}
        for test in ("pre", "post")
    }
    by_topic = knowledge_gain_by(db, cast.admin, ReportFilters(), COURSE, "topic", topics)
    law = by_topic.set_index("group").loc["law"]
    assert (law["n_pairs"], law["mean_pre"], law["mean_post"]) == (5, 0.4, 0.4)
    indicator = by_topic.set_index("group").loc["indicator"]
    assert (indicator["mean_pre"], indicator["mean_post"]) == (0.2, 0.6)
    with pytest.raises(InvalidInput):
        knowledge_gain_by(db, cast.admin, ReportFilters(), COURSE, "mood")


def test_tag_mastery_is_the_share_of_points_per_tag(db, cast, five_in_a):
    quiz = small_test("post", "posttest")
    for learner, answers in zip(
        five_in_a, [{"post-a": True}, {"post-b": True}, {}, {}, {}], strict=True
    ):
        take(
            db,
            learner,
            quiz,
            answers | {key: False for key in ("post-a", "post-b") if key not in answers},
        )
    report = item_statistics(db, cast.coordinator, ReportFilters(), quiz, mastery_by="organisation")
    mastery = report.mastery.set_index("tag")
    assert mastery.loc["law-x", "mastery"] == pytest.approx(1 / 5)
    assert mastery.loc["indicator-y", "mastery"] == pytest.approx(2 / 10)
    assert mastery.loc["law-x", "learners"] == 5


def test_cohort_progress_lists_every_learner_with_their_best_score(db, cast):
    quiz = final_quiz()
    take(db, cast.learner_a, quiz, WRONG_ARTICLE)
    take(db, cast.learner_a, quiz, RIGHT_ANSWERS)
    progress = cohort_progress(db, cast.trainer_a, cast.cohort_a.id)
    assert sorted(progress.learners["email"]) == ["learner.a2@example.org", "learner.a@example.org"]
    [row] = progress.quizzes.to_dict("records")
    assert (row["attempts"], row["best_score"], row["passed"]) == (2, 1.0, 1)


def test_a_grant_records_its_reason(db, cast):
    grant_extra_attempts(db, cast.trainer_a, cast.learner_a.user_id, "legal-final", 1, "absence")
    [entry] = [e for e in list_audit(db, cast.admin) if e["action"] == "attempt.grant"]
    assert entry["details"]["reason"] == "absence"
    with pytest.raises(InvalidInput):
        grant_extra_attempts(db, cast.trainer_a, cast.learner_a.user_id, "legal-final", 1, "whim")
