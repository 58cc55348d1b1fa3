from __future__ import annotations

from fractions import Fraction
from math import factorial
from typing import Annotated, Any, Literal

from pydantic import Field

from courseware.content.fields import Slug, StrictModel, Text
from courseware.content.questions.base import (
    MAX_CHOICES,
    AnswerError,
    LeafQuestion,
    duplicate_id_problems,
    require_id_list,
)
from courseware.content.questions.choice import Scoring


class Item(StrictModel):
    id: Slug
    text: Text


class Ordering(LeafQuestion):
    """Items are written in the correct order; learners always see them shuffled."""

    type: Literal["ordering"]
    items: Annotated[list[Item], Field(min_length=2, max_length=MAX_CHOICES)]
    scoring: Scoring = "all_or_nothing"

    def problems(self):
        return duplicate_id_problems(self.items, "items", "item")

    def shuffle_ids(self) -> list[str]:
        return self.correct_answer()

    def check_answer(self, answer: Any) -> list[str] | None:
        if answer is None:
            return None
        order = require_id_list(answer, self.correct_answer(), "item")
        if sorted(order) != sorted(self.correct_answer()):
            raise AnswerError(
                f"expected every item id exactly once, in the learner's order "
                f"(items: {', '.join(self.correct_answer())})"
            )
        return order

    def score(self, answer: list[str] | None) -> Fraction:
        if not answer:
            return Fraction(0)
        in_place = sum(given == item.id for given, item in zip(answer, self.items, strict=True))
        if self.scoring == "all_or_nothing":
            return self.max_points if in_place == len(self.items) else Fraction(0)
        return self.max_points * Fraction(in_place, len(self.items))

    def correct_answer(self) -> list[str]:
        return [item.id for item in self.items]

    def random_guess(self) -> Fraction:
        # A random order puts on average one item in its place.
        n = len(self.items)
        return Fraction(1, n) if self.scoring == "partial" else Fraction(1, factorial(n))

    def wrong_answers(self) -> list[tuple[list[str], bool]]:
        # Two neighbouring items swapped.
        order = self.correct_answer()
        return [
            ([*order[:index], order[index + 1], order[index], *order[index + 2 :]], False)
            for index in range(len(order) - 1)
        ]
