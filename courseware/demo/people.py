"""The demo's people: organisations, staff, cohorts with their trainers, and learners, as
rows of the organisations, users and cohorts tables, plus the accounts to sign in with."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from courseware.demo.timeline import seen_recently

ORGANISATIONS = [
    "Novi Sad Youth Centre",
    "Belgrade Legal Aid Network",
    "Niš Social Inclusion Association",
    "Subotica Border Outreach",
    "Šabac Family Support",
    "Kragujevac Women's Shelter",
    "Preševo Migrant Assistance",
    "Vranje Child Rights Group",
]
FIRST_NAMES = [
    "Ana",
    "Marko",
    "Jelena",
    "Nikola",
    "Milica",
    "Stefan",
    "Ivana",
    "Luka",
    "Dragana",
    "Miloš",
    "Tamara",
    "Nemanja",
    "Sanja",
    "Vladimir",
    "Maja",
    "Đorđe",
    "Jovana",
    "Aleksa",
]
LAST_NAMES = [
    "Jovanović",
    "Petrović",
    "Nikolić",
    "Marković",
    "Đorđević",
    "Stojanović",
    "Ilić",
    "Stanković",
    "Pavlović",
    "Milošević",
    "Popović",
    "Živković",
    "Kovačević",
    "Tomić",
]
DEMO_PASSWORD = "demo-password-2026"
DEMO_DOMAIN = "demo.local"
ADMIN = f"admin@{DEMO_DOMAIN}"
COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
LEARNERS_PER_COHORT = 25
SMALL_COHORT = 3  # one pilot group too small for coordinators to see, on purpose
PILOT_GROUP = "Pilot group"
PILOT_COHORT_ID = 1
# The shares of learners reading the app in Serbian, and of those in the Cyrillic script.
IN_SERBIAN = 0.7
IN_CYRILLIC = 0.1

Row = dict[str, Any]


@dataclass(frozen=True)
class CohortPlan:
    id: int
    organisation_id: int
    starts_on: date
    trainer_email: str
    # Added to the ability of every learner of the cohort (organisation and trainer).
    effect: float


def cohort_sizes(learners: int) -> list[int]:
    """How many learners each cohort has: the pilot group first, then full cohorts, then the
    rest."""
    if learners <= SMALL_COHORT:
        return [learners]
    rest = learners - SMALL_COHORT
    sizes = [LEARNERS_PER_COHORT] * (rest // LEARNERS_PER_COHORT)
    if rest % LEARNERS_PER_COHORT:
        sizes.append(rest % LEARNERS_PER_COHORT)
    return [SMALL_COHORT, *sizes]


class People:
    """Makes the rows; users are numbered from 1 in the order they are made. All accounts
    share one password (its hash given)."""

    def __init__(
        self, rng: random.Random, now: datetime, history_start: datetime, password_hash: str
    ):
        self.rng = rng
        self.now = now
        self.start = history_start
        self.password_hash = password_hash
        self._user_ids = itertools.count(1)

    def organisations(self) -> list[Row]:
        return [
            {"id": org_id, "name": name, "created_at": self.start}
            for org_id, name in enumerate(ORGANISATIONS, start=1)
        ]

    def staff(self) -> list[Row]:
        """The admin and the coordinator, of the first organisation."""
        return [
            self._user(ADMIN, "Demo Admin", "admin", 1, self.start),
            self._user(COORDINATOR, "Demo Coordinator", "coordinator", 1, self.start),
        ]

    def cohort(self, cohort_id: int, starts_on: date, ends_on: date) -> tuple[Row, Row]:
        """A cohort and its trainer, taking the organisations in turn."""
        org_id = (cohort_id - 1) % len(ORGANISATIONS) + 1
        trainer = self._user(
            f"trainer{cohort_id}@{DEMO_DOMAIN}",
            f"Trainer {cohort_id}",
            "trainer",
            org_id,
            self.start,
        )
        cohort = {
            "id": cohort_id,
            "organisation_id": org_id,
            "name": PILOT_GROUP if cohort_id == PILOT_COHORT_ID else f"Cohort {cohort_id}",
            "invite_code": f"DEMO{cohort_id:05d}",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "created_at": self.start,
        }
        return cohort, trainer

    def learner(self, number: int, organisation_id: int, joined: datetime) -> Row:
        """The account of the `number`-th learner, signed up at `joined`."""
        rng = self.rng
        return self._user(
            f"learner{number}@{DEMO_DOMAIN}",
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "learner",
            organisation_id,
            joined,
            "sr" if rng.random() < IN_SERBIAN else "en",
        )

    def _user(
        self,
        email: str,
        name: str,
        role: str,
        organisation_id: int,
        created: datetime,
        language: str = "en",
    ) -> Row:
        cyrillic = language == "sr" and self.rng.random() < IN_CYRILLIC
        return {
            "id": next(self._user_ids),
            "email": email,
            "display_name": name,
            "role": role,
            "organisation_id": organisation_id,
            "language": language,
            "script": "cyrillic" if cyrillic else "latin",
            "password_hash": self.password_hash,
            "must_change_password": False,
            "active": True,
            "created_at": created,
            "last_seen_at": seen_recently(self.now, self.rng),
        }


class Showcase:
    """An account of each role to sign in with. The learner shown, with their trainer, is
    the first one of a regular cohort (not the pilot group) still busy with the course,
    else the first one of a regular cohort, else the first one."""

    def __init__(self) -> None:
        self.accounts = {"admin": ADMIN, "coordinator": COORDINATOR}
        self._rank = -1

    def consider(self, learner_email: str, plan: CohortPlan, busy: bool) -> None:
        rank = 2 * (plan.id != PILOT_COHORT_ID) + busy
        if rank > self._rank:
            self._rank = rank
            self.accounts.update(learner=learner_email, trainer=plan.trainer_email)
