"""Cohorts: creating and changing them, their trainers, invite codes and the learners who join
with one."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from courseware.access import (
    Actor,
    can_create_cohort,
    can_manage_cohort,
    is_person,
    require,
    visible_cohort_ids,
)
from courseware.store.accounts import (
    Profile,
    profile_of,
    require_organisation,
)
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import Conflict, InvalidInput, NotFound
from courseware.store.models import (
    Cohort,
    CohortTrainer,
    Enrolment,
    User,
)
from courseware.store.names import checked_name

# Read out in a training room and typed by hand: capitals and digits, none that look alike.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 10


@dataclass(frozen=True)
class CohortView:
    id: int
    organisation_id: int
    name: str
    starts_on: date | None
    ends_on: date | None
    trainer_ids: tuple[int, ...]
    learners: int
    # Only for those who manage the cohort.
    invite_code: str | None


def normalize_invite_code(code: str) -> str:
    """Codes are shown in groups (ABCDE-FGHJK); people type them in any case and spacing."""
    return "".join(character for character in code.upper() if character.isalnum())


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))


def get_cohort(tx: Transaction, cohort_id: int) -> Cohort:
    cohort = tx.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("no such cohort")
    return cohort


def cohort_by_invite_code(tx: Transaction, invite_code: str) -> Cohort:
    """The cohort that a learner may join with `invite_code`, if it has not ended."""
    cohort = tx.session.scalar(
        select(Cohort).where(Cohort.invite_code == normalize_invite_code(invite_code))
    )
    if cohort is None or (cohort.ends_on is not None and cohort.ends_on < tx.now.date()):
        raise InvalidInput("this invite code is not valid")
    return cohort


def enrol(tx: Transaction, user_id: int, cohort_id: int) -> None:
    if tx.session.get(Enrolment, (user_id, cohort_id)) is None:
        tx.session.add(Enrolment(user_id=user_id, cohort_id=cohort_id, enrolled_at=tx.now))


# Cohorts ------------------------------------------------------------------------------------


def _cohort_view(tx: Transaction, acting: Actor, cohort: Cohort) -> CohortView:
    trainer_ids = tx.session.scalars(
        select(CohortTrainer.user_id)
        .where(CohortTrainer.cohort_id == cohort.id)
        .order_by(CohortTrainer.user_id)
    )
    learners = tx.session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.cohort_id == cohort.id)
    )
    return CohortView(
        id=cohort.id,
        organisation_id=cohort.organisation_id,
        name=cohort.name,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        trainer_ids=tuple(trainer_ids),
        learners=learners,
        invite_code=cohort.invite_code if can_manage_cohort(acting, cohort.id) else None,
    )


def _check_trainers(tx: Transaction, trainer_ids: Sequence[int], organisation_id: int) -> None:
    for trainer_id in trainer_ids:
        trainer = tx.session.get(User, trainer_id)
        if trainer is None or trainer.role != "trainer" or not trainer.active:
            raise InvalidInput("every trainer of a cohort must be an active trainer account")
        if trainer.organisation_id != organisation_id:
            raise InvalidInput("a trainer must belong to the cohort's organisation")


def create_cohort(
    db: Database,
    actor: Actor,
    *,
    name: str,
    organisation_id: int,
    trainer_ids: Sequence[int] = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> CohortView:
    """A cohort with a fresh invite code. A trainer who creates one trains it."""
    name = checked_name(name, "cohort name")
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("a cohort cannot end before it starts")

    def work(tx: Transaction) -> CohortView:
        acting = current_actor(tx, actor)
        require(
            can_create_cohort(acting, organisation_id),
            "you can create cohorts only in your own organisation",
        )
        require_organisation(tx, organisation_id)
        trainers = set(trainer_ids)
        if acting.role == "trainer":
            trainers.add(acting.user_id)
        _check_trainers(tx, sorted(trainers), organisation_id)
        taken = select(Cohort.id).where(
            Cohort.organisation_id == organisation_id, Cohort.name == name
        )
        if tx.session.scalar(taken) is not None:
            raise Conflict(f"this organisation already has a cohort named '{name}'")
        cohort = Cohort(
            organisation_id=organisation_id,
            name=name,
            invite_code=new_invite_code(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_at=tx.now,
        )
        tx.session.add(cohort)
        tx.session.flush()
        tx.session.add_all(CohortTrainer(cohort_id=cohort.id, user_id=t) for t in trainers)
        tx.session.flush()
        record(
            tx,
            acting,
            "cohort.create",
            cohort_id=cohort.id,
            organisation_id=organisation_id,
            trainer_ids=sorted(trainers),
        )
        # Asked again: a trainer who created the cohort now trains it and sees its code.
        return _cohort_view(tx, current_actor(tx, actor), cohort)

    return db.write(work)


def update_cohort(
    db: Database,
    actor: Actor,
    cohort_id: int,
    *,
    trainer_ids: Sequence[int],
    starts_on: date | None,
    ends_on: date | None,
) -> CohortView:
    """New trainers and dates for a cohort, by an admin or one of its trainers (who cannot
    remove themselves: a cohort they manage would drop out of their hands)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("a cohort cannot end before it starts")

    def work(tx: Transaction) -> CohortView:
        acting = current_actor(tx, actor)
        require(can_manage_cohort(acting, cohort_id), "you may not change this cohort")
        cohort = get_cohort(tx, cohort_id)
        trainers = set(trainer_ids)
        if acting.role == "trainer":
            trainers.add(acting.user_id)
        _check_trainers(tx, sorted(trainers), cohort.organisation_id)
        tx.session.execute(delete(CohortTrainer).where(CohortTrainer.cohort_id == cohort_id))
        tx.session.add_all(CohortTrainer(cohort_id=cohort_id, user_id=t) for t in trainers)
        cohort.starts_on, cohort.ends_on = starts_on, ends_on
        tx.session.flush()
        record(
            tx,
            acting,
            "cohort.update",
            cohort_id=cohort_id,
            trainer_ids=sorted(trainers),
            starts_on=starts_on.isoformat() if starts_on else None,
            ends_on=ends_on.isoformat() if ends_on else None,
        )
        return _cohort_view(tx, current_actor(tx, actor), cohort)

    return db.write(work)


