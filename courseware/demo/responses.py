"""How simulated learners answer: a two-parameter item-response model.

Each learner has an ability, each question a difficulty and a discrimination, and the chance
of a right answer is 1 / (1 + exp(-discrimination * (ability - difficulty))); a branching
case is walked step by step, each step a right choice or not by the same model. Ability differs
a little by organisation and cohort and grows through the modules (so the post-test beats
the pre-test), and after the course part of that growth fades (so the follow-up checks at 30
and 90 days score lower, each topic fading at its own pace). Wrong answers favour each
question's most tempting wrong option, so that trainers' reports show real misconceptions;
survey answers lean towards satisfied.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from courseware.content.questions import LeafQuestion, Question, answer_as_json
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
# After the course, a learner loses in the long run the share `forgetting` of what the course
# added (drawn around FORGETTING, within 0..1), along an exponential curve with a time
# constant of FORGETTING_DAYS: with these values the average learner has lost a quarter of
# the gain at 30 days and half of it at 90, knowledge levelling off above where they started.
# That is the shape of knowledge measured again one and three months after a training (a
# steep early loss, then a slower one, most of the gain still there). A learner who keeps
# practising forgets less: a smaller `forgetting` (`Ability.practising`).
FORGETTING = 0.65
FORGETTING_SPREAD = 0.15
FORGETTING_DAYS = 60
# What a learner who takes the spaced practice sets still forgets of their `forgetting`: half.
# Spaced retrieval practice keeps clearly more than studying once (issue 22's Why: spaced
# over massed study g = 0.74, Latimier et al. 2021; spaced repetition for physicians d = 0.62,
# Price et al. 2024): half is a clear benefit without claiming that practice stops forgetting.
FORGETTING_KEPT_BY_PRACTICE = 0.5
# Topics fade at different paces (a legal article faster than a referral routine practised at
# work): each tag multiplies a learner's forgetting by its own factor around 1, the same for
# every learner of a seed, a question taking the mean of its tags'.
TAG_FADING_SPREAD = 0.3
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


# The behaviour survey at 90 days. Field workers who meet migrants suspect trafficking now and
# then, some far more often than others: the times a learner suspected it over three months
# are a Poisson count around their own rate, the rates gamma-distributed (mean CASES_MEAN,
# most learners near none, a few meeting many cases). Each suspicion is referred to an
# institution with its own chance (REFERRAL_SHARE: not every case reaches every
# institution). Confidence grows a little with the cases met.
SUSPICION_TAG = "behaviour-suspicion"
REFERRAL_TAG = "behaviour-referral"
CASES_MEAN = 1.4
CASES_SHAPE = 0.8
REFERRAL_SHARE = (0.15, 0.6)
CONFIDENCE = 3.7
CONFIDENCE_PER_CASE = 0.15
BEHAVIOUR_COMMENTING = 0.15
# Sample answers to its open questions: general, with nothing that identifies anyone.
BEHAVIOUR_COMMENTS = [
    "There was no interpreter for the language the person spoke.",
    "The centre for social work could not be reached at the weekend.",
    "The person left the reception centre before we could refer them.",
    "Nismo znali kome u policiji da se obratimo noću.",
    "Kontakt sa Centrom za zaštitu žrtava je bio brz i koristan.",
]


def organisation_effects(organisations: int, rng: random.Random) -> list[float]:
    """What each organisation adds to the ability of its learners."""
    return [rng.gauss(0, ORGANISATION_SPREAD) for _ in range(organisations)]


def cohort_effect(organisation_effect: float, rng: random.Random) -> float:
    """What a cohort (its organisation and its trainer) adds to the ability of its learners."""
    return organisation_effect + rng.gauss(0, COHORT_SPREAD)


@dataclass(frozen=True)
class Ability:
    """A learner's ability on the questions' scale: where they start, what the whole
    course adds, and the share of that they lose in the long run after it (`forgetting`:
    the hook for spaced practice, whose learners would forget less)."""

    start: float
    growth: float
    forgetting: float = FORGETTING

    @classmethod
    def drawn(cls, cohort_effect: float, rng: random.Random) -> Ability:
        start = rng.gauss(STARTING_ABILITY + cohort_effect, 1)
        return cls(start, max(0.0, rng.gauss(GROWTH, 0.4)))

    def forgetting_drawn(self, rng: random.Random) -> Ability:
        """The same learner with their own forgetting, drawn (at the certificate: what
        they forget comes after)."""
        return replace(
            self, forgetting=min(1.0, max(0.0, rng.gauss(FORGETTING, FORGETTING_SPREAD)))
        )

    def practising(self) -> Ability:
        """The same learner taking the spaced practice sets: they forget less."""
        return replace(self, forgetting=self.forgetting * FORGETTING_KEPT_BY_PRACTICE)

    def at_final(self, modules_done: int, modules: int, retry: int) -> float:
        """At the final of the `modules_done`-th of `modules` modules, after `retry` failed
        attempts at it."""
        fresh = self.start + FRESH_BONUS + self.growth * modules_done / modules
        return fresh + RETRY_BONUS * retry

    def at_the_end(self) -> float:
        return self.start + self.growth

    def after_course(self, days: float, fading: float = 1.0) -> float:
        """`days` after the post-test, on a question whose topics fade `fading` times as
        fast as the average (never below where the learner started)."""
        lost = min(1.0, self.forgetting * fading) * (1 - math.exp(-days / FORGETTING_DAYS))
        return self.at_the_end() - self.growth * lost


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
    # How fast the question's topics fade after the course (1: as fast as the average).
    fading: float = field(default=1.0, kw_only=True)

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


def forms(quiz: Quiz, seed: int, parallel_to: Quiz | None = None) -> list[Form]:
    """LAYOUTS_PER_QUIZ layouts of a quiz, the same for the same seed. A parallel form
    (the retention checks are written parallel to the post-test) is made as hard on
    average as the quiz it parallels: drawn independently, two quizzes' mean difficulties
    differ by chance about as much as a month's forgetting, which would hide it."""
    shift = 0.0
    if parallel_to is not None:
        shift = mean_difficulty(parallel_to, seed) - mean_difficulty(quiz, seed)
    items = {leaf.id: _item(leaf, seed, shift) for leaf in quiz.leaves() if leaf.graded}
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


