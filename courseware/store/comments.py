"""Free-text answers to the course evaluation for those who manage a cohort, and hiding one
from the coordinators (who otherwise read every comment of a group of 5 or more, word for
word): by an admin or one of the cohort's trainers, recorded in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from courseware.access import Actor, can_hide_comment, can_manage_cohort, require
from courseware.content.questions.free_text import FreeText
from courseware.content.quiz import Quiz
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.cohorts import (
    get_cohort,
)
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.models import SUBMITTED, Answer, HiddenComment, QuizAttempt
from courseware.store.quiz_versions import quiz_version
from courseware.store.reports.surveys import FREE_TEXT_LIMIT


@dataclass(frozen=True)
class Comment:
    """One written answer, without its author's name."""

    answer_id: int
    text: str
    answered_at: datetime
    hidden: bool


def cohort_comments(db: Database, actor: Actor, cohort_id: int, survey: Quiz) -> list[Comment]:
    """The written answers to `survey` in one cohort, newest first, each saying whether it is
    hidden from coordinators: for the cohort's trainers and admins."""
    text_ids = [leaf.id for leaf in survey.leaves() if isinstance(leaf, FreeText)]

    def work(tx: Transaction) -> list[Comment]:
        require(
            can_manage_cohort(current_actor(tx, actor), cohort_id), "you do not manage this cohort"
        )
        get_cohort(tx, cohort_id)
        rows = tx.session.execute(
            select(Answer.id, Answer.answer, Answer.answered_at, HiddenComment.answer_id)
            .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
            .outerjoin(HiddenComment, HiddenComment.answer_id == Answer.id)
            .where(
                QuizAttempt.cohort_id == cohort_id,
                QuizAttempt.quiz_id == survey.id,
                QuizAttempt.state == SUBMITTED,
                Answer.question_id.in_(text_ids),
            )
            .order_by(Answer.answered_at.desc(), Answer.id.desc())
            .limit(FREE_TEXT_LIMIT)
        )
        return [
            Comment(answer_id, text.strip(), answered_at, hidden is not None)
            for answer_id, text, answered_at, hidden in rows
            if isinstance(text, str) and text.strip()
        ]

    return db.read(work)


def set_comment_hidden(db: Database, actor: Actor, answer_id: int, hidden: bool) -> None:
    """Hide a written survey answer from coordinators, or show it to them again."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        answer = tx.session.get(Answer, answer_id)
        if answer is None:
            raise NotFound("no such answer")
        attempt = tx.session.get(QuizAttempt, answer.attempt_id)
        require(
            can_hide_comment(acting, attempt.cohort_id),
            "only an admin or the cohort's trainer can hide its comments",
        )
        quiz = quiz_version(tx, attempt.content_version)
        leaf = next((leaf for leaf in quiz.leaves() if leaf.id == answer.question_id), None)
        if quiz.kind != "survey" or not isinstance(leaf, FreeText):
            raise InvalidInput("only a written answer to a survey can be hidden")
        shown = tx.session.get(HiddenComment, answer_id) is None
        if hidden == shown:
            if hidden:
                tx.session.add(
                    HiddenComment(answer_id=answer_id, hidden_by=acting.user_id, hidden_at=tx.now)
                )
            else:
                tx.session.execute(
                    delete(HiddenComment).where(HiddenComment.answer_id == answer_id)
                )
            # Ids only: the log keeps no words of the comment.
            action = "comment.hide" if hidden else "comment.show"
            record(tx, acting, action, answer_id=answer_id, cohort_id=attempt.cohort_id)

    db.write(work)