def regenerate_invite_code(db: Database, actor: Actor, cohort_id: int) -> str:
    """A new code for the cohort; the old one stops working at once."""

    def work(tx: Transaction) -> str:
        acting = current_actor(tx, actor)
        require(can_manage_cohort(acting, cohort_id), "you do not manage this cohort")
        cohort = get_cohort(tx, cohort_id)
        cohort.invite_code = new_invite_code()
        record(tx, acting, "cohort.regenerate_invite_code", cohort_id=cohort_id)
        return cohort.invite_code

    return db.write(work)


def list_cohorts(db: Database, actor: Actor) -> list[CohortView]:
    """The cohorts the actor may see, by name."""

    def work(tx: Transaction) -> list[CohortView]:
        acting = current_actor(tx, actor)
        visible = visible_cohort_ids(acting, tx.session.scalars(select(Cohort.id)))
        cohorts = tx.session.scalars(
            select(Cohort).where(Cohort.id.in_(visible)).order_by(Cohort.name)
        )
        return [_cohort_view(tx, acting, cohort) for cohort in cohorts]

    return db.read(work)


def cohort_members(db: Database, actor: Actor, cohort_id: int) -> list[Profile]:
    """The learners enrolled in a cohort, by name: for its trainers and admins."""

    def work(tx: Transaction) -> list[Profile]:
        require(
            can_manage_cohort(current_actor(tx, actor), cohort_id), "you do not manage this cohort"
        )
        get_cohort(tx, cohort_id)
        users = tx.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.cohort_id == cohort_id)
            .order_by(User.display_name)
        )
        return [profile_of(user) for user in users]

    return db.read(work)


def join_cohort(db: Database, actor: Actor, invite_code: str) -> int:
    """The acting user joins one more cohort with its invite code; returns its id."""

    def work(tx: Transaction) -> int:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        cohort = cohort_by_invite_code(tx, invite_code)
        enrol(tx, acting.user_id, cohort.id)
        return cohort.id

    return db.write(work)
