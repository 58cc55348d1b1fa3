"""Time accommodations: more time, or no limit, on timed quizzes for one learner or for every
learner of a cohort, given and taken back by a trainer of the learner's cohort or an admin.

The rules of which one applies and what it makes of a limit are in grading/timing.py; this
module stores them, checks who may change them, writes the audit log, and gives the deadline
of a new attempt (attempts.start_attempt asks `time_limit_for`). The deadline is stored on the
attempt, so saving and submitting enforce it like any other; giving more time also moves the
deadline of an attempt in progress, but taking it back never shortens one a learner is
already working on against the time they were shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from courseware.access import (
    Actor,
    can_adjust_cohort_time,
    can_adjust_time,
    is_person,
    require,
)
from courseware.content.quiz import Quiz
from courseware.grading.timing import (
    Accommodation,
    InvalidAccommodation,
    check,
    effective_minutes,
)
from courseware.store.actors import current_actor, load_person
from courseware.store.audit import record
from courseware.store.cohorts import get_cohort
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.models import IN_PROGRESS, Enrolment, QuizAttempt, TimeAccommodation
from courseware.store.quiz_versions import quiz_version


@dataclass(frozen=True)
class AccommodationView:
    id: int
    # One of the two: the learner's, or the cohort's.
    user_id: int | None
    cohort_id: int | None
    accommodation: Accommodation
    granted_by: int | None
    granted_at: datetime


def _view(row: TimeAccommodation) -> AccommodationView:
    return AccommodationView(
        id=row.id,
        user_id=row.user_id,
        cohort_id=row.cohort_id,
        accommodation=Accommodation(row.mode, row.amount),
        granted_by=row.granted_by,
        granted_at=row.granted_at,
    )


def _checked(mode: str, amount: int | None) -> Accommodation:
    try:
        return check(mode, amount)
    except InvalidAccommodation as error:
        raise InvalidInput(str(error)) from None


def _cohort_ids(tx: Transaction, user_id: int) -> list[int]:
    return list(tx.session.scalars(select(Enrolment.cohort_id).where(Enrolment.user_id == user_id)))


def time_limit_for(tx: Transaction, user_id: int, quiz: Quiz) -> int | None:
    """The time limit of `quiz` in minutes for this learner, None for no limit."""
    if quiz.time_limit_minutes is None:
        return None
    rows = tx.session.scalars(
        select(TimeAccommodation).where(
            or_(
                TimeAccommodation.user_id == user_id,
                TimeAccommodation.cohort_id.in_(_cohort_ids(tx, user_id)),
            )
        )
    ).all()
    own = next((_view(r).accommodation for r in rows if r.user_id == user_id), None)
    cohorts = [_view(r).accommodation for r in rows if r.cohort_id is not None]
    return effective_minutes(quiz.time_limit_minutes, own, cohorts)


def my_time_limit(db: Database, actor: Actor, quiz: Quiz) -> int | None:
    """The acting learner's own time limit at `quiz`, as the start page tells them."""

    def work(tx: Transaction) -> int | None:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        return time_limit_for(tx, acting.user_id, quiz)

    return db.read(work)


def _extend_open_attempts(tx: Transaction, user_ids: list[int]) -> list[int]:
    """Give the open attempts of these learners the deadline they have now, where it is later
    than the one they started with; the ids of the attempts moved. An attempt already past
    its deadline stays closed: the learner was told the time was up."""
    moved = []
    attempts = tx.session.scalars(
        select(QuizAttempt)
        .where(
            QuizAttempt.user_id.in_(user_ids),
            QuizAttempt.state == IN_PROGRESS,
            QuizAttempt.deadline.is_not(None),
            QuizAttempt.deadline > tx.now,
        )
        .order_by(QuizAttempt.id)
        .with_for_update()
    ).all()
    for attempt in attempts:
        minutes = time_limit_for(tx, attempt.user_id, quiz_version(tx, attempt.content_version))
        deadline = None if minutes is None else attempt.started_at + timedelta(minutes=minutes)
        if deadline is None or deadline > attempt.deadline:
            attempt.deadline = deadline
            moved.append(attempt.id)
    return moved


