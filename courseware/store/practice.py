"""Spaced practice in the database (docs/followup.md): a learner's sets, made the first time
they are due and looked at, and kept; the answers, saved as given; each item scored when
the learner checks it, by the grading engine against the quiz version it was drawn from.

Nothing here touches quiz attempts: a practice set counts in no certificate, no result and
no report. Only its learner reads or answers it (`access.can_practise`)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from courseware.access import Actor, can_practise, is_person, require
from courseware.content.course import PracticePlan
from courseware.content.questions import AnswerError, Question
from courseware.content.quiz import Quiz
from courseware.grading import score_quiz, shown_leaf_ids
from courseware.practice import (
    MEASURED_KINDS,
    Item,
    SetStatus,
    TagPoint,
    TagScores,
    add_scores,
    attempts_tag_scores,
    choose_set,
    pool,
    schedule,
    tag_history,
    tag_scores,
)
from courseware.store.actors import current_actor
from courseware.store.attempts import keep_answer
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.followup import certified_at, finished_sets
from courseware.store.models import (
    SUBMITTED,
    Answer,
    Certificate,
    PracticeAnswer,
    PracticeItem,
    PracticeSet,
    QuizAttempt,
)
from courseware.store.quiz_versions import keep_version, quiz_version


class ItemChecked(InvalidInput):
    """An answer to an item already checked: its feedback is shown, the answer stays."""


@dataclass(frozen=True)
class LearnerPractice:
    today: date
    sets: list[SetStatus]
    # The id of each set made so far, by number.
    made: dict[int, int]

    def next_due(self) -> int | None:
        """The id of the first set due and not finished."""
        return next((self.made[s.number] for s in self.sets if s.due(self.today)), None)


@dataclass(frozen=True)
class PracticeItemView:
    position: int
    quiz: Quiz
    question: Question
    answers: dict[str, Any]
    points: Fraction | None
    max_points: Fraction | None
    # Per answerable question of the item, once checked.
    question_points: dict[str, Fraction]
    checked: bool


@dataclass(frozen=True)
class PracticeSetView:
    number: int
    due_on: date
    finished_at: datetime | None
    items: list[PracticeItemView]


def _scores_at_the_end(tx: Transaction, user_id: int) -> TagScores:
    """Per tag, the learner's points in their last submitted attempt at each final and at
    the post-test (where the course left them)."""
    attempts = tx.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.state == SUBMITTED)
        .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
    ).all()
    last: dict[str, QuizAttempt] = {}
    for attempt in attempts:
        quiz = quiz_version(tx, attempt.content_version)
        if quiz.kind in MEASURED_KINDS:
            last[attempt.quiz_id] = attempt
    measured = []
    for attempt in last.values():
        quiz = quiz_version(tx, attempt.content_version)
        points = dict(
            tx.session.execute(
                select(Answer.question_id, Answer.points).where(Answer.attempt_id == attempt.id)
            ).all()
        )
        shown = shown_leaf_ids(quiz, attempt.layout["question_ids"])
        measured.append((quiz, {q: p for q, p in points.items() if p is not None}, shown))
    return attempts_tag_scores(measured)


def _items(tx: Transaction, set_id: int) -> list[PracticeItem]:
    return list(
        tx.session.scalars(
            select(PracticeItem)
            .where(PracticeItem.set_id == set_id)
            .order_by(PracticeItem.position)
        )
    )


def _make(
    tx: Transaction,
    user_id: int,
    status: SetStatus,
    items: list[Item],
    quizzes: Mapping[str, Quiz],
    seed: int,
) -> PracticeSet:
    practice_set = PracticeSet(
        user_id=user_id, number=status.number, due_on=status.due_on, seed=seed, made_at=tx.now
    )
    tx.session.add(practice_set)
    tx.session.flush()
    for position, item in enumerate(items):
        keep_version(tx, quizzes[item.quiz_id])
        tx.session.add(
            PracticeItem(
                set_id=practice_set.id,
                position=position,
                quiz_id=item.quiz_id,
                question_id=item.question_id,
                content_version=item.content_version,
            )
        )
    tx.session.flush()
    return practice_set


def my_practice(
    db: Database, actor: Actor, plan: PracticePlan | None, quizzes: Mapping[str, Quiz]
) -> LearnerPractice | None:
    """The acting learner's practice sets and when each is due, making (and keeping) every
    set due by now that is not made yet, in order, each drawn without the items of the one
    before. None before the certificate, or for a course without practice. Most looks make
    nothing: they only read, and a write transaction is opened when a set is to be made."""

    class ToMake(Exception):
        """A read found a set to make."""

    def work(tx: Transaction, writing: bool) -> LearnerPractice | None:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        certified = certified_at(tx, Certificate.user_id == acting.user_id)
        if plan is None or acting.user_id not in certified:
            return None
        user_id = acting.user_id
        statuses = schedule(
            plan, certified[user_id].date(), finished_sets(tx, [user_id]).get(user_id, ())
        )
        made = {
            row.number: row
            for row in tx.session.scalars(select(PracticeSet).where(PracticeSet.user_id == user_id))
        }
        previous: list[Item] = []
        # Read once, and only when a set is to be made (most looks make none).
        drawing: tuple[list, TagScores] | None = None
        for status in statuses:
            if status.due_on > tx.now.date():
                break
            if status.number not in made:
                if not writing:
                    raise ToMake
                drawing = drawing or (pool(quizzes.values()), _scores_at_the_end(tx, user_id))
                seed = secrets.randbits(63)
                items = choose_set(*drawing, previous, plan.questions, seed)
                made[status.number] = _make(tx, user_id, status, items, quizzes, seed)
            previous = [
                Item(i.quiz_id, i.question_id, i.content_version)
                for i in _items(tx, made[status.number].id)
            ]
        return LearnerPractice(
            tx.now.date(), statuses, {number: row.id for number, row in made.items()}
        )

    try:
        return db.read(lambda tx: work(tx, writing=False))
    except ToMake:
        return db.write(lambda tx: work(tx, writing=True))


def _own_set(tx: Transaction, actor: Actor, set_id: int) -> PracticeSet:
    acting = current_actor(tx, actor)
    row = tx.session.get(PracticeSet, set_id)
    if row is None:
        raise NotFound("no such practice set")
    require(can_practise(acting, row.user_id), "this is not your practice set")
    return row


def _item_view(tx: Transaction, item: PracticeItem) -> PracticeItemView:
    quiz = quiz_version(tx, item.content_version)
    question = next(q for q in quiz.questions if q.id == item.question_id)
    answers = dict(
        tx.session.execute(
            select(PracticeAnswer.question_id, PracticeAnswer.answer).where(
                PracticeAnswer.item_id == item.id
            )
        ).all()
    )
    checked = item.checked_at is not None
    points = _score(quiz, question, answers).question_points if checked else {}
    return PracticeItemView(
        item.position, quiz, question, answers, item.points, item.max_points, points, checked
    )


def _score(quiz: Quiz, question: Question, answers: dict[str, Any]):
    given = {leaf.id: answers.get(leaf.id) for leaf in question.leaves()}
    return score_quiz(quiz, given, [question.id])


def practice_set(db: Database, actor: Actor, set_id: int) -> PracticeSetView:
    """One of the acting learner's sets (made by `my_practice` once due)."""

    def work(tx: Transaction) -> PracticeSetView:
        row = _own_set(tx, actor, set_id)
        return PracticeSetView(
            row.number,
            row.due_on,
            row.finished_at,
            [_item_view(tx, item) for item in _items(tx, row.id)],
        )

    return db.read(work)


