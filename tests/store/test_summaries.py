"""The report summaries against the raw rows, on every database: random histories of
submissions (finals, tests, the evaluation), extra attempts, moves between cohorts, regrades
and erasures, after each of which every dashboard figure, the knowledge gain, the item
statistics and tag mastery of the quizzes, and the evaluation's answers read from the
summaries equal those computed from the attempts (for an admin and a coordinator, over
several choices of cohorts), and the stored summaries equal a rebuild."""

from __future__ import annotations

import contextlib
import itertools

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from courseware.content.quiz import Quiz, load_quiz
from courseware.store import summaries
from courseware.store.attempts import NoAttemptsLeft, grant_extra_attempts
from courseware.store.cohorts import join_cohort
from courseware.store.privacy import erase_user
from courseware.store.regrade import apply_regrade
from courseware.store.reports.case_paths import case_paths
from courseware.store.reports.dashboard import dashboard
from courseware.store.reports.knowledge_gain import knowledge_gain_by
from courseware.store.reports.quiz_summaries import programme_item_statistics
from courseware.store.reports.scope import CourseQuizzes, ReportFilters
from courseware.store.reports.surveys import survey_results
from tests.databases import RIGHT_ANSWERS, enrolled_learner, final_quiz, survey_quiz
from tests.quiz_files import BRANCHING, quiz_yaml
from tests.report_data import take

FINAL = final_quiz(max_attempts=2)
# The key of one question flipped, and back: regrades that change passes both ways.
FLIPPED = Quiz.from_snapshot(
    FINAL.snapshot()
    | {
        "questions": [
            q | ({"answer": True} if q["id"] == "consent" else {})
            for q in FINAL.snapshot()["questions"]
        ]
    }
)
SURVEY = survey_quiz()
COURSE = CourseQuizzes(
    finals=(FINAL.id,),
    pretest="pre",
    posttest="post",
    survey=SURVEY.id,
    attempt_limits=((FINAL.id, 2),),
)
FINAL_ANSWERS = [RIGHT_ANSWERS, {"consent": True}, {"consent": False}, {}]
# A quiz with a tagged branching case (tests.quiz_files.BRANCHING), and paths through it.
CASE_QUIZ = load_quiz(quiz_yaml(BRANCHING).encode(), "case.yaml").value
CASE_PATHS = [
    ["ask-alone", "call-centre", "involve-guardian"],
    ["ask-alone", "call-centre", "decide-alone"],
    ["call-police", "go-on"],
    ["ask-alone", "let-go"],
    ["ask-alone"],
]
LEARNERS = 7  # per history: the first five in cohort A, the others in cohort B


def small_test(quiz_id: str, kind: str) -> Quiz:
    text = f"""\
id: {quiz_id}
module: course
kind: {kind}
title: {{en: T, sr: T}}
questions:
  - {{id: {quiz_id}-a, type: true_false, prompt: {{en: P, sr: P}}, answer: true}}
"""
    return load_quiz(text.encode(), f"{quiz_id}.yaml").value


TESTS = {"pre": small_test("pre", "pretest"), "post": small_test("post", "posttest")}

# Mostly the first few learners, so that one learner's history gets long: stuck, granted,
# moved, regraded and erased in turn.
learner = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6])
final = st.tuples(st.just("final"), learner, st.integers(0, len(FINAL_ANSWERS) - 1))
operations = st.lists(
    st.one_of(
        final,
        final,
        final,
        st.tuples(st.just("test"), learner, st.sampled_from(sorted(TESTS)), st.booleans()),
        st.tuples(st.just("survey"), learner, st.integers(1, 5)),
        st.tuples(st.just("case"), learner, st.integers(0, len(CASE_PATHS) - 1)),
        st.tuples(st.just("grant"), learner),
        st.tuples(st.just("move"), learner),
        st.tuples(st.just("erase"), learner),
        st.tuples(st.just("regrade"), st.booleans()),
        st.tuples(st.just("week"), st.integers(1, 20)),
    ),
    max_size=40,
)
histories = itertools.count()