def _replace(
    tx: Transaction, acting: Actor, where, accommodation: Accommodation, **target: int
) -> TimeAccommodation:
    row = tx.session.scalar(select(TimeAccommodation).where(where))
    if row is None:
        try:
            # Another trainer may give this learner or cohort a first setting at the same
            # moment: then theirs is the row this one replaces.
            with tx.session.begin_nested():
                row = TimeAccommodation(
                    **target, mode=accommodation.mode, amount=accommodation.amount
                )
                row.granted_by, row.granted_at = acting.user_id, tx.now
                tx.session.add(row)
        except IntegrityError:
            row = tx.session.scalar(select(TimeAccommodation).where(where))
    row.mode, row.amount = accommodation.mode, accommodation.amount
    row.granted_by, row.granted_at = acting.user_id, tx.now
    tx.session.flush()
    return row


def set_learner_time(
    db: Database, actor: Actor, user_id: int, mode: str, amount: int | None = None
) -> AccommodationView:
    """Give one learner more time (or no limit) on every timed quiz, replacing what they had."""
    accommodation = _checked(mode, amount)

    def work(tx: Transaction) -> AccommodationView:
        acting = current_actor(tx, actor)
        require(
            can_adjust_time(acting, load_person(tx, user_id)),
            "you may adjust the time only of learners of your cohorts",
        )
        row = _replace(
            tx, acting, TimeAccommodation.user_id == user_id, accommodation, user_id=user_id
        )
        moved = _extend_open_attempts(tx, [user_id])
        record(
            tx, acting, "time.accommodate", user_id, mode=row.mode, amount=row.amount, moved=moved
        )
        return _view(row)

    return db.write(work)


def _members(tx: Transaction, cohort_id: int) -> list[int]:
    return list(
        tx.session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort_id))
    )


def set_cohort_time(
    db: Database, actor: Actor, cohort_id: int, mode: str, amount: int | None = None
) -> AccommodationView:
    """Give every learner of a cohort more time (or no limit) on every timed quiz, replacing
    the cohort's earlier setting; a learner's own setting still comes first."""
    accommodation = _checked(mode, amount)

    def work(tx: Transaction) -> AccommodationView:
        acting = current_actor(tx, actor)
        require(
            can_adjust_cohort_time(acting, cohort_id),
            "you may adjust the time only of your own cohorts",
        )
        get_cohort(tx, cohort_id)
        row = _replace(
            tx, acting, TimeAccommodation.cohort_id == cohort_id, accommodation, cohort_id=cohort_id
        )
        moved = _extend_open_attempts(tx, _members(tx, cohort_id))
        record(
            tx,
            acting,
            "time.accommodate",
            cohort_id=cohort_id,
            mode=row.mode,
            amount=row.amount,
            moved=moved,
        )
        return _view(row)

    return db.write(work)


def _require_may_change(tx: Transaction, acting: Actor, row: TimeAccommodation) -> None:
    if row.user_id is not None:
        allowed = can_adjust_time(acting, load_person(tx, row.user_id))
    else:
        allowed = can_adjust_cohort_time(acting, row.cohort_id)
    require(allowed, "you may adjust the time only of your own cohorts and their learners")


def remove_time_accommodation(db: Database, actor: Actor, accommodation_id: int) -> None:
    """Take an accommodation back: new attempts get the quiz's own limit again (or the
    cohort's, for a learner's own). Attempts in progress keep their deadline."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        row = tx.session.get(TimeAccommodation, accommodation_id)
        if row is None:
            raise NotFound("no such time adjustment")
        _require_may_change(tx, acting, row)
        record(
            tx,
            acting,
            "time.accommodation_removed",
            row.user_id,
            **({"cohort_id": row.cohort_id} if row.cohort_id is not None else {}),
            mode=row.mode,
            amount=row.amount,
        )
        tx.session.delete(row)

    db.write(work)


def cohort_time_accommodations(
    db: Database, actor: Actor, cohort_id: int
) -> list[AccommodationView]:
    """The cohort's own accommodation (first, if any) and those of its learners: for the
    cohort's trainers and admins."""

    def work(tx: Transaction) -> list[AccommodationView]:
        acting = current_actor(tx, actor)
        require(can_adjust_cohort_time(acting, cohort_id), "you do not manage this cohort")
        get_cohort(tx, cohort_id)
        rows = tx.session.scalars(
            select(TimeAccommodation)
            .where(
                or_(
                    TimeAccommodation.cohort_id == cohort_id,
                    TimeAccommodation.user_id.in_(_members(tx, cohort_id)),
                )
            )
            .order_by(TimeAccommodation.cohort_id.is_(None), TimeAccommodation.id)
        )
        return [_view(row) for row in rows]

    return db.read(work)
