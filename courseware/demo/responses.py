"""How simulated learners answer: a two-parameter item-response model.

Each learner has an ability, each question a difficulty and a discrimination, and the chance
of a right answer is 1 / (1 + exp(-discrimination * (ability - difficulty))); a branching
case is walked step by step, each step a right choice or not by the same model. Ability differs
a little by organisation and cohort and grows through the modules (so the post-test beats
the pre-test). Wrong answers favour each question's most tempting wrong option, so that
trainers' reports show real misconceptions; survey answers lean towards satisfied.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from courseware.content.questions import LeafQuestion, answer_as_json
from courseware.content.questions.branching import Branching
from courseware.content.quiz import Quiz
from courseware.grading import build_layout

# Learners start below the items' level and grow by about GROWTH through the course. A
# module's final comes right after its lessons (FRESH_BONUS); a learner who failed a final
# reviews the module and comes back stronger by RETRY_BONUS.
STARTING_ABILITY = -0.4
GROWTH = 1.4
FRESH_BONUS = 0.4
RETRY_BONUS = 0.8
# How far organisations, and cohorts within one, stand apart (standard deviations).
ORGANISATION_SPREAD = 0.3
COHORT_SPREAD = 0.15
# Attempts draw their layouts from a fixed set per quiz: laying out a quiz costs more than
# answering it, and a few dozen layouts vary the drawn questions and option orders plenty.
LAYOUTS_PER_QUIZ = 48
# How much likelier a wrong option with author feedback (an anticipated misconception) is
# chosen than another wrong option.
TEMPTING = 4
# A branching case's steps are each a little easier than a question (a path to full credit
# takes several right choices), and they differ among themselves by STEP_SPREAD.
CASE_EASING = 0.3
STEP_SPREAD = 1.0
# The share of learners who write something in a survey's open question.
COMMENTING = 0.3
COMMENTS = [
    "The referral steps and contacts were the most useful part.",
    "More cases about children on the move, please.",
    "Korisni su primeri iz prakse i indikatori.",
    "Voleo bih više vežbi o prvom kontaktu.",
    "Clear and practical; the Serbian legal terms helped.",
]


def organisation_effects(organisations: int, rng: random.Random) -> list[float]:
    """What each organisation adds to the ability of its learners."""
    return [rng.gauss(0, ORGANISATION_SPREAD) for _ in range(organisations)]


def cohort_effect(organisation_effect: float, rng: random.Random) -> float:
    """What a cohort (its organisation and its trainer) adds to the ability of its learners."""
    return organisation_effect + rng.gauss(0, COHORT_SPREAD)


@dataclass(frozen=True)
class Ability:
    """A learner's ability on the questions' scale: where they start, and what the whole
    course adds."""

    start: float
    growth: float

    @classmethod
    def drawn(cls, cohort_effect: float, rng: random.Random) -> Ability:
        start = rng.gauss(STARTING_ABILITY + cohort_effect, 1)
        return cls(start, max(0.0, rng.gauss(GROWTH, 0.4)))

    def at_final(self, modules_done: int, modules: int, retry: int) -> float:
        """At the final of the `modules_done`-th of `modules` modules, after `retry` failed
        attempts at it."""
        fresh = self.start + FRESH_BONUS + self.growth * modules_done / modules
        return fresh + RETRY_BONUS * retry

    def at_the_end(self) -> float:
        return self.start + self.growth


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

    def respond(self, ability: float, rng: random.Random) -> tuple[Any, Fraction | int] | None:
        """The answer of a learner of that ability and its points; None (left unanswered)
        for a wrong answer where the type has none."""
        # The model's chance, compared without a division: this runs for every answer.
        if rng.random() * (1 + math.exp(self.discrimination * (self.difficulty - ability))) < 1:
            return self.correct_answer, self.max_points
        if not self.wrong_answers:
            return None
        weights = self.wrong_cumulative_weights
        # As rng.choices(..., cum_weights=weights) draws, without its overhead.
        return self.wrong_answers[bisect(weights, rng.random() * weights[-1])]


@dataclass(frozen=True, slots=True)
class Step:
    """A step of a branching case as the simulation sees it: its recommended choice (None
    when it recommends none) and that choice's difficulty, and the other choices with their
    cumulative weights (tempting ones, with author feedback, weigh more)."""

    recommended: str | None
    difficulty: float
    others: tuple[str, ...]
    other_cumulative_weights: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class CaseItem(Item):
    """A branching case, walked step by step through the same response model: at each step
    the learner takes the recommended choice with the model's chance for that step's
    difficulty (so better learners stay on the recommended path longer), and otherwise one
    of the other choices, the tempting ones likelier. The answer is the path; its points
    are those of the ending reached."""

    start: str
    steps: dict[str, Step]
    next_step: dict[str, str]
    ending_points: dict[str, Fraction | int]

    def respond(self, ability: float, rng: random.Random) -> tuple[Any, Fraction | int] | None:
        path, here = [], self.start
        while here not in self.ending_points:
            step = self.steps[here]
            chance = 1 + math.exp(self.discrimination * (step.difficulty - ability))
            if step.recommended is not None and (not step.others or rng.random() * chance < 1):
                choice = step.recommended
            else:
                weights = step.other_cumulative_weights
                choice = step.others[bisect(weights, rng.random() * weights[-1])]
            path.append(choice)
            here = self.next_step[choice]
        return path, self.ending_points[here]


@dataclass(frozen=True)
class Form:
    """One layout of a quiz, as attempts store it, with its graded items in order."""

    seed: int
    layout: dict[str, Any]
    items: tuple[Item, ...]
    max_points: Fraction | int
    # The points needed to pass (more than the maximum when nothing can be earned).
    pass_points: Fraction


def forms(quiz: Quiz, seed: int) -> list[Form]:
    """LAYOUTS_PER_QUIZ layouts of a quiz, the same for the same seed."""
    items = {leaf.id: _item(leaf, seed) for leaf in quiz.leaves() if leaf.graded}
    questions = {question.id: question for question in quiz.questions}
    made = []
    for number in range(LAYOUTS_PER_QUIZ):
        layout_seed = _stable_seed(seed, quiz.id, number) >> 1  # 63 bits, as the app's
        layout = build_layout(quiz, layout_seed)
        in_order = [
            items[leaf.id]
            for question_id in layout.question_ids
            for leaf in questions[question_id].leaves()
            if leaf.id in items
        ]
        stored = {"question_ids": layout.question_ids, "option_orders": layout.option_orders}
        total = _plain(sum((Fraction(item.max_points) for item in in_order), Fraction(0)))
        pass_points = total * Fraction(quiz.pass_mark) if total else Fraction(1)
        made.append(Form(layout_seed, stored, tuple(in_order), total, pass_points))
    return made


def survey_answers(
    leaves: Sequence[LeafQuestion], rng: random.Random
) -> Iterator[tuple[LeafQuestion, Any]]:
    """The questions of a survey a learner answers, with their answers: every scale, around
    the learner's overall satisfaction, and an open question now and then."""
    satisfaction = rng.gauss(4.1, 0.7)
    for leaf in leaves:
        if leaf.type == "likert":
            yield leaf, min(leaf.scale, max(1, round(rng.gauss(satisfaction, 0.8))))
        elif rng.random() < COMMENTING:
            yield leaf, rng.choice(COMMENTS)


