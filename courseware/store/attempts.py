"""Quiz attempts: start, answer question by question, submit, look at them later.

The server decides everything that matters: how many attempts are left (the quiz's
`max_attempts` plus extra attempts granted by a trainer), the seed of the layout, the
deadline. An attempt keeps the version of the quiz it was started on (see quiz_versions),
so it is shown and graded the same way whatever happens to the quiz file later.

An attempt's row is locked while it is answered or submitted, so that an answer cannot land
after the submission it missed, and a second submit (a second tab, a double click) gets the
result of the first. An attempt whose time is up is submitted with what was saved, as soon as
anyone asks for it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from courseware.access import (
    Actor,
    can_answer_attempt,
    can_grant_attempts,
    can_view_attempt,
    can_view_person,
    is_person,
    require,
)
from courseware.content.questions import AnswerError, LeafQuestion, answer_as_json
from courseware.content.quiz import Quiz
from courseware.grading import AttemptLayout, build_layout, score_saved_answers
from courseware.store import xapi_events
from courseware.store.actors import current_actor, load_person
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound, Rejected
from courseware.store.models import (
    IN_PROGRESS,
    SUBMITTED,
    Answer,
    AttemptGrant,
    Enrolment,
    QuizAttempt,
    RetracedPath,
    User,
)
from courseware.store.quiz_versions import keep_version, quiz_version
from courseware.store.summaries import keeping_summaries
from courseware.store.timing import time_limit_for


class AttemptClosed(Rejected):
    """The attempt was submitted, or its time is up: it takes no more answers."""


class NoAttemptsLeft(Rejected):
    pass


class ChoiceTakenBack(Rejected):
    """Outside practice, a choice of a branching case cannot be taken back once saved."""


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    user_id: int | None
    quiz_id: str
    content_version: str
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    state: str
    # Set once submitted; None for a survey, which is never scored.
    points: Fraction | None
    max_points: Fraction | None
    passed: bool | None
    # "online", or "paper" for a printed variant whose answers a trainer entered.
    source: str


@dataclass(frozen=True)
class AttemptView(AttemptSummary):
    quiz: Quiz
    layout: AttemptLayout
    # Question id to the saved answer, in the form `check_answer` accepts.
    answers: dict[str, Any]
    # Points of each graded question, once submitted.
    question_points: dict[str, Fraction]


def keep_answer(tx: Transaction, owner, owner_id: int, question_id: str, answer: Any) -> None:
    """Write a checked answer, replacing the one given before to the same question: one row
    per `owner` (an attempt's or a practice item's id column) and question, in one
    statement, so two saves at once never make two rows."""
    table = owner.class_
    dialect = postgresql if tx.session.get_bind().dialect.name == "postgresql" else sqlite
    upsert = dialect.insert(table).values(
        {
            owner.key: owner_id,
            "question_id": question_id,
            "answer": answer_as_json(answer),
            "answered_at": tx.now,
        }
    )
    tx.session.execute(
        upsert.on_conflict_do_update(
            index_elements=[owner, table.question_id],
            set_={"answer": upsert.excluded.answer, "answered_at": upsert.excluded.answered_at},
        )
    )


def _summary_fields(attempt: QuizAttempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "user_id": attempt.user_id,
        "quiz_id": attempt.quiz_id,
        "content_version": attempt.content_version,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "state": attempt.state,
        "points": attempt.points,
        "max_points": attempt.max_points,
        "passed": attempt.passed,
        "source": attempt.source,
    }


def summary_of(attempt: QuizAttempt) -> AttemptSummary:
    return AttemptSummary(**_summary_fields(attempt))


def _layout(attempt: QuizAttempt) -> AttemptLayout:
    return AttemptLayout(**attempt.layout)


def _answer_rows(tx: Transaction, attempt_id: int) -> list[Answer]:
    return list(
        tx.session.scalars(
            select(Answer).where(Answer.attempt_id == attempt_id).order_by(Answer.id)
        )
    )


def _view(tx: Transaction, attempt: QuizAttempt) -> AttemptView:
    rows = _answer_rows(tx, attempt.id)
    return AttemptView(
        **_summary_fields(attempt),
        quiz=quiz_version(tx, attempt.content_version),
        layout=_layout(attempt),
        answers={row.question_id: row.answer for row in rows},
        question_points={row.question_id: row.points for row in rows if row.points is not None},
    )


def _expired(tx: Transaction, attempt: QuizAttempt) -> bool:
    return attempt.deadline is not None and tx.now >= attempt.deadline


def _attempt(tx: Transaction, attempt_id: int, *, lock: bool = False) -> QuizAttempt:
    query = select(QuizAttempt).where(QuizAttempt.id == attempt_id)
    attempt = tx.session.scalar(query.with_for_update() if lock else query)
    if attempt is None:
        raise NotFound("no such attempt")
    return attempt


def _attempt_question(quiz: Quiz, layout: AttemptLayout, question_id: str) -> LeafQuestion:
    shown = {
        leaf.id: leaf for q in quiz.questions if q.id in layout.question_ids for leaf in q.leaves()
    }
    if question_id not in shown:
        raise InvalidInput(f"question '{question_id}' is not part of this attempt")
    return shown[question_id]


def grade_and_close(tx: Transaction, attempt: QuizAttempt, at: datetime | None = None) -> None:
    """Grade what was saved and close the attempt (submitted `at`, by default now, or at its
    deadline if that came first)."""
    quiz = quiz_version(tx, attempt.content_version)
    rows = _answer_rows(tx, attempt.id)
    answers = {row.question_id: row.answer for row in rows}
    result = score_saved_answers(quiz, answers, _layout(attempt).question_ids).result
    # Every way an attempt gets submitted (Submit, time running out, a paper recorded) comes
    # through here, so the report summaries follow each of them in its own transaction.
    with keeping_summaries(tx, [attempt.user_id]):
        for row in rows:
            row.points = result.question_points.get(row.question_id)
        attempt.points, attempt.max_points, attempt.passed = (
            result.points,
            result.max_points,
            result.passed,
        )
        attempt.state = SUBMITTED
        at = at or tx.now
        attempt.submitted_at = min(at, attempt.deadline) if attempt.deadline else at
        xapi_events.attempt_closed(tx, attempt, quiz)


def _open_attempt(tx: Transaction, user_id: int, quiz_id: str) -> QuizAttempt | None:
    return tx.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.quiz_id == quiz_id,
            QuizAttempt.state == IN_PROGRESS,
        )
    )


def attempts_remaining(tx: Transaction, user_id: int, quiz: Quiz) -> int | None:
    """How many more attempts the learner may make at `quiz` (an attempt in progress counts
    as made); None for no limit."""
    allowed = _attempts_allowed(tx, user_id, quiz)
    return None if allowed is None else max(0, allowed - _attempts_made(tx, user_id, quiz.id))


def _attempts_allowed(tx: Transaction, user_id: int, quiz: Quiz) -> int | None:
    """How many attempts the learner may make in all; None for no limit."""
    if quiz.max_attempts is None:
        return None
    granted = tx.session.scalar(
        select(func.coalesce(func.sum(AttemptGrant.extra_attempts), 0)).where(
            AttemptGrant.user_id == user_id, AttemptGrant.quiz_id == quiz.id
        )
    )
    return quiz.max_attempts + granted


def _attempts_made(tx: Transaction, user_id: int, quiz_id: str) -> int:
    return tx.session.scalar(
        select(func.count())
        .select_from(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == quiz_id)
    )


def _latest_cohort_id(tx: Transaction, user_id: int) -> int | None:
    return tx.session.scalar(
        select(Enrolment.cohort_id)
        .where(Enrolment.user_id == user_id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.cohort_id.desc())
        .limit(1)
    )


def _close_if_expired(db: Database, user_id: int, quiz_id: str) -> None:
    def work(tx: Transaction) -> None:
        attempt = _open_attempt(tx, user_id, quiz_id)
        if attempt is not None and _expired(tx, attempt):
            grade_and_close(tx, attempt)

    db.write(work)


def start_attempt(db: Database, actor: Actor, quiz: Quiz) -> AttemptView:
    """The acting learner's attempt at `quiz`: the one in progress if there is one (another
    tab, a reload), else a new one; NoAttemptsLeft when the limit is reached."""
    acting_id = actor.user_id
    require(is_person(actor), "only a signed-in user takes quizzes")
    # Committed on its own: an attempt that ran out of time stays submitted even when no
    # new attempt may follow it.
    _close_if_expired(db, acting_id, quiz.id)

    def work(tx: Transaction) -> AttemptView:
        current_actor(tx, actor)
        # Serialises the starts of one user on PostgreSQL (SQLite serialises all writes).
        tx.session.execute(select(User.id).where(User.id == acting_id).with_for_update())
        open_attempt = _open_attempt(tx, acting_id, quiz.id)
        if open_attempt is not None:
            return _view(tx, open_attempt)
        allowed = _attempts_allowed(tx, acting_id, quiz)
        if allowed is not None and _attempts_made(tx, acting_id, quiz.id) >= allowed:
            raise NoAttemptsLeft("you have no attempts left at this quiz")
        # The quiz's own limit, or more for a learner given more time (store/timing.py).
        minutes = time_limit_for(tx, acting_id, quiz)
        seed = secrets.randbits(63)
        layout = build_layout(quiz, seed)
        attempt = QuizAttempt(
            user_id=acting_id,
            cohort_id=_latest_cohort_id(tx, acting_id),
            quiz_id=quiz.id,
            content_version=keep_version(tx, quiz),
            seed=seed,
            layout={"question_ids": layout.question_ids, "option_orders": layout.option_orders},
            started_at=tx.now,
            deadline=None if minutes is None else tx.now + timedelta(minutes=minutes),
            state=IN_PROGRESS,
        )
        tx.session.add(attempt)
        tx.session.flush()
        xapi_events.attempt_started(tx, attempt, quiz)
        return _view(tx, attempt)

    return db.write(work)


def save_answer(db: Database, actor: Actor, attempt_id: int, question_id: str, answer: Any) -> None:
    """Store (or replace) the answer to one question of an attempt in progress."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        attempt = _attempt(tx, attempt_id, lock=True)
        require(can_answer_attempt(acting, attempt.user_id), "this is not your attempt")
        if attempt.state != IN_PROGRESS:
            raise AttemptClosed("this attempt has been submitted")
        if _expired(tx, attempt):
            raise AttemptClosed("the time for this attempt is up")
        quiz = quiz_version(tx, attempt.content_version)
        question = _attempt_question(quiz, _layout(attempt), question_id)
        try:
            checked = question.check_answer(answer)
        except AnswerError as error:
            raise InvalidInput(f"question '{question_id}': {error}") from None
        if question.grows:
            _keep_or_refuse_taken_back(tx, attempt, quiz, question, checked)
        keep_answer(tx, Answer.attempt_id, attempt_id, question_id, checked)
        xapi_events.answer_saved(tx, attempt, quiz, question, checked)

    db.write(work)


