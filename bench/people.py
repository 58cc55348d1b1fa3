"""Learners made for a measurement: an organisation, a trainer and a cohort of their own, and
learners who joined it with its invite code, each with a session. (The accounts are made by
the command line: sign-up through the invite code allows only so many accounts an hour.)"""

from __future__ import annotations

from dataclasses import dataclass

from courseware.access import COMMAND_LINE, Actor
from courseware.store import Database
from courseware.store.accounts import (
    create_account,
    create_organisation,
)
from courseware.store.auth import authenticate, sign_in
from courseware.store.cohorts import (
    create_cohort,
    join_cohort,
)

PASSWORD = "a benchmark's long password"


@dataclass(frozen=True)
class Learner:
    email: str
    token: str
    actor: Actor


def cohort_of_learners(db: Database, name: str, count: int) -> list[Learner]:
    """`db` should hash passwords cheaply: making accounts is not what is measured."""
    organisation = create_organisation(db, COMMAND_LINE, name)
    trainer_email = f"trainer@{name.lower().replace(' ', '-')}.bench"
    create_account(
        db,
        COMMAND_LINE,
        email=trainer_email,
        display_name=f"{name} trainer",
        role="trainer",
        organisation_id=organisation,
        password=PASSWORD,
    )
    trainer = _actor(db, sign_in(db, trainer_email, PASSWORD, "127.0.0.1").token)
    cohort = create_cohort(db, trainer, name=name, organisation_id=organisation)
    learners = []
    for number in range(count):
        email = f"learner{number}@{trainer_email.split('@')[1]}"
        create_account(
            db,
            COMMAND_LINE,
            email=email,
            display_name=f"Learner {number}",
            role="learner",
            organisation_id=organisation,
            password=PASSWORD,
        )
        signed_in = sign_in(db, email, PASSWORD, "127.0.0.1")
        join_cohort(db, signed_in.identity.actor, cohort.invite_code)
        learners.append(Learner(email, signed_in.token, _actor(db, signed_in.token)))
    return learners


def _actor(db: Database, token: str) -> Actor:
    identity = authenticate(db, token)
    assert identity is not None
    return identity.actor
