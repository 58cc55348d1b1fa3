"""Realistic synthetic learners for demonstrations and benchmarks (no database here).

Learners answer the real course quizzes through a two-parameter item-response model: each
learner has an ability, each question a difficulty and a discrimination, and the chance of a
right answer is 1 / (1 + exp(-discrimination * (ability - difficulty))). Ability grows through
the modules (so the post-test beats the pre-test), organisations and cohorts differ a little,
some learners drop out along the way or get stuck on a final, the latest cohorts are still
busy, and wrong answers favour each question's most tempting wrong option, so that trainers'
reports show real misconceptions. Everything follows from the seed.

`store.bulk` writes the rows to a database.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from courseware.content.catalog import Catalog
from courseware.content.quiz import Quiz
from courseware.demo.responses import (
    Ability,
    cohort_effect,
    forms,
    organisation_effects,
    survey_answers,
)
from courseware.demo.timeline import (
    HISTORY,
    CaughtUp,
    Timeline,
    answer_times,
    cohort_dates,
    joining,
    seen_recently,
)

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
LEARNERS_PER_COHORT = 25
SMALL_COHORT = 3  # one pilot group too small for coordinators to see, on purpose
PILOT_GROUP = "Pilot group"
PILOT_COHORT_ID = 1
DROP_OUT_PER_MODULE = 0.05
Status = Literal["completed", "in_progress", "stuck", "dropped_out"]
STATUSES: tuple[Status, ...] = ("completed", "in_progress", "stuck", "dropped_out")


@dataclass
class Batch:
    """Rows for some of the tables, in the order they were made (a child row may come before
    its parent: insert the tables in foreign-key order). `learners_done` counts the learners
    simulated so far, this batch included."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    learners_done: int = 0

    def table(self, name: str) -> list[dict[str, Any]]:
        return self.rows.setdefault(name, [])

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.table(table).append(row)


@dataclass(frozen=True)
class CohortPlan:
    id: int
    organisation_id: int
    starts_on: date
    trainer_email: str
    # Added to the ability of every learner of the cohort (organisation and trainer).
    effect: float


