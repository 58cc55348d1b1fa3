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
import math
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any, Literal

from courseware.content.catalog import Catalog
from courseware.content.questions import LeafQuestion, answer_as_json
from courseware.content.quiz import Quiz
from courseware.grading import build_layout

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
COMMENTS = [
    "The referral steps and contacts were the most useful part.",
    "More cases about children on the move, please.",
    "Korisni su primeri iz prakse i indikatori.",
    "Voleo bih više vežbi o prvom kontaktu.",
    "Clear and practical; the Serbian legal terms helped.",
]
DEMO_PASSWORD = "demo-password-2026"
DEMO_DOMAIN = "demo.local"
LEARNERS_PER_COHORT = 25
SMALL_COHORT = 3  # one pilot group too small for coordinators to see, on purpose
PILOT_GROUP = "Pilot group"
PILOT_COHORT_ID = 1
HISTORY = timedelta(days=180)
COHORT_STARTS_WITHIN_DAYS = 170
DROP_OUT_PER_MODULE = 0.05
# Learners start below the items' level and grow by about GROWTH through the course. A
# module's final comes right after its lessons (FRESH_BONUS); a learner who failed a final
# reviews the module and comes back stronger by RETRY_BONUS.
STARTING_ABILITY = -0.4
GROWTH = 1.4
FRESH_BONUS = 0.4
RETRY_BONUS = 0.8
ANSWER_INTERVAL = timedelta(seconds=45)
REVIEW_BEFORE_SUBMIT = timedelta(minutes=3)
HOURS_BETWEEN_LESSONS = 20
HOURS_BEFORE_A_QUIZ = 2
# Attempts draw their layouts from a fixed set per quiz: laying out a quiz costs more than
# answering it, and a few dozen layouts vary the drawn questions and option orders plenty.
LAYOUTS_PER_QUIZ = 48
# How much likelier a wrong option with author feedback (an anticipated misconception) is
# chosen than another wrong option.
TEMPTING = 4

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


@dataclass(frozen=True, slots=True)
class Item:
    """A question as the simulation sees it: its response-model parameters, its right
    answer, and the wrong answers learners give, each with the points it earns."""

    question_id: str
    difficulty: float
    discrimination: float
    max_points: Fraction | int
    correct_answer: Any
    wrong_answers: tuple[tuple[Any, Fraction | int], ...]
    wrong_cumulative_weights: tuple[float, ...]

    def wrong(self, rng: random.Random) -> tuple[Any, Fraction | int] | None:
        """A wrong answer and its points; None (left unanswered) when the type has none."""
        if not self.wrong_answers:
            return None
        weights = self.wrong_cumulative_weights
        # As rng.choices(..., cum_weights=weights) draws, without its overhead.
        return self.wrong_answers[bisect(weights, rng.random() * weights[-1])]


@dataclass(frozen=True)
class Form:
    """One layout of a quiz, as attempts store it, with its graded items in order."""

    seed: int
    layout: dict[str, Any]
    items: tuple[Item, ...]
    max_points: Fraction | int
    # The points needed to pass (more than the maximum when nothing can be earned).
    pass_points: Fraction


@dataclass(frozen=True)
class CohortPlan:
    id: int
    organisation_id: int
    starts_on: date
    trainer_email: str
    # Added to the ability of every learner of the cohort (organisation and trainer).
    effect: float


class _CaughtUp(Exception):
    """The learner's next step would happen after `now`: they are still busy with it."""


class _Timeline:
    """A learner's clock, moving forward step by step and never past `now`."""

    def __init__(self, moment: datetime, now: datetime, rng: random.Random):
        self.moment = moment
        self.now = now
        self.rng = rng

    def advance(self, hours: float) -> datetime:
        return self.reach(self.moment + timedelta(hours=hours * self.rng.uniform(0.5, 1.5)))

    def reach(self, moment: datetime) -> datetime:
        if moment > self.now:
            raise _CaughtUp
        self.moment = moment
        return moment


def _plain(points: Fraction) -> Fraction | int:
    # Whole points as ints: summing ints is many times faster than summing Fractions.
    return points.numerator if points.denominator == 1 else points


