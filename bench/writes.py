"""Concurrency on the database: 50 writers (threads sharing one Database, as the sessions of
one app instance do) each start, answer and submit attempts at a knowledge check; then every
attempt and answer is counted, so a lost or duplicated write shows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import func, select

from bench.measure import Figure, figure, median
from bench.people import cohort_of_learners
from courseware.content.catalog import Catalog
from courseware.content.quiz import Quiz
from courseware.settings import load_settings
from courseware.store import open_database
from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from courseware.store.models import Answer, QuizAttempt

SECTION = "concurrent writes"
WRITERS = 50
ATTEMPTS_EACH = 3


def unlimited_check(catalog: Catalog) -> Quiz:
    return next(q for q in catalog.quizzes.values() if q.kind == "check" and q.max_attempts is None)


def one_run(database_url: str, quiz: Quiz, run: int) -> tuple[float, int, int]:
    """(attempts submitted per second, lost writes, duplicated writes)."""
    settings = load_settings(
        database_url=database_url, password_hash_time_cost=1, password_hash_memory_kib=64
    )
    db = open_database(settings)
    learners = cohort_of_learners(db, f"Writers {run}", WRITERS)
    submitted: list[tuple[int, int]] = []  # (attempt id, answers saved)
    errors: list[BaseException] = []
    start_line = threading.Barrier(WRITERS)

    def writer(actor) -> Callable[[], None]:
        def work() -> None:
            try:
                start_line.wait()
                for _ in range(ATTEMPTS_EACH):
                    attempt = start_attempt(db, actor, quiz)
                    drawn = set(attempt.layout.question_ids)
                    leaves = [
                        leaf
                        for question in quiz.questions
                        if question.id in drawn
                        for leaf in question.leaves()
                    ]
                    for leaf in leaves:
                        save_answer(db, actor, attempt.id, leaf.id, leaf.correct_answer())
                    submit_attempt(db, actor, attempt.id)
                    submitted.append((attempt.id, len(leaves)))
            except BaseException as error:  # counted and reported, never silent
                errors.append(error)

        return work

    threads = [threading.Thread(target=writer(learner.actor)) for learner in learners]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} writers failed; the first: {errors[0]!r}")

    user_ids = [learner.actor.user_id for learner in learners]
    stored_attempts, stored_answers = db.read(
        lambda tx: (
            tx.session.scalar(
                select(func.count())
                .select_from(QuizAttempt)
                .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.state == "submitted")
            ),
            tx.session.scalar(
                select(func.count())
                .select_from(Answer)
                .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
                .where(QuizAttempt.user_id.in_(user_ids))
            ),
        )
    )
    db.dispose()
    expected_attempts = WRITERS * ATTEMPTS_EACH
    expected_answers = sum(answers for _, answers in submitted)
    lost = max(0, expected_attempts - stored_attempts) + max(0, expected_answers - stored_answers)
    duplicated = max(0, stored_attempts - expected_attempts) + max(
        0, stored_answers - expected_answers
    )
    return len(submitted) / seconds, lost, duplicated


def measure(kind: str, database_url: str, catalog: Catalog, runs: int, sqlite: Figure | None):
    quiz = unlimited_check(catalog)
    results = [one_run(database_url, quiz, run) for run in range(runs)]
    per_second = [r[0] for r in results]
    lost, duplicated = sum(r[1] for r in results), sum(r[2] for r in results)
    note = (
        f"{WRITERS} writers × {ATTEMPTS_EACH} attempts at {quiz.id}; "
        f"lost {lost}, duplicated {duplicated} (all runs)"
    )
    if sqlite is not None:
        note += f"; {median(per_second) / sqlite.value:.2f} × SQLite"
    return figure(SECTION, f"attempts submitted per second, {kind}", per_second, "attempts/s", note)