class Simulation:
    """The whole demo population. `batches()` yields its rows; `accounts` (complete once
    the batches are exhausted) names an account of each role to sign in with."""

    def __init__(
        self, catalog: Catalog, learners: int, seed: int, now: datetime, password_hash: str
    ):
        if catalog.course is None:
            raise ValueError("the course file is invalid: run `python -m courseware validate`")
        self.catalog = catalog
        self.course = catalog.course
        self.learners = learners
        self.seed = seed
        self.now = now
        self.start = now - HISTORY
        self.password_hash = password_hash
        self.rng = random.Random(seed)
        self.accounts: dict[str, str] = {}
        self.statuses: dict[Status, int] = dict.fromkeys(STATUSES, 0)
        self._showcase_rank = -1
        self._user_ids = itertools.count(1)
        self._attempt_ids = itertools.count(1)
        self._answer_ids = itertools.count(1)
        self._forms = {quiz.id: forms(quiz, seed) for quiz in self.quizzes}

    @property
    def quizzes(self) -> list[Quiz]:
        """The quizzes learners take, in course order: pre-test, finals, post-test, survey."""
        course, modules = self.course, self.catalog.modules
        ids = [course.pretest, *(modules[m].final for m in course.modules), course.posttest]
        ids.append(course.survey)
        return [self.catalog.quizzes[quiz_id] for quiz_id in ids if quiz_id is not None]

    def _user(
        self,
        batch: Batch,
        email: str,
        name: str,
        role: str,
        organisation_id: int,
        created: datetime,
        language: str = "en",
    ) -> dict[str, Any]:
        row = {
            "id": next(self._user_ids),
            "email": email,
            "display_name": name,
            "role": role,
            "organisation_id": organisation_id,
            "language": language,
            "script": "cyrillic" if language == "sr" and self.rng.random() < 0.1 else "latin",
            "password_hash": self.password_hash,
            "must_change_password": False,
            "active": True,
            "created_at": created,
            "last_seen_at": seen_recently(self.now, self.rng),
        }
        batch.add("users", row)
        return row

    def batches(self, learners_per_batch: int = 500) -> Iterator[Batch]:
        batch = Batch()
        for org_id, name in enumerate(ORGANISATIONS, start=1):
            batch.add("organisations", {"id": org_id, "name": name, "created_at": self.start})
        self._user(batch, f"admin@{DEMO_DOMAIN}", "Demo Admin", "admin", 1, self.start)
        self._user(
            batch, f"coordinator@{DEMO_DOMAIN}", "Demo Coordinator", "coordinator", 1, self.start
        )
        self.accounts = {
            "admin": f"admin@{DEMO_DOMAIN}",
            "coordinator": f"coordinator@{DEMO_DOMAIN}",
        }
        organisation_effect = organisation_effects(len(ORGANISATIONS), self.rng)

        plans: list[CohortPlan] = []
        # The pilot group comes first, then full cohorts, then the rest.
        for cohort_id, size in enumerate(self._cohort_sizes(), start=1):
            org_id = (cohort_id - 1) % len(ORGANISATIONS) + 1
            starts, ends = cohort_dates(self.start, self.rng)
            trainer = self._user(
                batch,
                f"trainer{cohort_id}@{DEMO_DOMAIN}",
                f"Trainer {cohort_id}",
                "trainer",
                org_id,
                self.start,
            )
            batch.add(
                "cohorts",
                {
                    "id": cohort_id,
                    "organisation_id": org_id,
                    "name": PILOT_GROUP if cohort_id == PILOT_COHORT_ID else f"Cohort {cohort_id}",
                    "invite_code": f"DEMO{cohort_id:05d}",
                    "starts_on": starts,
                    "ends_on": ends,
                    "created_at": self.start,
                },
            )
            batch.add("cohort_trainers", {"cohort_id": cohort_id, "user_id": trainer["id"]})
            effect = cohort_effect(organisation_effect[org_id - 1], self.rng)
            plan = CohortPlan(cohort_id, org_id, starts, trainer["email"], effect)
            plans += [plan] * size

        for number, plan in enumerate(plans, start=1):
            email = f"learner{number}@{DEMO_DOMAIN}"
            status = self._learner(batch, email, plan)
            self.statuses[status] += 1
            self._remember_showcase(email, status, plan)
            if number % learners_per_batch == 0 or number == len(plans):
                batch.learners_done = number
                yield batch
                batch = Batch()
        if batch.rows:  # no learners at all: the organisations and staff
            yield batch

    def _remember_showcase(self, email: str, status: Status, plan: CohortPlan) -> None:
        """The learner to show off, with their trainer: the first one of a regular cohort
        (not the pilot group) still busy with the course, else the first one of a regular
        cohort, else the first one."""
        rank = 2 * (plan.id != PILOT_COHORT_ID) + (status == "in_progress")
        if rank > self._showcase_rank:
            self._showcase_rank = rank
            self.accounts.update(learner=email, trainer=plan.trainer_email)

    def _cohort_sizes(self) -> list[int]:
        if self.learners <= SMALL_COHORT:
            return [self.learners]
        rest = self.learners - SMALL_COHORT
        sizes = [LEARNERS_PER_COHORT] * (rest // LEARNERS_PER_COHORT)
        if rest % LEARNERS_PER_COHORT:
            sizes.append(rest % LEARNERS_PER_COHORT)
        return [SMALL_COHORT, *sizes]

    def _learner(self, batch: Batch, email: str, plan: CohortPlan) -> Status:
        rng = self.rng
        joined = joining(plan.starts_on, rng)
        user = self._user(
            batch,
            email,
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "learner",
            plan.organisation_id,
            joined,
            "sr" if rng.random() < 0.7 else "en",
        )
        enrolment = {"user_id": user["id"], "cohort_id": plan.id, "enrolled_at": joined}
        batch.add("enrolments", enrolment)
        timeline = Timeline(joined, self.now, rng)
        try:
            ability = Ability.drawn(plan.effect, rng)
            status = self._course(batch, user["id"], plan, ability, timeline)
        except CaughtUp:
            status = "in_progress"
        user["last_seen_at"] = timeline.moment
        return status

    def _course(
        self, batch: Batch, user_id: int, plan: CohortPlan, ability: Ability, timeline: Timeline
    ) -> Status:
        rng, course, quizzes = self.rng, self.course, self.catalog.quizzes
        if course.pretest:
            level = ability.start
            self._attempt(batch, user_id, plan.id, quizzes[course.pretest], level, timeline)
        passed: set[str] = set()
        for index, module_id in enumerate(course.modules):
            module = self.catalog.modules[module_id]
            lessons = module.lessons
            dropping_out = rng.random() < DROP_OUT_PER_MODULE
            if dropping_out:
                lessons = lessons[: rng.randrange(len(lessons))]
            lesson_rows = batch.table("lesson_progress")
            for lesson in lessons:
                done_at = timeline.lesson()
                lesson_rows.append(
                    {
                        "user_id": user_id,
                        "module_id": module_id,
                        "lesson_id": lesson.id,
                        "done_at": done_at,
                    }
                )
            if dropping_out:
                return "dropped_out"
            final = quizzes[module.final]
            for retry in range(final.max_attempts or 3):
                level = ability.at_final(index + 1, len(course.modules), retry)
                if self._attempt(batch, user_id, plan.id, final, level, timeline):
                    passed.add(final.id)
                    break
            else:
                return "stuck"  # no attempts left: the trainer may grant another one
        if course.posttest:
            level = ability.at_the_end()
            self._attempt(batch, user_id, plan.id, quizzes[course.posttest], level, timeline)
        if course.survey:
            self._survey(batch, user_id, plan.id, quizzes[course.survey], timeline)
        if course.certificate and set(course.certificate.passed) <= passed:
            code = hashlib.sha256(f"{self.seed}:{user_id}".encode()).hexdigest()[:12].upper()
            batch.add(
                "certificates",
                {
                    "user_id": user_id,
                    "serial": f"DEMO-{user_id:07d}",
                    "verification_code": code,
                    "issued_at": timeline.moment,
                    "revoked_at": None,
                },
            )
        return "completed"

    def _attempt(
        self,
        batch: Batch,
        user_id: int,
        cohort_id: int,
        quiz: Quiz,
        level: float,
        timeline: Timeline,
    ) -> bool:
        rng = self.rng
        form = rng.choice(self._forms[quiz.id])
        started, submitted = timeline.quiz(len(form.items))
        attempt_id = next(self._attempt_ids)
        answer_rows = batch.table("answers")
        points = 0
        for item, answered_at in zip(
            form.items, answer_times(started, len(form.items)), strict=True
        ):
            response = item.respond(level, rng)
            if response is None:
                continue
            answer, earned = response
            points += earned
            answer_rows.append(
                {
                    "id": next(self._answer_ids),
                    "attempt_id": attempt_id,
                    "question_id": item.question_id,
                    "answer": answer,
                    "points": earned,
                    "answered_at": answered_at,
                }
            )
        passed = points >= form.pass_points
        batch.add(
            "quiz_attempts",
            _submitted_attempt(attempt_id, user_id, cohort_id, quiz, form, started, submitted)
            | {"points": points, "max_points": form.max_points, "passed": passed},
        )
        return passed

    def _survey(
        self, batch: Batch, user_id: int, cohort_id: int, quiz: Quiz, timeline: Timeline
    ) -> None:
        form = self.rng.choice(self._forms[quiz.id])
        leaves = quiz.leaves()
        started, submitted = timeline.survey(len(leaves))
        times = answer_times(started, len(leaves))
        attempt_id = next(self._attempt_ids)
        for leaf, answer in survey_answers(leaves, self.rng):
            batch.add(
                "answers",
                {
                    "id": next(self._answer_ids),
                    "attempt_id": attempt_id,
                    "question_id": leaf.id,
                    "answer": answer,
                    "points": None,
                    "answered_at": next(times),
                },
            )
        batch.add(
            "quiz_attempts",
            _submitted_attempt(attempt_id, user_id, cohort_id, quiz, form, started, submitted)
            | {"points": None, "max_points": None, "passed": None},
        )


def _submitted_attempt(attempt_id, user_id, cohort_id, quiz, form, started, submitted) -> dict:
    """The columns every submitted demo attempt shares; scores are added by the caller."""
    return {
        "id": attempt_id,
        "user_id": user_id,
        "cohort_id": cohort_id,
        "quiz_id": quiz.id,
        "content_version": quiz.content_version(),
        "seed": form.seed,
        "layout": form.layout,
        "started_at": started,
        "deadline": None,
        "submitted_at": submitted,
        "state": "submitted",
    }
