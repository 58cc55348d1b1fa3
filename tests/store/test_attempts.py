from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from courseware.content.quiz import load_quiz
from courseware.grading import build_layout
from courseware.store.attempts import (
    AttemptClosed,
    NoAttemptsLeft,
    attempts_left,
    get_attempt,
    grant_extra_attempts,
    list_attempts,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.store.errors import InvalidInput
from courseware.store.models import Answer, QuizAttempt
from tests.databases import RIGHT_ANSWERS, final_quiz, survey_quiz
from tests.quiz_files import quiz_from


def _answer_all(db, learner, attempt_id, answers=RIGHT_ANSWERS):
    for question_id, answer in answers.items():
        save_answer(db, learner, attempt_id, question_id, answer)


def test_an_attempt_keeps_the_quiz_its_seed_and_layout(db, cast, clock):
    quiz = final_quiz()
    attempt = start_attempt(db, cast.learner_a, quiz)
    seed = db.read(lambda tx: tx.session.scalar(select(QuizAttempt.seed)))
    assert attempt.state == "in_progress"
    assert attempt.user_id == cast.learner_a.user_id
    assert attempt.quiz == quiz
    assert attempt.content_version == quiz.content_version()
    assert attempt.layout == build_layout(quiz, seed)
    assert attempt.started_at == clock.now
    assert attempt.deadline is None
    assert attempt.answers == {}


def test_starting_again_in_another_tab_continues_the_same_attempt(db, cast):
    first = start_attempt(db, cast.learner_a, final_quiz())
    save_answer(db, cast.learner_a, first.id, "consent", True)
    again = start_attempt(db, cast.learner_a, final_quiz())
    assert again.id == first.id
    assert again.answers == {"consent": True}


def test_saving_an_answer_again_replaces_it(db, cast, clock):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    save_answer(db, cast.learner_a, attempt.id, "article", "art-350")
    clock.advance(minutes=1)
    save_answer(db, cast.learner_a, attempt.id, "article", "art-388")
    rows = db.read(lambda tx: tx.session.execute(select(Answer.answer, Answer.answered_at)).all())
    assert [tuple(row) for row in rows] == [("art-388", clock.now)]


@pytest.mark.parametrize(
    "question_id, answer, message",
    [
        ("article", "art-999", "question 'article': unknown option 'art-999'"),
        ("consent", "yes", "question 'consent': expected true or false"),
        ("days", "ninety", "question 'days': expected a number"),
        ("nonsense", True, "question 'nonsense' is not part of this attempt"),
    ],
)
def test_an_answer_that_does_not_fit_the_question_is_refused(
    db, cast, question_id, answer, message
):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    with pytest.raises(InvalidInput) as refused:
        save_answer(db, cast.learner_a, attempt.id, question_id, answer)
    assert str(refused.value).startswith(message)
    assert get_attempt(db, cast.learner_a, attempt.id).answers == {}


def test_submitting_grades_exactly_on_the_server(db, cast, clock):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    _answer_all(db, cast.learner_a, attempt.id, {"consent": True, "article": "art-388"})
    clock.advance(minutes=5)
    result = submit_attempt(db, cast.learner_a, attempt.id)
    assert (result.state, result.points, result.max_points, result.passed) == (
        "submitted",
        Fraction(1),
        Fraction(3),
        False,
    )
    assert result.question_points == {"consent": 0, "article": 1}
    assert result.submitted_at == clock.now


@pytest.mark.parametrize("days", [90, 90.0, Decimal("90")])
def test_numbers_are_stored_so_that_they_grade_the_same(db, cast, days):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    _answer_all(db, cast.learner_a, attempt.id, RIGHT_ANSWERS | {"days": days})
    result = submit_attempt(db, cast.learner_a, attempt.id)
    assert result.points == result.max_points == 3
    assert result.passed


def test_a_second_submit_returns_the_first_result(db, cast, clock):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    _answer_all(db, cast.learner_a, attempt.id)
    first = submit_attempt(db, cast.learner_a, attempt.id)
    clock.advance(minutes=3)
    second = submit_attempt(db, cast.learner_a, attempt.id)
    assert second == first
    assert second.submitted_at != clock.now


def test_a_submitted_attempt_takes_no_more_answers(db, cast):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    submit_attempt(db, cast.learner_a, attempt.id)
    with pytest.raises(AttemptClosed, match="submitted"):
        save_answer(db, cast.learner_a, attempt.id, "consent", False)
    assert get_attempt(db, cast.learner_a, attempt.id).answers == {}


def test_the_attempt_limit_is_kept_on_the_server(db, cast):
    quiz = final_quiz(max_attempts=2)
    assert attempts_left(db, cast.learner_a, quiz) == 2
    for _ in range(2):
        submit_attempt(db, cast.learner_a, start_attempt(db, cast.learner_a, quiz).id)
    assert attempts_left(db, cast.learner_a, quiz) == 0
    with pytest.raises(NoAttemptsLeft):
        start_attempt(db, cast.learner_a, quiz)
    # Other learners and other quizzes are not affected.
    assert attempts_left(db, cast.other_learner_a, quiz) == 2
    assert start_attempt(db, cast.learner_a, survey_quiz()).state == "in_progress"


def test_a_trainer_can_grant_extra_attempts(db, cast):
    quiz = final_quiz(max_attempts=1)
    submit_attempt(db, cast.learner_a, start_attempt(db, cast.learner_a, quiz).id)
    grant_extra_attempts(db, cast.trainer_a, cast.learner_a.user_id, quiz.id, 2)
    assert attempts_left(db, cast.learner_a, quiz) == 2
    for _ in range(2):
        submit_attempt(db, cast.learner_a, start_attempt(db, cast.learner_a, quiz).id)
    with pytest.raises(NoAttemptsLeft):
        start_attempt(db, cast.learner_a, quiz)
    assert len(list_attempts(db, cast.learner_a, cast.learner_a.user_id, quiz.id)) == 3


def test_an_unlimited_quiz_has_no_count(db, cast):
    assert attempts_left(db, cast.learner_a, final_quiz(max_attempts=None)) is None


def test_granting_needs_a_positive_number(db, cast):
    with pytest.raises(InvalidInput):
        grant_extra_attempts(db, cast.trainer_a, cast.learner_a.user_id, "legal-final", 0)


def test_the_deadline_closes_the_attempt_with_what_was_saved(db, cast, clock):
    quiz = final_quiz(time_limit_minutes=30)
    attempt = start_attempt(db, cast.learner_a, quiz)
    assert attempt.deadline == clock.now + timedelta(minutes=30)
    save_answer(db, cast.learner_a, attempt.id, "consent", False)
    clock.advance(minutes=30)
    with pytest.raises(AttemptClosed, match="time"):
        save_answer(db, cast.learner_a, attempt.id, "article", "art-388")
    clock.advance(hours=2)
    closed = get_attempt(db, cast.trainer_a, attempt.id)
    assert (closed.state, closed.points, closed.submitted_at) == (
        "submitted",
        Fraction(1),
        attempt.deadline,
    )
    assert submit_attempt(db, cast.learner_a, attempt.id) == closed


def test_a_late_submit_counts_what_was_saved_in_time(db, cast, clock):
    attempt = start_attempt(db, cast.learner_a, final_quiz(time_limit_minutes=10))
    _answer_all(db, cast.learner_a, attempt.id)
    clock.advance(minutes=11)
    result = submit_attempt(db, cast.learner_a, attempt.id)
    assert result.points == 3
    assert result.submitted_at == attempt.deadline


def test_starting_after_the_time_is_up_closes_the_old_attempt_first(db, cast, clock):
    quiz = final_quiz(max_attempts=1, time_limit_minutes=10)
    old = start_attempt(db, cast.learner_a, quiz)
    clock.advance(minutes=15)
    with pytest.raises(NoAttemptsLeft):
        start_attempt(db, cast.learner_a, quiz)
    assert get_attempt(db, cast.learner_a, old.id).state == "submitted"


def test_an_attempt_is_graded_on_the_quiz_as_it_was_at_the_start(db, cast):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    _answer_all(db, cast.learner_a, attempt.id)
    changed_data = final_quiz().snapshot()
    changed_data["questions"][0]["answer"] = True
    changed = load_quiz(quiz_from(changed_data), "legal-final.yaml").value
    assert changed.content_version() != attempt.content_version
    assert start_attempt(db, cast.learner_a, changed).id == attempt.id
    assert submit_attempt(db, cast.learner_a, attempt.id).points == 3


def test_a_survey_keeps_its_answers_and_is_never_scored(db, cast):
    attempt = start_attempt(db, cast.learner_a, survey_quiz())
    save_answer(db, cast.learner_a, attempt.id, "useful", 4)
    save_answer(db, cast.learner_a, attempt.id, "comments", "More cases, please.")
    result = submit_attempt(db, cast.learner_a, attempt.id)
    assert (result.points, result.max_points, result.passed) == (None, None, None)
    assert result.answers == {"useful": 4, "comments": "More cases, please."}


def test_a_new_attempt_records_the_learners_cohort(db, cast):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    stored = db.read(
        lambda tx: tx.session.scalar(
            select(QuizAttempt.cohort_id).where(QuizAttempt.id == attempt.id)
        )
    )
    assert stored == cast.cohort_a.id
    assert db.read(lambda tx: tx.session.scalar(select(func.count()).select_from(QuizAttempt))) == 1
