"""The demo population, simulated learner by learner through the real course: it puts the
people (`people`), the response model (`responses`) and the timeline (`timeline`) together
and yields the rows in batches, for `store.bulk.load_demo` to write.

Each learner takes the pre-test, each module's lessons and final (again after a failed
attempt, while attempts are left), the post-test and the survey, and earns the certificate;
then, some of them, the follow-up plan's steps when they fall due (the retention checks with
part of the course's gain forgotten). Some drop out along the way or get stuck on a final,
the latest cohorts are still busy, and some follow-up steps are due but not yet taken.
One random generator, seeded, makes every choice of the course, the parts drawing from it in
turn: the same seed gives the same rows, and moving a draw changes every row made after it.
The follow-up steps draw from a generator of each learner's own (seeded by the seed and the
learner), so that they leave the rows of the course as they were.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from courseware.content.catalog import Catalog
from courseware.content.course import FollowupStep
from courseware.content.questions import LeafQuestion
from courseware.content.quiz import Quiz
from courseware.demo.people import (
    ORGANISATIONS,
    CohortPlan,
    People,
    Row,
    Showcase,
    cohort_sizes,
)
from courseware.demo.practice import (
    PRACTISES,
    Practice,
)
from courseware.demo.responses import (
    Ability,
    BehaviourSurvey,
    Form,
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
)
from courseware.practice import MEASURED_KINDS, attempts_tag_scores

DROP_OUT_PER_MODULE = 0.05
# Learners give up on a final that sets no limit of attempts after failing it this often.
ATTEMPTS_AT_A_FINAL = 3
# Who takes a follow-up step. Follow-up questionnaires of trainings sent by mail one to three
# months later are answered by a third to a half of the trainees, fewer at each later point
# (people change jobs, mails go unread, the course is further away). Here 60% take the first
# step; of who took a step, 70% take the next one, of who did not, 10%: about 60% at 30
# days, 43% at 90 days and 36% for the behaviour survey. With a practice plan, the learners
# who practise (half, demo/practice.py) take the first step three times in four, the others
# a bit under half: still 60% in all, of whom about 60% practise, against 30% of the others.
# By whether the learner practises (None: the course has no practice plan).
TAKES_THE_FIRST_STEP = {None: 0.6, True: 0.75, False: 0.45}
TAKES_THE_NEXT_STEP = {True: 0.7, False: 0.1}

Status = Literal["completed", "in_progress", "stuck", "dropped_out"]
STATUSES: tuple[Status, ...] = ("completed", "in_progress", "stuck", "dropped_out")
DAY = 24 * 60 * 60


@dataclass
class Batch:
    """Rows for some of the tables, in the order they were made (a child row may come before
    its parent: insert the tables in foreign-key order). `learners_done` counts the learners
    simulated so far, this batch included."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    learners_done: int = 0

    def table(self, name: str) -> list[Row]:
        return self.rows.setdefault(name, [])

    def add(self, table: str, row: Row) -> None:
        self.table(table).append(row)


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
        self.rng = random.Random(seed)
        self.people = People(self.rng, now, self.start, password_hash)
        self.accounts: dict[str, str] = {}
        self.statuses: dict[Status, int] = dict.fromkeys(STATUSES, 0)
        # Follow-up steps due by now: taken, or not (yet).
        self.followup: dict[str, int] = {"taken": 0, "waiting": 0}
        self._attempt_ids = itertools.count(1)
        self._answer_ids = itertools.count(1)
        self.practice = Practice(catalog, seed) if self.course.practice else None
        # The current learner's last attempt at each final and the post-test: the quiz, the
        # points by question and the questions shown (for the practice sets' choice).
        self._measured: dict[str, tuple[Quiz, dict[str, Any], list[str]]] = {}
        posttest = catalog.quizzes[self.course.posttest] if self.course.posttest else None
        self._forms = {
            quiz.id: forms(quiz, seed, posttest if quiz.kind == "retention" else None)
            for quiz in self.quizzes
        }
        self._behaviour = {
            quiz.id: BehaviourSurvey(quiz, seed)
            for quiz in self.quizzes
            if quiz.id in self._followup_quizzes and quiz.kind == "survey"
        }

    @property
    def quizzes(self) -> list[Quiz]:
        """The quizzes learners take, in course order: pre-test, finals, post-test, survey,
        then the follow-up plan's."""
        course, modules = self.course, self.catalog.modules
        ids = [course.pretest, *(modules[m].final for m in course.modules), course.posttest]
        ids += [course.survey, *self._followup_quizzes]
        return [self.catalog.quizzes[quiz_id] for quiz_id in ids if quiz_id is not None]

    @property
    def versions(self) -> list[Quiz]:
        """The quizzes whose versions the rows refer to: those learners take, and those
        practice sets draw from."""
        taken = self.quizzes
        ids = {quiz.id for quiz in taken}
        drawn = self.practice.quizzes.values() if self.practice else []
        return taken + [quiz for quiz in drawn if quiz.id not in ids]

    @property
    def _followup_quizzes(self) -> list[str]:
        return [step.quiz for step in self.course.followup]

    def batches(self, learners_per_batch: int = 500) -> Iterator[Batch]:
        batch = Batch()
        batch.table("organisations").extend(self.people.organisations())
        batch.table("users").extend(self.people.staff())
        showcase = Showcase()
        self.accounts = showcase.accounts
        plans = self._cohorts(batch)
        for number, plan in enumerate(plans, start=1):
            email, status = self._learner(batch, number, plan)
            self.statuses[status] += 1
            showcase.consider(email, plan, busy=status == "in_progress")
            if number % learners_per_batch == 0 or number == len(plans):
                batch.learners_done = number
                yield batch
                batch = Batch()
        if batch.rows:  # no learners at all: the organisations and staff
            yield batch

    def _cohorts(self, batch: Batch) -> list[CohortPlan]:
        """Adds the cohorts and their trainers; returns the cohort of each learner in turn."""
        organisation_effect = organisation_effects(len(ORGANISATIONS), self.rng)
        plans: list[CohortPlan] = []
        for cohort_id, size in enumerate(cohort_sizes(self.learners), start=1):
            starts, ends = cohort_dates(self.start, self.rng)
            cohort, trainer = self.people.cohort(cohort_id, starts, ends)
            batch.add("users", trainer)
            batch.add("cohorts", cohort)
            batch.add("cohort_trainers", {"cohort_id": cohort_id, "user_id": trainer["id"]})
            org_id = cohort["organisation_id"]
            effect = cohort_effect(organisation_effect[org_id - 1], self.rng)
            plans += [CohortPlan(cohort_id, org_id, starts, trainer["email"], effect)] * size
        return plans

    def _learner(self, batch: Batch, number: int, plan: CohortPlan) -> tuple[str, Status]:
        """Adds the learner's account and all they did; returns their email and status."""
        joined = joining(plan.starts_on, self.rng)
        user = self.people.learner(number, plan.organisation_id, joined)
        batch.add("users", user)
        batch.add(
            "enrolments", {"user_id": user["id"], "cohort_id": plan.id, "enrolled_at": joined}
        )
        timeline = Timeline(joined, self.now, self.rng)
        self._measured = {}
        try:
            ability = Ability.drawn(plan.effect, self.rng)
            status = self._course(batch, user["id"], plan.id, ability, timeline)
        except CaughtUp:
            status = "in_progress"
        user["last_seen_at"] = timeline.moment
        return user["email"], status

    def _course(
        self, batch: Batch, user_id: int, cohort_id: int, ability: Ability, timeline: Timeline
    ) -> Status:
        rng, course, quizzes = self.rng, self.course, self.catalog.quizzes
        if course.pretest:
            pretest = quizzes[course.pretest]
            self._attempt(batch, user_id, cohort_id, pretest, ability.start, timeline)
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
            for retry in range(final.max_attempts or ATTEMPTS_AT_A_FINAL):
                level = ability.at_final(index + 1, len(course.modules), retry)
                if self._attempt(batch, user_id, cohort_id, final, level, timeline):
                    passed.add(final.id)
                    break
            else:
                return "stuck"  # no attempts left: the trainer may grant another one
        if course.posttest:
            posttest = quizzes[course.posttest]
            self._attempt(batch, user_id, cohort_id, posttest, ability.at_the_end(), timeline)
        if course.survey:
            survey = quizzes[course.survey]
            leaves = survey.leaves()
            form = self.rng.choice(self._forms[survey.id])
            sitting = timeline.survey(len(leaves))
            answers = survey_answers(leaves, self.rng)
            self._survey(batch, user_id, cohort_id, survey, form, sitting, answers)
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
            self._followup(batch, user_id, cohort_id, ability, timeline)
        return "completed"

    def _followup(
        self, batch: Batch, user_id: int, cohort_id: int, ability: Ability, timeline: Timeline
    ) -> None:
        """The follow-up steps the learner takes, of those due by now. Days count from the
        day of the certificate, as the app counts them; forgetting from the post-test, which
        the learner took just before. Drawn from a generator of the learner's own, so that
        the rest of the demo's rows stay what they were without a follow-up plan."""
        rng = random.Random(f"{self.seed}:followup:{user_id}")
        ability = ability.forgetting_drawn(rng)
        certified = timeline.moment
        # Who practises, from a generator of its own: the follow-up's draws stay as they were.
        sets_rng = random.Random(f"{self.seed}:practice:{user_id}")
        practising = None if self.practice is None else sets_rng.random() < PRACTISES
        if practising:
            ability = ability.practising()
            self._practice(batch, user_id, ability, Timeline(certified, self.now, sets_rng))
        later = Timeline(certified, self.now, rng)
        took_the_last, taken = None, 0
        try:
            for step in self.course.followup:
                chance = (
                    TAKES_THE_FIRST_STEP[practising]
                    if took_the_last is None
                    else TAKES_THE_NEXT_STEP[took_the_last]
                )
                took_the_last = rng.random() < chance
                if took_the_last:
                    self._step(batch, user_id, cohort_id, step, certified, ability, later)
                    taken += 1
        except CaughtUp:
            pass  # the step is due, or not yet due: not taken yet
        timeline.moment = later.moment
        today = self.now.date()
        due = sum(
            certified.date() + timedelta(days=s.after_days) <= today for s in self.course.followup
        )
        self.followup["taken"] += taken
        self.followup["waiting"] += due - taken

    def _practice(self, batch: Batch, user_id: int, ability: Ability, sets: Timeline) -> None:
        """The practice sets the learner took by now, from the certificate (`sets`), drawn
        from their points in their last attempt at each final and at the post-test, as the
        app reads them to draw a set."""
        assert self.practice is not None
        scores = attempts_tag_scores(self._measured.values())
        self.practice.take(batch.rows, user_id, scores, ability, sets)

    def _step(
        self,
        batch: Batch,
        user_id: int,
        cohort_id: int,
        step: FollowupStep,
        certified: datetime,
        ability: Ability,
        timeline: Timeline,
    ) -> None:
        """A follow-up step taken when due (CaughtUp: not yet)."""
        quiz, rng = self.catalog.quizzes[step.quiz], timeline.rng
        due_on = certified.date() + timedelta(days=step.after_days)
        again = step.remind_again_after_days
        form = rng.choice(self._forms[quiz.id])
        if quiz.id in self._behaviour:
            survey = self._behaviour[quiz.id]
            sitting = timeline.followup(due_on, again, len(survey.leaves))
            self._survey(batch, user_id, cohort_id, quiz, form, sitting, survey.answers(rng))
            return
        sitting = timeline.followup(due_on, again, len(form.items))
        days = (sitting[0] - certified).total_seconds() / DAY
        levels = [ability.after_course(days, item.fading) for item in form.items]
        self._sitting(batch, user_id, cohort_id, quiz, form, sitting, levels, rng)

    def _attempt(
        self,
        batch: Batch,
        user_id: int,
        cohort_id: int,
        quiz: Quiz,
        level: float,
        timeline: Timeline,
    ) -> bool:
        form = self.rng.choice(self._forms[quiz.id])
        sitting = timeline.quiz(len(form.items))
        levels = itertools.repeat(level, len(form.items))
        return self._sitting(batch, user_id, cohort_id, quiz, form, sitting, levels, self.rng)

    def _sitting(
        self,
        batch: Batch,
        user_id: int,
        cohort_id: int,
        quiz: Quiz,
        form: Form,
        sitting: tuple[datetime, datetime],
        levels: Iterable[float],
        rng: random.Random,
    ) -> bool:
        """An attempt at `form` started and submitted at `sitting`, each item answered at
        its own level of ability; whether it passed."""
        started, submitted = sitting
        attempt_id = next(self._attempt_ids)
        answer_rows = batch.table("answers")
        # Whole points (ints) and partial credit (Fractions) summed apart: once a Fraction is
        # in a sum, every addition after it is a Fraction's, several times slower.
        points, partial = 0, []
        earned_by_question: dict[str, Any] = {}
        times = answer_times(started, len(form.items))
        for item, level, answered_at in zip(form.items, levels, times, strict=True):
            response = item.respond(level, rng)
            if response is None:
                continue
            answer, earned = response
            if earned.__class__ is int:
                points += earned
            else:
                partial.append(earned)
            earned_by_question[item.question_id] = earned
            answer_rows.append(
                self._answer(attempt_id, item.question_id, answer, earned, answered_at)
            )
        if partial:
            points += sum(partial)
        passed = points >= form.pass_points
        if quiz.kind in MEASURED_KINDS:
            shown = [item.question_id for item in form.items]
            self._measured[quiz.id] = (quiz, earned_by_question, shown)
        scores = {"points": points, "max_points": form.max_points, "passed": passed}
        batch.add(
            "quiz_attempts",
            _attempt_row(attempt_id, user_id, cohort_id, quiz, form, started, submitted) | scores,
        )
        return passed

    def _survey(
        self,
        batch: Batch,
        user_id: int,
        cohort_id: int,
        quiz: Quiz,
        form: Form,
        sitting: tuple[datetime, datetime],
        answers: Iterable[tuple[LeafQuestion, Any]],
    ) -> None:
        started, submitted = sitting
        attempt_id = next(self._attempt_ids)
        # A survey question skipped takes no time (a quiz question left unanswered does).
        times = answer_times(started, len(quiz.leaves()))
        for leaf, answer in answers:
            batch.add("answers", self._answer(attempt_id, leaf.id, answer, None, next(times)))
        scores = {"points": None, "max_points": None, "passed": None}
        batch.add(
            "quiz_attempts",
            _attempt_row(attempt_id, user_id, cohort_id, quiz, form, started, submitted) | scores,
        )

    def _answer(
        self, attempt_id: int, question_id: str, answer: Any, points: Any, answered_at: datetime
    ) -> Row:
        return {
            "id": next(self._answer_ids),
            "attempt_id": attempt_id,
            "question_id": question_id,
            "answer": answer,
            "points": points,
            "answered_at": answered_at,
        }


def _attempt_row(
    attempt_id: int,
    user_id: int,
    cohort_id: int,
    quiz: Quiz,
    form: Form,
    started: datetime,
    submitted: datetime,
) -> Row:
    """The columns every submitted demo attempt shares; the caller adds the scores."""
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
