"""Paper attempts in the store: recorded from the grid as typed, graded by the same engine,
refused with nothing written when anything does not fit, and counted like online attempts."""

import re
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import func, select

from courseware.access import PermissionDenied
from courseware.content.quiz import load_quiz
from courseware.i18n import Translator
from courseware.paper.grid import grid_text
from courseware.paper.variants import (
    VariantCode,
    variant_code,
    variant_layout,
    variant_questions,
    variant_seed,
)
from courseware.store.attempts import get_attempt, list_attempts
from courseware.store.audit import list_audit
from courseware.store.certificates import issue_certificate
from courseware.store.cohorts import (
    create_cohort,
)
from courseware.store.errors import InvalidInput
from courseware.store.models import Answer, QuizAttempt
from courseware.store.paper import (
    PaperSheet,
    import_paper_results,
    record_paper_attempt,
    register_print,
)
from courseware.store.reports.cohort import cohort_progress
from courseware.store.reports.dashboard import dashboard
from courseware.store.reports.knowledge_gain import knowledge_gain_by
from courseware.store.reports.scope import CourseQuizzes, ReportFilters
from tests.databases import RIGHT_ANSWERS, enrolled_learner, final_quiz
from tests.report_data import take

EN = Translator("en")


def course_test(quiz_id: str, kind: str):
    text = f"""\
id: {quiz_id}
module: course
kind: {kind}
title: {{en: T, sr: T}}
shuffle_questions: true
questions:
  - {{id: {quiz_id}-a, type: true_false, prompt: {{en: P, sr: P}}, answer: true}}
  - {{id: {quiz_id}-b, type: true_false, prompt: {{en: P, sr: P}}, answer: false, points: 2}}
  - {{id: {quiz_id}-c, type: single_choice, prompt: {{en: P, sr: P}}, options: [{{id: x, text: X, correct: true}}, {{id: y, text: Y}}]}}
"""
    return load_quiz(text.encode(), f"{quiz_id}.yaml").value


FINAL = final_quiz(max_attempts=2)
PRE, POST = course_test("pre", "pretest"), course_test("post", "posttest")
QUIZZES = {quiz.id: quiz for quiz in (FINAL, PRE, POST)}
COURSE = CourseQuizzes(finals=(FINAL.id,), pretest="pre", posttest="post")


def typed(quiz, number: int, answers: dict) -> dict[int, str]:
    """The grid of variant `number` filled in with `answers` (question id to answer)."""
    questions = variant_questions(quiz, number)
    return {
        q.number: grid_text(q, answers[q.leaf.id], EN) for q in questions if q.leaf.id in answers
    }


def code(quiz, number: int = 1) -> str:
    return str(variant_code(quiz, number))


def attempts_count(db) -> tuple[int, int]:
    def work(tx):
        return (
            tx.session.scalar(select(func.count()).select_from(QuizAttempt)),
            tx.session.scalar(select(func.count()).select_from(Answer)),
        )

    return db.read(work)


def test_a_trainer_records_a_paper_and_it_is_graded_by_the_same_engine(db, cast):
    sheet = PaperSheet(cast.learner_a.user_id, code(FINAL, 3), typed(FINAL, 3, RIGHT_ANSWERS))
    summary = record_paper_attempt(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, sheet)
    assert (summary.source, summary.state, summary.passed) == ("paper", "submitted", True)
    assert summary.points == summary.max_points == 3
    view = get_attempt(db, cast.learner_a, summary.id)
    assert view.layout == variant_layout(FINAL, 3)
    assert view.answers == {"consent": False, "article": "art-388", "days": 90}
    seed = db.read(lambda tx: tx.session.get(QuizAttempt, summary.id).seed)
    assert seed == variant_seed(FINAL.content_version(), 3)
    # The learner sees it among her attempts, marked as a paper one.
    assert [a.source for a in list_attempts(db, cast.learner_a, cast.learner_a.user_id)] == [
        "paper"
    ]
    entry = list_audit(db, cast.admin)[0]
    assert entry["action"] == "paper.record"
    assert entry["actor_id"] == cast.trainer_a.user_id
    assert entry["target_user_id"] == cast.learner_a.user_id
    assert entry["at"] == db.now()
    assert entry["details"]["variant"] == code(FINAL, 3)


def test_a_wrong_answer_scores_as_it_would_online(db, cast):
    answers = {**RIGHT_ANSWERS, "article": "art-350", "days": Decimal("91")}
    sheet = PaperSheet(cast.learner_a.user_id, code(FINAL), typed(FINAL, 1, answers))
    summary = record_paper_attempt(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, sheet)
    online = take(db, cast.other_learner_a, FINAL, {**answers, "days": 91})
    assert (summary.points, summary.passed) == (online.points, online.passed) == (1, False)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: "F", 2: "C", 3: "90"}, "question 2: 'C': 'C' is not one of the letters A–B"),
        ({1: "maybe", 2: "A"}, "question 1: 'maybe': write T (true) or F (false)"),
        ({1: "F", 2: "A", 3: "ninety"}, "question 3: 'ninety': write a number"),
        ({7: "A"}, "question 7 is not on this paper (it has 3)"),
    ],
)
def test_a_typo_is_refused_naming_the_question_and_nothing_is_written(db, cast, answers, message):
    before = attempts_count(db)
    sheet = PaperSheet(cast.learner_a.user_id, code(FINAL), answers)
    with pytest.raises(InvalidInput, match=re.escape(message)):
        record_paper_attempt(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, sheet)
    assert attempts_count(db) == before