class BehaviourSurvey:
    """How simulated learners answer the survey of their work since the course (Kirkpatrick
    level 3), by the tags its questions carry (quizzes/course-behaviour-90.yaml): a scale
    tagged SUSPICION_TAG counts in bands the times the learner suspected trafficking, one
    tagged REFERRAL_TAG the people referred to one institution; the other scales (how
    confident the learner feels) lean towards agreeing. A learner who met no case leaves the
    "select all that apply" questions empty (the survey asks them to); others tick one to
    three options, some options likelier than others."""

    def __init__(self, quiz: Quiz, seed: int):
        self.leaves = quiz.leaves()
        # Each institution gets its own share of the suspicions referred to it, and each
        # option its own popularity, the same for every learner of a seed.
        self.referral_share = {}
        self.option_weights = {}
        for leaf in self.leaves:
            rng = random.Random(_stable_seed(seed, leaf.id))
            if REFERRAL_TAG in leaf.tags:
                self.referral_share[leaf.id] = rng.uniform(*REFERRAL_SHARE)
            elif leaf.type == "multiple_choice":
                self.option_weights[leaf.id] = [rng.uniform(0.2, 1) for _ in leaf.options]

    def answers(self, rng: random.Random) -> Iterator[tuple[LeafQuestion, Any]]:
        suspected = _poisson(rng.gammavariate(CASES_SHAPE, CASES_MEAN / CASES_SHAPE), rng)
        confidence = rng.gauss(CONFIDENCE + CONFIDENCE_PER_CASE * min(suspected, 3), 0.7)
        for leaf in self.leaves:
            if SUSPICION_TAG in leaf.tags:
                yield leaf, _band(suspected)
            elif leaf.id in self.referral_share:
                share = self.referral_share[leaf.id]
                yield leaf, _band(sum(rng.random() < share for _ in range(suspected)))
            elif leaf.type == "likert":
                yield leaf, min(leaf.scale, max(1, round(rng.gauss(confidence, 0.8))))
            elif leaf.id in self.option_weights and suspected:
                options = [option.id for option in leaf.options]
                # One to three draws; an option drawn twice is ticked once.
                draws = min(3, 1 + _poisson(0.8, rng))
                ticked = set(rng.choices(options, self.option_weights[leaf.id], k=draws))
                yield leaf, [option for option in options if option in ticked]
            elif leaf.type == "text" and rng.random() < BEHAVIOUR_COMMENTING:
                yield leaf, rng.choice(BEHAVIOUR_COMMENTS)


def _band(count: int) -> int:
    """The scale point of a count: none, 1, 2 to 3, 4 to 5, more than 5 (the survey's
    bands)."""
    return 1 + sum(count >= floor for floor in (1, 2, 4, 6))


def _poisson(mean: float, rng: random.Random) -> int:
    """A Poisson draw (Knuth's method: the means here are small)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def mean_difficulty(quiz: Quiz, seed: int) -> float:
    """The mean difficulty of a quiz's graded questions."""
    items = [_item(leaf, seed) for leaf in quiz.leaves() if leaf.graded]
    return sum(item.difficulty for item in items) / len(items)


def _item(leaf: LeafQuestion, seed: int, shift: float = 0.0) -> Item:
    """The question's parameters; `shift` is added to its difficulty (and its steps')."""
    rng = random.Random(_stable_seed(seed, leaf.id))
    candidates = leaf.wrong_answers()
    wrong = tuple(
        (answer_as_json(checked), _plain(leaf.score(checked)))
        for checked in (leaf.check_answer(answer) for answer, _ in candidates)
    )
    fields = (
        leaf.id,
        rng.gauss(-0.6, 0.9) + shift,
        rng.uniform(0.5, 2.0),
        _plain(leaf.max_points),
        answer_as_json(leaf.correct_answer()),
        wrong,
        tuple(itertools.accumulate(TEMPTING if tempting else 1 for _, tempting in candidates)),
    )
    fading = _fading(leaf.tags, seed)
    if isinstance(leaf, Branching):
        return _case_item(leaf, fields, fading, rng)
    return Item(*fields, fading=fading)


def _fading(tags: Sequence[str], seed: int) -> float:
    """The mean of the tags' fading factors (1 for a question without tags)."""
    if not tags:
        return 1.0
    factors = [
        math.exp(random.Random(_stable_seed(seed, "fading", tag)).gauss(0, TAG_FADING_SPREAD))
        for tag in tags
    ]
    return sum(factors) / len(factors)


def _case_item(case: Branching, fields: tuple, fading: float, rng: random.Random) -> CaseItem:
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
    return CaseItem(*fields, case.start, steps, next_step, ending_points, fading=fading)


def _plain(points: Fraction) -> Fraction | int:
    # Whole points as ints: summing ints is many times faster than summing Fractions.
    return points.numerator if points.denominator == 1 else points


def _stable_seed(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "big")


def question_items(question: Question, seed: int) -> list[Item]:
    """A question's graded parts as the quizzes' forms see them (the same parameters)."""
    return [_item(leaf, seed) for leaf in question.leaves() if leaf.graded]