def _item(leaf: LeafQuestion, seed: int) -> Item:
    rng = random.Random(_stable_seed(seed, leaf.id))
    candidates = leaf.wrong_answers()
    wrong = tuple(
        (answer_as_json(checked), _plain(leaf.score(checked)))
        for checked in (leaf.check_answer(answer) for answer, _ in candidates)
    )
    fields = (
        leaf.id,
        rng.gauss(-0.6, 0.9),
        rng.uniform(0.5, 2.0),
        _plain(leaf.max_points),
        answer_as_json(leaf.correct_answer()),
        wrong,
        tuple(itertools.accumulate(TEMPTING if tempting else 1 for _, tempting in candidates)),
    )
    if isinstance(leaf, Branching):
        return _case_item(leaf, fields, rng)
    return Item(*fields)


def _case_item(case: Branching, fields: tuple, rng: random.Random) -> CaseItem:
    """The case's steps, each with a difficulty of its own around the case's (eased, as a
    path takes several right choices where a question takes one): some steps are where
    judgement fails more often, as in real cohorts."""
    difficulty = fields[1] - CASE_EASING
    steps, next_step, ending_points = {}, {}, {}
    for step in case.steps:
        if step.is_ending:
            ending_points[step.id] = _plain(case.max_points * Fraction(step.credit))
            continue
        best = step.recommended()
        others = [choice for choice in step.choices if best is None or choice.id != best.id]
        steps[step.id] = Step(
            None if best is None else best.id,
            rng.gauss(difficulty, STEP_SPREAD),
            tuple(choice.id for choice in others),
            tuple(itertools.accumulate(TEMPTING if c.feedback else 1 for c in others)),
        )
        next_step |= {choice.id: choice.next for choice in step.choices}
    return CaseItem(*fields, case.start, steps, next_step, ending_points)


def _plain(points: Fraction) -> Fraction | int:
    # Whole points as ints: summing ints is many times faster than summing Fractions.
    return points.numerator if points.denominator == 1 else points


def _stable_seed(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "big")