def _keep_or_refuse_taken_back(
    tx: Transaction, attempt: QuizAttempt, quiz: Quiz, question: LeafQuestion, given: Any
) -> None:
    """A path only grows (by valid choices), except in practice, where a learner may step
    back: then the path as it was is kept for analysis, and the new one is saved."""
    saved = tx.session.scalar(
        select(Answer.answer).where(
            Answer.attempt_id == attempt.id, Answer.question_id == question.id
        )
    )
    kept = question.taken_back(saved, given)
    if kept is None:
        return
    if not quiz.practice:
        raise ChoiceTakenBack(
            f"question '{question.id}': a choice once made cannot be changed in this quiz; "
            "your path is kept as it was saved"
        )
    tx.session.add(
        RetracedPath(
            attempt_id=attempt.id,
            question_id=question.id,
            path=saved,
            kept=kept,
            retraced_at=tx.now,
        )
    )


@dataclass(frozen=True)
class Retraced:
    """Choices taken back in a practice attempt: `path` as it was saved, of which the first
    `kept` choices stayed."""

    question_id: str
    path: list[str]
    kept: int
    retraced_at: datetime

    @property
    def retraced(self) -> list[str]:
        return self.path[self.kept :]


def retraced_paths(db: Database, actor: Actor, attempt_id: int) -> list[Retraced]:
    """Every step back in an attempt, oldest first: for whoever may see the attempt."""

    def work(tx: Transaction) -> list[Retraced]:
        viewable_attempt(tx, actor, attempt_id)
        rows = tx.session.scalars(
            select(RetracedPath)
            .where(RetracedPath.attempt_id == attempt_id)
            .order_by(RetracedPath.id)
        )
        return [Retraced(r.question_id, r.path, r.kept, r.retraced_at) for r in rows]

    return db.read(work)