@pytest.mark.parametrize(
    ("variant", "message"),
    [
        ("nonsense", "is not a variant code"),
        (str(VariantCode("ABCDEF", 1)), "no quiz was printed with the variant code"),
    ],
)
def test_an_unknown_or_mistyped_variant_code_is_refused(db, cast, variant, message):
    good = code(FINAL, 1)
    mistyped = good[:-1] + ("A" if good[-1] != "A" else "C")
    for text in (variant, mistyped):
        with pytest.raises(InvalidInput, match=message if text == variant else "mistyped"):
            record_paper_attempt(
                db,
                cast.trainer_a,
                cast.cohort_a.id,
                QUIZZES,
                PaperSheet(cast.learner_a.user_id, text, {}),
            )


def test_only_the_cohorts_trainers_and_admins_record_papers(db, cast):
    sheet = PaperSheet(cast.learner_a.user_id, code(FINAL), {1: "F"})
    for outsider in (cast.trainer_b, cast.coordinator, cast.learner_a):
        with pytest.raises(PermissionDenied):
            record_paper_attempt(db, outsider, cast.cohort_a.id, QUIZZES, sheet)
    record_paper_attempt(db, cast.admin, cast.cohort_a.id, QUIZZES, sheet)
    # A learner of another cohort cannot be recorded through this one.
    elsewhere = PaperSheet(cast.learner_b.user_id, code(FINAL), {1: "F"})
    with pytest.raises(InvalidInput, match="not in the cohort"):
        record_paper_attempt(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, elsewhere)


def test_the_same_paper_twice_and_papers_beyond_the_attempt_limit_are_refused(db, cast):
    learner = cast.learner_a.user_id
    record_paper_attempt(
        db, cast.trainer_a, cast.cohort_a.id, QUIZZES, PaperSheet(learner, code(FINAL, 1), {})
    )
    with pytest.raises(InvalidInput, match="already recorded"):
        record_paper_attempt(
            db, cast.trainer_a, cast.cohort_a.id, QUIZZES, PaperSheet(learner, code(FINAL, 1), {})
        )
    record_paper_attempt(
        db, cast.trainer_a, cast.cohort_a.id, QUIZZES, PaperSheet(learner, code(FINAL, 2), {})
    )
    with pytest.raises(InvalidInput, match="no attempts left"):
        record_paper_attempt(
            db, cast.trainer_a, cast.cohort_a.id, QUIZZES, PaperSheet(learner, code(FINAL, 3), {})
        )


def csv_of(*rows: str) -> str:
    return "email,variant,1,2,3,date\n" + "\n".join(rows) + "\n"


def test_a_csv_import_records_every_good_line_in_one_go(db, cast):
    grid = typed(FINAL, 2, RIGHT_ANSWERS)
    text = csv_of(
        f"learner.a@example.org,{code(FINAL, 2)},{grid[1]},{grid[2]},{grid[3]},2026-02-27",
        f"LEARNER.A2@example.org,{code(FINAL, 1).lower()},T,,,",
    )
    result = import_paper_results(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, text)
    assert result.rejected == []
    assert [(a.user_id, a.passed, a.source) for a in result.recorded] == [
        (cast.learner_a.user_id, True, "paper"),
        (cast.other_learner_a.user_id, False, "paper"),
    ]
    assert str(result.recorded[0].submitted_at)[:16] == "2026-02-27 12:00"
    actions = [entry["action"] for entry in list_audit(db, cast.admin)]
    assert actions[:3] == ["paper.import", "paper.record", "paper.record"]


def test_a_csv_with_bad_lines_is_reported_by_line_and_nothing_is_written(db, cast):
    before = attempts_count(db)
    text = csv_of(
        f"learner.a@example.org,{code(FINAL, 2)},F,A,90,",
        "",
        f"nobody@example.org,{code(FINAL, 2)},F,A,90,",
        f"learner.a2@example.org,{code(FINAL, 1)},F,Z,90,",
        f"learner.b@example.org,{code(FINAL, 1)},F,A,90,",
        f"learner.a2@example.org,{code(FINAL, 4)},F,A,90,31.2.2026.",
        f"learner.a@example.org,{code(FINAL, 2)},F,A,90,",
    )
    result = import_paper_results(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, text)
    assert result.recorded == []
    assert [(line.line, line.message) for line in result.rejected] == [
        (4, "no account has the email nobody@example.org"),
        (5, "question 2: 'Z': 'Z' is not one of the letters A–B"),
        (6, "this learner is not in the cohort"),
        (7, "'31.2.2026.' is not a date (write it as 2026-03-02 or 2.3.2026.)"),
        (8, f"the paper {code(FINAL, 2)} of this learner is already recorded"),
    ]
    assert attempts_count(db) == before


