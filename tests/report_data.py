"""Results to report on, made the way learners make them: through the store's attempts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from courseware.access import Actor
from courseware.content.quiz import Quiz
from courseware.store import Database
from courseware.store.attempts import AttemptView, save_answer, start_attempt, submit_attempt
from courseware.store.cohorts import (
    CohortView,
)
from tests.databases import enrolled_learner


def right_answer(quiz: Quiz, question_id: str) -> Any:
    answer = quiz.leaf(question_id).correct_answer()
    return float(answer) if isinstance(answer, Decimal) else answer


def take(db: Database, learner: Actor, quiz: Quiz, answers: dict[str, Any]) -> AttemptView:
    """Start an attempt, give the answers to the questions it shows, submit it."""
    attempt = start_attempt(db, learner, quiz)
    shown = {
        leaf.id
        for question in quiz.questions
        if question.id in attempt.layout.question_ids
        for leaf in question.leaves()
    }
    for question_id, answer in answers.items():
        if question_id in shown:
            save_answer(db, learner, attempt.id, question_id, answer)
    return submit_attempt(db, learner, attempt.id)


def right_answers(quiz: Quiz, how_many: int | None = None) -> dict[str, Any]:
    """Right answers to the first `how_many` graded questions (all by default)."""
    leaves = [leaf for leaf in quiz.leaves() if leaf.graded]
    return {leaf.id: right_answer(quiz, leaf.id) for leaf in leaves[:how_many]}


def more_learners(db: Database, cohort: CohortView, count: int, prefix: str) -> list[Actor]:
    return [enrolled_learner(db, f"{prefix}{n}@example.org", cohort) for n in range(count)]