def submit_attempt(db: Database, actor: Actor, attempt_id: int) -> AttemptView:
    """Grade and close the attempt. Submitting a closed attempt again returns its result."""

    def work(tx: Transaction) -> AttemptView:
        acting = current_actor(tx, actor)
        attempt = _attempt(tx, attempt_id, lock=True)
        require(can_answer_attempt(acting, attempt.user_id), "this is not your attempt")
        if attempt.state == IN_PROGRESS:
            grade_and_close(tx, attempt)
        return _view(tx, attempt)

    return db.write(work)


def viewable_attempt(tx: Transaction, actor: Actor, attempt_id: int) -> QuizAttempt:
    """The attempt, if the actor may see it: its learner, their trainers, admins."""
    acting = current_actor(tx, actor)
    attempt = _attempt(tx, attempt_id)
    owner = None if attempt.user_id is None else load_person(tx, attempt.user_id)
    require(can_view_attempt(acting, owner), "you may not see this attempt")
    return attempt


def get_attempt(db: Database, actor: Actor, attempt_id: int) -> AttemptView:
    """An attempt with its answers: for its learner, their trainers and admins."""

    def work(tx: Transaction) -> AttemptView:
        return _view(tx, viewable_attempt(tx, actor, attempt_id))

    view = db.read(work)
    if view.state == IN_PROGRESS and view.deadline is not None and db.now() >= view.deadline:
        _close_if_expired(db, view.user_id, view.quiz_id)
        view = db.read(work)
    return view