def _apply(db, cast, clock, people, operation) -> None:
    kind, *rest = operation
    if kind == "week":
        clock.advance(days=rest[0])
        return
    if kind == "regrade":
        apply_regrade(db, cast.admin, FLIPPED if rest[0] else FINAL, "the key was wrong")
        return
    person = people[rest[0]]
    if person is None:  # erased earlier in this history
        return
    if kind == "final":
        # Out of attempts: the write is refused, and nothing may change.
        with contextlib.suppress(NoAttemptsLeft):
            take(db, person, FINAL, FINAL_ANSWERS[rest[1]])
    elif kind == "test":
        quiz = TESTS[rest[1]]
        take(db, person, quiz, {f"{quiz.id}-a": rest[2]})
    elif kind == "survey":
        take(db, person, SURVEY, {"useful": rest[1], "comments": "Useful"})
    elif kind == "case":
        take(db, person, CASE_QUIZ, {"case-girl": CASE_PATHS[rest[1]]})
    elif kind == "grant":
        grant_extra_attempts(db, cast.admin, person.user_id, FINAL.id, 1, "absence")
    elif kind == "move":
        join_cohort(db, person, cast.cohort_b.invite_code)
    elif kind == "erase":
        erase_user(db, cast.admin, person.user_id)
        people[rest[0]] = None


def _same_figures(db, cast, every_choice: bool = True) -> None:
    choices = [
        ReportFilters(),
        ReportFilters(cohort_ids=(cast.cohort_a.id,)),
        ReportFilters(organisation_ids=(cast.organisation_b,)),
    ]
    actors = (cast.admin, cast.coordinator)
    if not every_choice:
        actors, choices = actors[:1], choices[:1]
    for actor, filters in itertools.product(actors, choices):
        fast = dashboard(db, actor, filters, COURSE)
        reference = dashboard(db, actor, filters, COURSE, from_summaries=False)
        assert fast.headline == reference.headline
        assert fast.left_out == reference.left_out
        for name in ("funnel", "pass_rates", "scores", "weekly"):
            pd.testing.assert_frame_equal(
                getattr(fast, name), getattr(reference, name), check_dtype=False, obj=name
            )
        for by in ("organisation", "cohort"):
            fast_gain = knowledge_gain_by(db, actor, filters, COURSE, by)
            reference_gain = knowledge_gain_by(db, actor, filters, COURSE, by, from_summaries=False)
            pd.testing.assert_frame_equal(fast_gain, reference_gain, check_dtype=False)
            assert fast_gain.attrs == reference_gain.attrs
        if every_choice:
            # At the end of a history only: the cells they are computed from are compared
            # with a rebuild then too, and after every write they would double the time.
            _same_quiz_figures(db, actor, filters)
        fast = survey_results(db, actor, filters, SURVEY)
        reference = survey_results(db, actor, filters, SURVEY, from_summaries=False)
        assert (fast.suppressed, fast.respondents, fast.left_out, fast.comments) == (
            reference.suppressed,
            reference.respondents,
            reference.left_out,
            reference.comments,
        )
        pd.testing.assert_frame_equal(fast.likert, reference.likert, check_dtype=False)


def _same_quiz_figures(db, actor, filters) -> None:
    fast_paths = case_paths(db, actor, filters, CASE_QUIZ)
    reference_paths = case_paths(db, actor, filters, CASE_QUIZ, from_summaries=False)
    _same_paths(fast_paths, reference_paths)
    quizzes = (FINAL, TESTS["post"], CASE_QUIZ)
    for quiz, by in itertools.product(quizzes, ("organisation", "cohort")):
        fast_items = programme_item_statistics(db, actor, filters, quiz, by)
        reference_items = programme_item_statistics(
            db, actor, filters, quiz, by, from_summaries=False
        )
        _same_items(fast_items, reference_items)


def _same_paths(fast, reference) -> None:
    assert (fast.suppressed, fast.learners, fast.left_out) == (
        reference.suppressed,
        reference.learners,
        reference.left_out,
    )
    assert fast.cases.keys() == reference.cases.keys()
    for case_id, analysis in reference.cases.items():
        for name, value in vars(analysis).items():
            mine = getattr(fast.cases[case_id], name)
            if isinstance(value, pd.DataFrame):
                pd.testing.assert_frame_equal(mine, value, obj=name)
            else:
                assert mine == value, name


def _same_items(fast, reference) -> None:
    assert (fast.suppressed, fast.learners, fast.left_out) == (
        reference.suppressed,
        reference.learners,
        reference.left_out,
    )
    if reference.analysis is None:
        assert fast.analysis is None
        return
    pd.testing.assert_frame_equal(fast.analysis.questions, reference.analysis.questions)
    assert pd.Series(fast.analysis.test).equals(pd.Series(reference.analysis.test))
    pd.testing.assert_frame_equal(fast.mastery, reference.mastery, check_dtype=False)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=operations)