def test_a_csv_without_the_right_header_is_refused(db, cast):
    result = import_paper_results(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, "mail;code\n")
    assert [line.line for line in result.rejected] == [1]
    assert "email" in result.rejected[0].message


def test_a_csv_over_the_size_limit_is_refused_before_any_line_is_read(db, cast):
    """The whole file is one write transaction: a file of Streamlit's 200 MB upload limit
    would hold up every learner's answers while it ran."""
    from courseware.paper.results import MAX_RESULTS_CHARACTERS

    line = f"learner.a@example.org,{code(FINAL, 2)},F,A,90,\n"
    text = csv_of() + line * (MAX_RESULTS_CHARACTERS // len(line) + 1)
    before = attempts_count(db)
    result = import_paper_results(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, text)
    assert result.recorded == []
    assert [(r.line, r.message) for r in result.rejected] == [
        (
            1,
            f"the file has {len(text):,} characters; the limit is 1,048,576: split it into "
            "several files",
        )
    ]
    assert attempts_count(db) == before


def test_printing_keeps_the_version_so_papers_can_be_recorded_after_a_correction(db, cast):
    register_print(db, cast.trainer_a, cast.cohort_a.id, FINAL, [1, 2])
    corrected = final_quiz(max_attempts=3)  # a changed file: another version
    assert corrected.content_version() != FINAL.content_version()
    sheet = PaperSheet(cast.learner_a.user_id, code(FINAL, 2), typed(FINAL, 2, RIGHT_ANSWERS))
    summary = record_paper_attempt(
        db, cast.trainer_a, cast.cohort_a.id, {FINAL.id: corrected}, sheet
    )
    assert summary.content_version == FINAL.content_version()
    assert summary.passed
    assert [e["action"] for e in list_audit(db, cast.admin)[:2]] == ["paper.record", "paper.print"]
    with pytest.raises(PermissionDenied):
        register_print(db, cast.trainer_b, cast.cohort_a.id, FINAL, [1])


# A paper attempt counts exactly like an online one ----------------------------------------------

ANSWERS = [
    ({"pre-a": True, "pre-b": True}, {"consent": True}, {"post-a": True, "post-b": False}),
    ({"pre-a": False}, RIGHT_ANSWERS, {"post-a": True, "post-b": False, "post-c": "x"}),
    ({}, {**RIGHT_ANSWERS, "days": 12}, {"post-b": False}),
    ({"pre-c": "x"}, RIGHT_ANSWERS, {"post-a": True, "post-c": "x"}),
    ({"pre-a": True, "pre-b": False, "pre-c": "y"}, {"article": "art-388"}, {}),
]


def test_a_paper_attempt_moves_every_report_exactly_like_an_online_one(db, cast):
    """Two cohorts of five learners answer alike, one online and one on paper: every report
    figure of the two cohorts is the same, and certificates are earned alike."""
    cohorts = {
        source: create_cohort(
            db, cast.trainer_a, name=f"{source} group", organisation_id=cast.organisation_a
        )
        for source in ("online", "paper")
    }
    learners = {
        source: [enrolled_learner(db, f"{source}{n}@example.org", cohort) for n in range(5)]
        for source, cohort in cohorts.items()
    }
    for index, answers in enumerate(ANSWERS):
        for quiz, given in zip((PRE, FINAL, POST), answers, strict=True):
            take(db, learners["online"][index], quiz, given)
            paper = PaperSheet(
                learners["paper"][index].user_id,
                code(quiz, 5 + index),
                typed(quiz, 5 + index, given),
            )
            record_paper_attempt(db, cast.trainer_a, cohorts["paper"].id, QUIZZES, paper)

    def figures(source):
        scope = ReportFilters(cohort_ids=(cohorts[source].id,))
        board = dashboard(db, cast.admin, scope, COURSE)
        gain = knowledge_gain_by(db, cast.admin, scope, COURSE, "organisation")
        progress = cohort_progress(db, cast.trainer_a, cohorts[source].id)
        return board, gain, progress

    online, paper = figures("online"), figures("paper")
    assert online[0].headline == paper[0].headline
    assert online[0].headline.completed == 3
    for table in ("funnel", "pass_rates", "scores", "weekly"):
        pd.testing.assert_frame_equal(
            getattr(online[0], table).reset_index(drop=True),
            getattr(paper[0], table).reset_index(drop=True),
        )
    pd.testing.assert_frame_equal(online[1], paper[1])
    columns = [c for c in online[2].quizzes.columns if c not in ("user_id", "attempt_id")]
    pd.testing.assert_frame_equal(
        online[2].quizzes[columns].reset_index(drop=True),
        paper[2].quizzes[columns].reset_index(drop=True),
    )
    for source in ("online", "paper"):
        earned = issue_certificate(db, learners[source][1], [FINAL.id])
        assert earned.serial