def attempt_deadline(db: Database, actor: Actor, attempt_id: int) -> datetime | None:
    """The attempt's deadline as it stands now (a trainer may move it while the attempt is
    open: see store.timing); None without a limit."""
    return db.read(lambda tx: viewable_attempt(tx, actor, attempt_id).deadline)


def list_attempts(
    db: Database, actor: Actor, user_id: int, quiz_id: str | None = None
) -> list[AttemptSummary]:
    """A learner's attempts (at one quiz, or at all), oldest first."""

    def work(tx: Transaction) -> list[AttemptSummary]:
        require(can_view_person(current_actor(tx, actor), load_person(tx, user_id)))
        query = select(QuizAttempt).where(QuizAttempt.user_id == user_id)
        if quiz_id is not None:
            query = query.where(QuizAttempt.quiz_id == quiz_id)
        attempts = tx.session.scalars(query.order_by(QuizAttempt.started_at, QuizAttempt.id))
        return [summary_of(attempt) for attempt in attempts]

    return db.read(work)


def attempts_left(db: Database, actor: Actor, quiz: Quiz) -> int | None:
    """How many more attempts the acting learner may start at `quiz`; None for no limit. An
    attempt in progress is counted as made."""

    def work(tx: Transaction) -> int | None:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        return attempts_remaining(tx, acting.user_id, quiz)

    return db.read(work)


# Why extra attempts were granted, recorded in the audit log. A fixed list, not free text:
# the log keeps no names or other personal details (see models.AuditEntry).
GRANT_REASONS = ("technical_problem", "absence", "accessibility", "after_review", "other")


def grant_extra_attempts(
    db: Database,
    actor: Actor,
    user_id: int,
    quiz_id: str,
    extra_attempts: int,
    reason: str = "other",
) -> None:
    """Let a learner try a quiz `extra_attempts` more times than its limit, for `reason`
    (one of GRANT_REASONS)."""
    if extra_attempts < 1:
        raise InvalidInput("grant at least one extra attempt")
    if reason not in GRANT_REASONS:
        raise InvalidInput(
            f"unknown reason '{reason}' (expected one of: {', '.join(GRANT_REASONS)})"
        )

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require(
            can_grant_attempts(acting, load_person(tx, user_id)),
            "you may grant attempts only to learners of your cohorts",
        )
        # A learner stuck on a final is no longer stuck: the summaries follow.
        with keeping_summaries(tx, [user_id]):
            tx.session.add(
                AttemptGrant(
                    user_id=user_id,
                    quiz_id=quiz_id,
                    extra_attempts=extra_attempts,
                    granted_by=acting.user_id,
                    granted_at=tx.now,
                )
            )
        record(
            tx,
            acting,
            "attempt.grant",
            user_id,
            quiz_id=quiz_id,
            extra=extra_attempts,
            reason=reason,
        )

    db.write(work)