# The histories each kind of write must survive, always tried first.
@example(history=[("final", 0, 1), ("final", 0, 2), ("grant", 0), ("final", 0, 3)])
@example(history=[("final", 0, 2), ("final", 1, 0), ("erase", 0), ("regrade", True)])
@example(history=[("final", 0, 1), ("move", 0), ("final", 0, 2), ("regrade", True)])
@example(history=[("test", 0, "pre", True), ("week", 8), ("test", 0, "post", False)])
@example(history=[("survey", 0, 4), ("move", 0), ("survey", 0, 2), ("survey", 5, 1)])
@example(history=[*(("case", n, n % 5) for n in range(7)), ("move", 0), ("case", 0, 2)])
@example(
    history=[
        *(("test", n, test, n % 2 == 0) for n in range(6) for test in ("pre", "post")),
        ("test", 0, "post", False),
        ("move", 1),
        ("test", 1, "pre", False),
        ("erase", 2),
    ]
)
def test_every_dashboard_figure_from_the_summaries_equals_the_raw_rows(db, cast, clock, history):
    # Each history has learners of its own: the database grows over the examples, and the
    # summaries must stay exact through all of them.
    number = next(histories)
    people = [
        enrolled_learner(
            db, f"h{number}.{n}@example.org", cast.cohort_a if n < 5 else cast.cohort_b
        )
        for n in range(LEARNERS)
    ]
    for operation in history:
        _apply(db, cast, clock, people, operation)
        clock.advance(minutes=1)
        # After every write, not only at the end: a later write may hide an earlier error.
        _same_figures(db, cast, every_choice=False)
    _same_figures(db, cast)
    assert db.read(summaries.differences) == []


def test_the_summaries_rebuilt_from_the_raw_rows_are_what_was_kept(db, cast, clock):
    people = [enrolled_learner(db, f"r{n}@example.org", cast.cohort_a) for n in range(5)]
    for person in people:
        take(db, person, FINAL, {"consent": True})
    join_cohort(db, people[0], cast.cohort_b.invite_code)
    take(db, people[0], FINAL, RIGHT_ANSWERS)
    erase_user(db, cast.admin, people[1].user_id)
    kept = db.read(summaries.stored)
    assert kept.spanning == {people[0].user_id}
    db.write(summaries.rebuild)
    assert db.read(summaries.stored) == kept
    assert db.read(summaries.differences) == []


def test_a_difference_is_reported_in_words(db, cast, clock):
    from sqlalchemy import update

    from courseware.store.models import ReportQuizSummary

    for n in range(5):
        take(db, enrolled_learner(db, f"d{n}@example.org", cast.cohort_a), FINAL, RIGHT_ANSWERS)
    assert db.read(summaries.differences) == []
    db.write(lambda tx: tx.session.execute(update(ReportQuizSummary).values(passed=4)))
    assert db.read(summaries.differences) == [
        f"quiz ({cast.cohort_a.id}, 'legal-final') passed: stored 4, attempts give 5"
    ]


def test_concurrent_writers_neither_lose_nor_double_count_an_update(db, cast, clock):
    from tests.store.test_concurrency import THREADS, _run_together

    cohorts = (cast.cohort_a, cast.cohort_b)
    people = [
        enrolled_learner(db, f"c{n}@example.org", cohorts[n % 2]) for n in range(THREADS // 2)
    ]

    def write(task):
        kind, person = task
        if kind == "take":
            # Two failed attempts: stuck, unless the grant running meanwhile came first.
            take(db, person, FINAL, {"consent": True})
            take(db, person, FINAL, {"consent": True})
        else:
            grant_extra_attempts(db, cast.admin, person.user_id, FINAL.id, 1, "absence")

    # Each learner's submissions and a grant to them at the same moment, all learners at once.
    assert _run_together(write, [(kind, p) for p in people for kind in ("take", "grant")]) == []
    clock.advance(minutes=1)
    assert db.read(summaries.differences) == []
    _same_figures(db, cast)
    assert dashboard(db, cast.admin, ReportFilters(), COURSE).headline.stuck == 0
