"""The path analysis of a branching case on a cohort built in a real database: eight
learners of cohort A walk the test case (tests.quiz_files.BRANCHING) along known paths, and
three of cohort B, too few for a coordinator to see."""

from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal

from courseware.access import PermissionDenied
from courseware.content.quiz import load_quiz
from courseware.store.reports.case_paths import case_paths
from courseware.store.reports.quiz import item_statistics
from courseware.store.reports.scope import ReportFilters
from tests.quiz_files import BRANCHING, quiz_yaml
from tests.report_data import more_learners, take

CASE = "case-girl"
FULL = ["ask-alone", "call-centre", "involve-guardian"]
# Cohort A's eight paths: two to full credit, one wrong turn at the last step, three who
# call the police first, one who lets her go, one who stopped after the first choice.
COHORT_A = [
    FULL,
    FULL,
    ["ask-alone", "call-centre", "decide-alone"],
    ["call-police", "go-on"],
    ["call-police", "go-on"],
    ["call-police", "go-on"],
    ["ask-alone", "let-go"],
    ["ask-alone"],
]
COHORT_B = [FULL, ["call-police", "go-on"], ["call-police", "go-on"]]


@pytest.fixture
def case_quiz():
    return load_quiz(quiz_yaml(BRANCHING).encode(), "sample.yaml").value


@pytest.fixture
def walked(db, cast, case_quiz):
    """Both cohorts' paths, each learner's one attempt submitted."""
    cohort_a = [cast.learner_a, cast.other_learner_a, *more_learners(db, cast.cohort_a, 6, "a")]
    cohort_b = [cast.learner_b, *more_learners(db, cast.cohort_b, 2, "b")]
    for learners, paths in ((cohort_a, COHORT_A), (cohort_b, COHORT_B)):
        for learner, path in zip(learners, paths, strict=True):
            take(db, learner, case_quiz, {CASE: path})
    return case_quiz


def records(table):
    return [tuple(row) for row in table.itertuples(index=False)]


def test_a_trainer_sees_the_endings_choices_and_flows_of_her_cohort(db, cast, walked):
    report = case_paths(db, cast.trainer_a, ReportFilters(cohort_ids=(cast.cohort_a.id,)), walked)
    assert (report.suppressed, report.learners, report.left_out) == (False, 8, 0)
    paths = report.cases[CASE]
    assert paths.answers == 8
    assert records(paths.endings[["ending", "count", "share"]]) == [
        ("referred", 2, 0.25),
        ("partial", 4, 0.5),
        ("lost", 1, 0.125),
        ("", 1, 0.125),  # not finished
    ]
    assert records(paths.choices[["step", "choice", "recommended", "count"]]) == [
        ("meet", "ask-alone", True, 5),
        ("meet", "call-police", False, 3),
        ("safety", "call-centre", True, 3),
        ("safety", "let-go", False, 1),
        ("centre", "involve-guardian", True, 2),
        ("centre", "decide-alone", False, 1),
        ("police-first", "go-on", True, 3),  # a plain continuation
    ]
    # The Sankey's flows: one per choice taken, the recommended path marked.
    assert records(paths.links) == [
        ("meet", "safety", "ask-alone", True, 5),
        ("meet", "police-first", "call-police", False, 3),
        ("safety", "centre", "call-centre", True, 3),
        ("safety", "lost", "let-go", False, 1),
        ("centre", "referred", "involve-guardian", True, 2),
        ("centre", "partial", "decide-alone", False, 1),
        ("police-first", "partial", "go-on", False, 3),
    ]
    # Three leave the recommended path at the first step, one at each of the next two.
    failure = paths.failure
    assert (failure.step, failure.choice, failure.recommended) == (
        "meet",
        "call-police",
        "ask-alone",
    )
    assert (failure.count, failure.reached, failure.left, failure.share) == (3, 8, 3, 0.375)


def test_a_coordinator_never_sees_a_small_cohort_whichever_cohorts_are_chosen(db, cast, walked):
    everyone = case_paths(db, cast.coordinator, ReportFilters(), walked)
    only_a = case_paths(db, cast.coordinator, ReportFilters(cohort_ids=(cast.cohort_a.id,)), walked)
    # Cohort B (three learners) is left out: the programme's figures are cohort A's alone,
    # so choosing cohorts A and B or A alone tells nothing about B.
    assert (everyone.suppressed, everyone.learners, everyone.left_out) == (False, 8, 1)
    assert (only_a.learners, only_a.left_out) == (8, 0)
    for part in ("endings", "choices", "links"):
        assert_frame_equal(getattr(everyone.cases[CASE], part), getattr(only_a.cases[CASE], part))
    only_b = case_paths(db, cast.coordinator, ReportFilters(cohort_ids=(cast.cohort_b.id,)), walked)
    assert (only_b.suppressed, only_b.cases, only_b.left_out) == (True, {}, 1)
    # An admin sees every group: all eleven paths.
    assert case_paths(db, cast.admin, ReportFilters(), walked).cases[CASE].answers == 11


def test_a_trainer_may_not_read_another_cohorts_paths(db, cast, walked):
    with pytest.raises(PermissionDenied):
        case_paths(db, cast.trainer_a, ReportFilters(cohort_ids=(cast.cohort_b.id,)), walked)


def test_decisions_and_endings_feed_tag_mastery(db, cast, walked):
    # `ask-alone` (recommended at the first step) is tagged indicator-restricted-movement:
    # five of eight took it. The ending `referred` (credit 1) is tagged referral-cptv: the
    # two who reached it earned it in full.
    report = item_statistics(
        db,
        cast.trainer_a,
        ReportFilters(cohort_ids=(cast.cohort_a.id,)),
        walked,
        mastery_by="cohort",
    )
    mastery = report.mastery.set_index("tag")
    assert mastery.loc["indicator-restricted-movement", ["earned", "possible"]].tolist() == [5, 8]
    assert mastery.loc["referral-cptv", ["earned", "possible"]].tolist() == [2, 2]
    assert mastery.loc["indicator-restricted-movement", "learners"] == 8


def test_a_quiz_without_a_case_has_no_paths(db, cast):
    from tests.databases import final_quiz

    report = case_paths(db, cast.trainer_a, ReportFilters(), final_quiz())
    assert (report.suppressed, report.cases) == (False, {})