def _stable_seed(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "big")


def _wrong_candidates(question: LeafQuestion) -> list[tuple[Any, int]]:
    """The plausible wrong answers to a question (in stored form) with their weights."""
    kind = question.type
    if kind == "single_choice":
        return [(o.id, TEMPTING if o.feedback else 1) for o in question.options if not o.correct]
    if kind == "multiple_choice":
        correct = set(question.correct_answer())
        candidates = []
        for flipped in question.options:
            chosen = correct ^ {flipped.id}
            if chosen:
                answer = [o.id for o in question.options if o.id in chosen]
                candidates.append((answer, TEMPTING if flipped.feedback else 1))
        return candidates
    if kind == "true_false":
        return [(not question.answer, 1)]
    if kind == "matching":
        right = question.correct_answer()
        candidates = []
        for first, second in itertools.combinations(right, 2):
            swapped = dict(right)
            swapped[first], swapped[second] = right[second], right[first]
            candidates.append((swapped, 1))
        return candidates
    if kind == "ordering":
        order = question.correct_answer()
        return [
            ([*order[:index], order[index + 1], order[index], *order[index + 2 :]], 1)
            for index in range(len(order) - 1)
        ]
    if kind == "numeric":
        beyond = max(accepted.high for accepted in question.accepted()) + 1
        return [(answer_as_json(beyond), 1)]
    if kind == "short_answer":
        return [("?", 1)]
    return []


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
        self._forms = {quiz.id: self._make_forms(quiz) for quiz in self.quizzes}

    @property
    def quizzes(self) -> list[Quiz]:
        """The quizzes learners take, in course order: pre-test, finals, post-test, survey."""
        course, modules = self.course, self.catalog.modules
        ids = [course.pretest, *(modules[m].final for m in course.modules), course.posttest]
        ids.append(course.survey)
        return [self.catalog.quizzes[quiz_id] for quiz_id in ids if quiz_id is not None]

    def _make_forms(self, quiz: Quiz) -> list[Form]:
        items = {leaf.id: self._item(leaf) for leaf in quiz.leaves() if leaf.graded}
        questions = {question.id: question for question in quiz.questions}
        forms = []
        for number in range(LAYOUTS_PER_QUIZ):
            seed = _stable_seed(self.seed, quiz.id, number) >> 1  # 63 bits, as the app's
            layout = build_layout(quiz, seed)
            in_order = [
                items[leaf.id]
                for question_id in layout.question_ids
                for leaf in questions[question_id].leaves()
                if leaf.id in items
            ]
            stored = {"question_ids": layout.question_ids, "option_orders": layout.option_orders}
            total = _plain(sum((Fraction(item.max_points) for item in in_order), Fraction(0)))
            pass_points = total * Fraction(quiz.pass_mark) if total else Fraction(1)
            forms.append(Form(seed, stored, tuple(in_order), total, pass_points))
        return forms

    def _item(self, leaf: LeafQuestion) -> Item:
        rng = random.Random(_stable_seed(self.seed, leaf.id))
        candidates = _wrong_candidates(leaf)
        wrong = tuple(
            (answer, _plain(leaf.score(leaf.check_answer(answer)))) for answer, _ in candidates
        )
        return Item(
            leaf.id,
            rng.gauss(-0.6, 0.9),
            rng.uniform(0.5, 2.0),
            _plain(leaf.max_points),
            answer_as_json(leaf.correct_answer()),
            wrong,
            tuple(itertools.accumulate(weight for _, weight in candidates)),
        )

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
            "last_seen_at": self.now - timedelta(hours=self.rng.uniform(1, 72)),
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
        organisation_effect = [self.rng.gauss(0, 0.3) for _ in ORGANISATIONS]

        plans: list[CohortPlan] = []
        # The pilot group comes first, then full cohorts, then the rest.
        for cohort_id, size in enumerate(self._cohort_sizes(), start=1):
            org_id = (cohort_id - 1) % len(ORGANISATIONS) + 1
            starts = self.start.date() + timedelta(
                days=self.rng.randrange(COHORT_STARTS_WITHIN_DAYS)
            )
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
                    "ends_on": starts + timedelta(days=60),
                    "created_at": self.start,
                },
            )
            batch.add("cohort_trainers", {"cohort_id": cohort_id, "user_id": trainer["id"]})
            effect = organisation_effect[org_id - 1] + self.rng.gauss(0, 0.15)
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
        joined = datetime.combine(plan.starts_on, datetime.min.time(), UTC) + timedelta(
            hours=rng.randrange(8, 200)
        )
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
        timeline = _Timeline(joined, self.now, rng)
        try:
            status = self._course(
                batch, user["id"], plan, rng.gauss(STARTING_ABILITY + plan.effect, 1), timeline
            )
        except _CaughtUp:
            status = "in_progress"
        user["last_seen_at"] = timeline.moment
        return status

    def _course(
        self, batch: Batch, user_id: int, plan: CohortPlan, ability: float, timeline: _Timeline
    ) -> Status:
        rng, course, quizzes = self.rng, self.course, self.catalog.quizzes
        growth = max(0.0, rng.gauss(GROWTH, 0.4))
        if course.pretest:
            self._attempt(batch, user_id, plan.id, quizzes[course.pretest], ability, timeline)
        passed: set[str] = set()
        for index, module_id in enumerate(course.modules):
            module = self.catalog.modules[module_id]
            lessons = module.lessons
            dropping_out = rng.random() < DROP_OUT_PER_MODULE
            if dropping_out:
                lessons = lessons[: rng.randrange(len(lessons))]
            lesson_rows = batch.table("lesson_progress")
            for lesson in lessons:
                done_at = timeline.advance(HOURS_BETWEEN_LESSONS)
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
            level = ability + FRESH_BONUS + growth * (index + 1) / len(course.modules)
            for retry in range(final.max_attempts or 3):
                if self._attempt(
                    batch, user_id, plan.id, final, level + RETRY_BONUS * retry, timeline
                ):
                    passed.add(final.id)
                    break
            else:
                return "stuck"  # no attempts left: the trainer may grant another one
        if course.posttest:
            level = ability + growth
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
        timeline: _Timeline,
    ) -> bool:
        rng = self.rng
        random_number, exp = rng.random, math.exp
        form = self._forms[quiz.id][rng.randrange(LAYOUTS_PER_QUIZ)]
        started = timeline.advance(HOURS_BEFORE_A_QUIZ)
        submitted = timeline.reach(
            started + ANSWER_INTERVAL * len(form.items) + REVIEW_BEFORE_SUBMIT
        )
        attempt_id = next(self._attempt_ids)
        answer_rows = batch.table("answers")
        points = 0
        answered_at = started
        for item in form.items:
            answered_at += ANSWER_INTERVAL
            if random_number() * (1 + exp(item.discrimination * (item.difficulty - level))) < 1:
                answer, earned = item.correct_answer, item.max_points
            else:
                wrong = item.wrong(rng)
                if wrong is None:
                    continue
                answer, earned = wrong
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
        self, batch: Batch, user_id: int, cohort_id: int, quiz: Quiz, timeline: _Timeline
    ) -> None:
        rng = self.rng
        form = self._forms[quiz.id][rng.randrange(LAYOUTS_PER_QUIZ)]
        started = timeline.advance(1)
        leaves = quiz.leaves()
        submitted = timeline.reach(started + ANSWER_INTERVAL * len(leaves) + REVIEW_BEFORE_SUBMIT)
        attempt_id = next(self._attempt_ids)
        satisfaction = rng.gauss(4.1, 0.7)
        answered_at = started
        for leaf in leaves:
            if leaf.type == "likert":
                answer = min(leaf.scale, max(1, round(rng.gauss(satisfaction, 0.8))))
            elif rng.random() < 0.3:
                answer = rng.choice(COMMENTS)
            else:
                continue
            answered_at += ANSWER_INTERVAL
            batch.add(
                "answers",
                {
                    "id": next(self._answer_ids),
                    "attempt_id": attempt_id,
                    "question_id": leaf.id,
                    "answer": answer,
                    "points": None,
                    "answered_at": answered_at,
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
