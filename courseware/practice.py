"""Spaced practice after the certificate (pure: no Streamlit, no SQL): when each set falls due,
which items a set draws, and a learner's results per tag.

A set draws its items from the learner's weakest tags (their share of the points on those
tags in their last attempt at each final and at the post-test), one item per tag, weakest
first, and never an item of the set before it. The pool is the graded questions of the
module finals and knowledge checks (`POOL_KINDS`): questions the learner has met, which is
what retrieval practice is. The pre- and post-test, the follow-up checks (`retention`) and
surveys are never drawn: the retention checks must stay unseen until they are due, and the
pre- and post-test measure the course. Given the same seed, the same inputs draw the same set;
the store keeps a set when it is first made, so it never changes afterwards."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from courseware.content.course import PracticePlan
from courseware.content.questions import Question
from courseware.content.quiz import Quiz
from courseware.followup import Reminder

POOL_KINDS = ("final", "check")
# The quiz kinds whose results say where a learner is weakest.
MEASURED_KINDS = ("final", "posttest")
# A reminder of a practice set is recorded under this key and the set's number (a quiz id is a
# slug, which never holds a colon, so the two never meet).
REMINDER_PREFIX = "practice:"

# Per tag: the points earned and the points possible.
TagScores = dict[str, tuple[Fraction, Fraction]]


@dataclass(frozen=True)
class Item:
    """One question of a set: a top-level question (a scenario with its sub-questions, a
    branching case) of a quiz, in the version the set was made with."""

    quiz_id: str
    question_id: str
    content_version: str
    # The same question whatever its version (kept, not made on each look: a set's choice
    # looks at every item of the pool).
    key: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "key", (self.quiz_id, self.question_id))


@dataclass(frozen=True)
class Candidate:
    item: Item
    tags: frozenset[str]


@dataclass(frozen=True)
class SetStatus:
    number: int
    due_on: date
    done: bool

    def due(self, today: date) -> bool:
        return not self.done and self.due_on <= today


def schedule(plan: PracticePlan, certified_on: date, finished: Iterable[int]) -> list[SetStatus]:
    """Every set of the plan, numbered from 1, with the day it falls due."""
    done = set(finished)
    return [
        SetStatus(number, certified_on + timedelta(days=days), number in done)
        for number, days in enumerate(plan.after_days, start=1)
    ]


def reminder_key(number: int) -> str:
    return f"{REMINDER_PREFIX}{number}"


def set_of_reminder(key: str) -> int | None:
    """The set number of a reminder's key; None for a follow-up step's quiz."""
    return int(key.removeprefix(REMINDER_PREFIX)) if key.startswith(REMINDER_PREFIX) else None


def practice_reminders(
    plan: PracticePlan, certified_on: date, finished: Iterable[int], today: date
) -> list[Reminder]:
    """One reminder (round 1) for each set due and not finished."""
    return [
        Reminder(reminder_key(status.number), 1, status.due_on)
        for status in schedule(plan, certified_on, finished)
        if status.due(today)
    ]


def question_tags(question: Question) -> frozenset[str]:
    """A question's own tags and those of its graded parts."""
    return frozenset(question.tags).union(*(leaf.tags for leaf in question.leaves() if leaf.graded))


def pool(quizzes: Iterable[Quiz]) -> list[Candidate]:
    """The graded questions of the finals and knowledge checks, in the order given."""
    return [
        Candidate(Item(quiz.id, question.id, quiz.content_version()), question_tags(question))
        for quiz in quizzes
        if quiz.kind in POOL_KINDS
        for question in quiz.questions
        if any(leaf.graded for leaf in question.leaves())
    ]


def tag_scores(quiz: Quiz, points: Mapping[str, Fraction], shown: Iterable[str]) -> TagScores:
    """Per tag, what the shown graded questions (leaf ids) earned (`points`, none for an
    unanswered one) of what they could."""
    return _as_fractions(_add_tag_points({}, quiz, points, shown))


