"""Many learners at once: every write lands exactly once and no error reaches anyone."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from courseware.access import COMMAND_LINE
from courseware.store import database
from courseware.store.accounts import (
    create_account,
    create_organisation,
)
from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from courseware.store.models import Answer, LessonProgress, QuizAttempt
from courseware.store.progress import mark_lesson_done
from tests.databases import PASSWORD, RIGHT_ANSWERS, actor_of, final_quiz

THREADS = 50


def _learners(db, count):
    organisation = create_organisation(db, COMMAND_LINE, "Atina")
    return [
        actor_of(
            db,
            create_account(
                db,
                COMMAND_LINE,
                email=f"learner{number}@example.org",
                display_name=f"Learner {number}",
                role="learner",
                organisation_id=organisation,
                password=PASSWORD,
            ).user_id,
        )
        for number in range(count)
    ]


def _run_together(work, arguments):
    """Run `work` once per argument, all threads released at the same moment; returns the
    exceptions raised."""
    start = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        start.wait()
        try:
            work(argument)
        except Exception as error:  # every error is a failure of the test, reported below
            errors.append(error)

    with ThreadPoolExecutor(len(arguments)) as pool:
        list(pool.map(run, arguments))
    return errors


def _count(db, model, *where):
    return db.read(
        lambda tx: tx.session.scalar(select(func.count()).select_from(model).where(*where))
    )


def _count_contention(monkeypatch):
    """How often a write met another one and was run again (for the report)."""
    seen = []
    real = database.is_contention

    def counting(error):
        contended = real(error)
        seen.append(contended)
        return contended

    monkeypatch.setattr(database, "is_contention", counting)
    return seen


def test_fifty_learners_answer_and_submit_at_the_same_time(db, monkeypatch):
    learners = _learners(db, THREADS)
    quiz = final_quiz(max_attempts=1)
    retried = _count_contention(monkeypatch)
    writes = []

    def take_quiz(learner):
        attempt = start_attempt(db, learner, quiz)
        save_answer(db, learner, attempt.id, "article", "art-350")  # changed below
        for question_id, answer in RIGHT_ANSWERS.items():
            save_answer(db, learner, attempt.id, question_id, answer)
        first = submit_attempt(db, learner, attempt.id)
        assert submit_attempt(db, learner, attempt.id) == first  # a double click
        mark_lesson_done(db, learner, "legal-framework", "palermo")
        writes.append(7)

    errors = _run_together(take_quiz, learners)

    attempted = sum(writes) + 7 * len(errors)
    stored = {
        "attempts": _count(
            db, QuizAttempt, QuizAttempt.state == "submitted", QuizAttempt.points == 3
        ),
        "answers": _count(db, Answer),
        "lessons": _count(db, LessonProgress),
    }
    print(
        f"\n{db.engine.dialect.name}: {THREADS} threads, {attempted} writes attempted, "
        f"stored {stored}, {len(errors)} errors, {sum(retried)} retried on contention"
    )
    assert errors == []
    assert stored == {"attempts": THREADS, "answers": 3 * THREADS, "lessons": THREADS}


def test_two_tabs_of_each_learner_get_one_attempt_and_one_result(db):
    learners = _learners(db, THREADS // 2)
    quiz = final_quiz(max_attempts=1)
    started, submitted = {}, {}

    def start(learner):
        started.setdefault(learner.user_id, []).append(start_attempt(db, learner, quiz).id)

    def submit(learner):
        [attempt_id, _] = started[learner.user_id]
        result = submit_attempt(db, learner, attempt_id)
        submitted.setdefault(learner.user_id, []).append(result)

    assert _run_together(start, learners * 2) == []
    for learner in learners:
        first, second = started[learner.user_id]
        assert first == second
        for question_id, answer in RIGHT_ANSWERS.items():
            save_answer(db, learner, first, question_id, answer)
    assert _run_together(submit, learners * 2) == []

    assert _count(db, QuizAttempt) == len(learners)
    for first, second in submitted.values():
        assert first == second
        assert first.points == 3
