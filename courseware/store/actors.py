"""Loading, inside a transaction, the facts the access policy decides on."""

from __future__ import annotations

from sqlalchemy import select

from courseware.access import Actor, PermissionDenied, Person
from courseware.store.database import Transaction
from courseware.store.errors import NotFound
from courseware.store.models import CohortTrainer, Enrolment, User


def _cohort_ids(tx: Transaction, table, user_id: int) -> frozenset[int]:
    return frozenset(tx.session.scalars(select(table.cohort_id).where(table.user_id == user_id)))


def actor_for(tx: Transaction, user: User) -> Actor:
    return Actor(
        user_id=user.id,
        role=user.role,
        organisation_id=user.organisation_id,
        trained_cohort_ids=_cohort_ids(tx, CohortTrainer, user.id),
        enrolled_cohort_ids=_cohort_ids(tx, Enrolment, user.id),
    )


def current_actor(tx: Transaction, actor: Actor, *, changing_password: bool = False) -> Actor:
    """The actor as the database knows them now. Whatever a page kept from an earlier run
    (an old role, a cohort since left), only the stored facts count; a deactivated account
    can do nothing, and one with a one-time password can only change it."""
    if actor.user_id is None:
        return actor
    user = tx.session.get(User, actor.user_id)
    if user is None or not user.active:
        raise PermissionDenied("this account is not active")
    if user.must_change_password and not changing_password:
        raise PermissionDenied("choose a new password first")
    return actor_for(tx, user)


def load_person(tx: Transaction, user_id: int) -> Person:
    if tx.session.get(User, user_id) is None:
        raise NotFound("no such account")
    return Person(user_id=user_id, cohort_ids=_cohort_ids(tx, Enrolment, user_id))