def _item(tx: Transaction, row: PracticeSet, position: int) -> PracticeItem:
    item = tx.session.scalar(
        select(PracticeItem)
        .where(PracticeItem.set_id == row.id, PracticeItem.position == position)
        .with_for_update()
    )
    if item is None:
        raise NotFound(f"practice set {row.number} has no item {position + 1}")
    return item


def save_practice_answer(
    db: Database, actor: Actor, set_id: int, position: int, question_id: str, answer: Any
) -> None:
    """Store (or replace) the answer to one question of an item not checked yet."""

    def work(tx: Transaction) -> None:
        item = _item(tx, _own_set(tx, actor, set_id), position)
        if item.checked_at is not None:
            raise ItemChecked("this question has been checked; its answer stays as it was")
        quiz = quiz_version(tx, item.content_version)
        question = next(q for q in quiz.questions if q.id == item.question_id)
        leaf = next((leaf for leaf in question.leaves() if leaf.id == question_id), None)
        if leaf is None:
            raise InvalidInput(f"question '{question_id}' is not in this practice item")
        try:
            checked = leaf.check_answer(answer)
        except AnswerError as error:
            raise InvalidInput(f"question '{question_id}': {error}") from None
        keep_answer(tx, PracticeAnswer.item_id, item.id, question_id, checked)

    db.write(work)


def check_practice_item(db: Database, actor: Actor, set_id: int, position: int) -> None:
    """Score an item on its saved answers and keep the score; the set is finished once
    every item is checked. Checking again changes nothing."""

    def work(tx: Transaction) -> None:
        row = _own_set(tx, actor, set_id)
        item = _item(tx, row, position)
        if item.checked_at is not None:
            return
        view = _item_view(tx, item)
        result = _score(view.quiz, view.question, view.answers)
        item.points, item.max_points, item.checked_at = result.points, result.max_points, tx.now
        tx.session.flush()
        if all(other.checked_at is not None for other in _items(tx, row.id)):
            row.finished_at = tx.now

    db.write(work)


def my_tag_history(db: Database, actor: Actor) -> list[TagPoint]:
    """The acting learner's share per tag where the course left them (finals, post-test),
    then in each practice set they finished: tag mastery over time, for them alone."""

    def work(tx: Transaction) -> list[TagPoint]:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        certified = certified_at(tx, Certificate.user_id == acting.user_id)
        if acting.user_id not in certified:
            return []
        sets = []
        for row in tx.session.scalars(
            select(PracticeSet)
            .where(PracticeSet.user_id == acting.user_id, PracticeSet.finished_at.is_not(None))
            .order_by(PracticeSet.number)
        ):
            parts = []
            for item in _items(tx, row.id):
                view = _item_view(tx, item)
                shown = [leaf.id for leaf in view.question.leaves()]
                parts.append(tag_scores(view.quiz, view.question_points, shown))
            sets.append((row.number, row.finished_at.date(), add_scores(*parts)))
        baseline = _scores_at_the_end(tx, acting.user_id)
        return tag_history(baseline, certified[acting.user_id].date(), sets)

    return db.read(work)