def attempts_tag_scores(
    attempts: Iterable[tuple[Quiz, Mapping[str, Fraction], Iterable[str]]],
) -> TagScores:
    """The `tag_scores` of several attempts (quiz, points, shown) added up."""
    totals: dict[str, list] = {}
    for quiz, points, shown in attempts:
        _add_tag_points(totals, quiz, points, shown)
    return _as_fractions(totals)


def _add_tag_points(
    totals: dict[str, list], quiz: Quiz, points: Mapping[str, Fraction], shown: Iterable[str]
) -> dict[str, list]:
    # Summed as they come (whole points as ints, many times quicker to add than Fractions,
    # and an int plus a Fraction is exact), made Fractions once at the end.
    shown = set(shown)
    for leaf in quiz.leaves():
        if not leaf.graded or leaf.id not in shown:
            continue
        earned, possible = _whole_as_int(points.get(leaf.id, 0)), _whole_as_int(leaf.max_points)
        for tag in leaf.tags:
            total = totals.setdefault(tag, [0, 0])
            total[0] += earned
            total[1] += possible
    return totals


def _as_fractions(totals: dict[str, list]) -> TagScores:
    return {
        tag: (Fraction(earned), Fraction(possible)) for tag, (earned, possible) in totals.items()
    }


def _whole_as_int(points: Fraction | int) -> Fraction | int:
    return points.numerator if points.denominator == 1 else points


def add_scores(*parts: TagScores) -> TagScores:
    total: dict[str, tuple[Fraction, Fraction]] = {}
    for part in parts:
        for tag, (earned, possible) in part.items():
            before = total.get(tag)
            total[tag] = (
                (earned, possible) if before is None else (before[0] + earned, before[1] + possible)
            )
    return total


def weakest_tags(scores: TagScores) -> list[str]:
    """The tags with points possible, the lowest share first (ties by name)."""
    # Each share as a whole number over one common denominator: the same order as the
    # Fractions', exactly, without making and comparing a Fraction for each.
    shares = {
        tag: (earned.numerator * possible.denominator, earned.denominator * possible.numerator)
        for tag, (earned, possible) in scores.items()
        if possible
    }
    common = math.lcm(*(denominator for _, denominator in shares.values()))

    def share(tag: str) -> tuple[int, str]:
        numerator, denominator = shares[tag]
        return numerator * (common // denominator), tag

    return sorted(shares, key=share)


def choose_set(
    candidates: list[Candidate],
    scores: TagScores,
    previous: Iterable[Item],
    size: int,
    seed: int,
) -> list[Item]:
    """`size` items (fewer when the pool is smaller): one per tag, going through the tags
    weakest first and again until the set is full, each a random item of that tag not yet
    chosen and not in `previous`; then, if the tags run out, random items of the rest."""
    before = {item.key for item in previous}
    left = [c for c in candidates if c.item.key not in before]
    random.Random(seed).shuffle(left)
    unmeasured = sorted(frozenset().union(*(c.tags for c in left)) - set(scores))
    order = weakest_tags(scores) + unmeasured
    chosen: list[Candidate] = []
    while len(chosen) < size:
        grown = False
        for tag in order:
            if len(chosen) == size:
                break
            pick = next((c for c in left if tag in c.tags), None)
            if pick is None:
                continue
            chosen.append(pick)
            left.remove(pick)
            grown = True
        if not grown:
            break
    chosen += left[: size - len(chosen)]
    return [c.item for c in chosen]


@dataclass(frozen=True)
class TagPoint:
    """One point of a learner's tag history: `number` 0 is the finals and post-test, then
    each finished practice set."""

    number: int
    on: date
    tag: str
    earned: Fraction
    possible: Fraction

    @property
    def share(self) -> Fraction:
        return self.earned / self.possible


def tag_history(
    baseline: TagScores, baseline_on: date, sets: list[tuple[int, date, TagScores]]
) -> list[TagPoint]:
    """The learner's share per tag, at the end of the course and after each practice set."""
    return [
        TagPoint(number, on, tag, earned, possible)
        for number, on, scores in [(0, baseline_on, baseline), *sets]
        for tag, (earned, possible) in sorted(scores.items())
        if possible
    ]
