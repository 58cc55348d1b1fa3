from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Annotated, Any, Literal

from pydantic import Field

from courseware.content.fields import Slug, StrictModel, Text
from courseware.content.questions.base import MAX_CHOICES, AnswerError, LeafQuestion, require_id
from courseware.content.questions.choice import Scoring


class Pair(StrictModel):
    id: Slug
    left: Text
    right: Text


class Distractor(StrictModel):
    id: Slug
    text: Text


class Matching(LeafQuestion):
    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=MAX_CHOICES)]
    distractors: Annotated[list[Distractor], Field(max_length=MAX_CHOICES)] = Field(
        default_factory=list
    )
    scoring: Scoring = "all_or_nothing"

    def problems(self):
        # Pairs and distractors are both right-hand items an answer can name: one id space.
        problems = []
        seen: set[str] = set()
        for field_name, items in (("pairs", self.pairs), ("distractors", self.distractors)):
            for index, item in enumerate(items):
                if item.id in seen:
                    problems.append(
                        ((field_name, index, "id"), f"duplicate pair or distractor id '{item.id}'")
                    )
                seen.add(item.id)
        return problems

    def pair_ids(self) -> list[str]:
        return [pair.id for pair in self.pairs]

    def shuffle_ids(self) -> list[str]:
        return self.pair_ids() + [d.id for d in self.distractors]

    def check_answer(self, answer: Any) -> dict[str, str] | None:
        if answer is None:
            return None
        if not isinstance(answer, dict):
            raise AnswerError(
                "expected a mapping from each left-hand pair id to the chosen right-hand id"
            )
        checked: dict[str, str] = {}
        for left, right in answer.items():
            left_id = require_id(left, self.pair_ids(), "pair")
            if right is not None:
                checked[left_id] = require_id(right, self.shuffle_ids(), "right-hand item")
        return checked

    def score(self, answer: dict[str, str] | None) -> Fraction:
        if not answer:
            return Fraction(0)
        matched = sum(answer.get(pair.id) == pair.id for pair in self.pairs)
        if self.scoring == "all_or_nothing":
            return self.max_points if matched == len(self.pairs) else Fraction(0)
        return self.max_points * Fraction(matched, len(self.pairs))

    def correct_answer(self) -> dict[str, str]:
        return {pair.id: pair.id for pair in self.pairs}

    def random_guess(self) -> Fraction:
        # Each left-hand item gets one of the right-hand items at random.
        chance = Fraction(1, len(self.shuffle_ids()))
        return chance if self.scoring == "partial" else chance ** len(self.pairs)

    def wrong_answers(self) -> list[tuple[dict[str, str], bool]]:
        # Two right-hand items swapped.
        right = self.correct_answer()
        swaps = []
        for first, second in combinations(right, 2):
            swapped = dict(right)
            swapped[first], swapped[second] = right[second], right[first]
            swaps.append((swapped, False))
        return swaps
