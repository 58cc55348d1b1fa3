from __future__ import annotations

from fractions import Fraction
from math import comb
from typing import Annotated, Any, Literal

from pydantic import Field

from courseware.content.questions.base import (
    MAX_CHOICES,
    LeafQuestion,
    duplicate_id_problems,
    require_id_list,
)
from courseware.content.questions.choice import Option, Scoring


class MultipleChoice(LeafQuestion):
    type: Literal["multiple_choice"]
    options: Annotated[list[Option], Field(min_length=2, max_length=MAX_CHOICES)]
    scoring: Scoring = "all_or_nothing"

    def problems(self):
        problems = duplicate_id_problems(self.options, "options", "option")
        if not any(option.correct for option in self.options):
            problems.append(
                (("options",), "a multiple_choice question needs at least one correct option")
            )
        return problems

    def shuffle_ids(self) -> list[str]:
        return [option.id for option in self.options]

    def check_answer(self, answer: Any) -> list[str] | None:
        if answer is None:
            return None
        chosen = require_id_list(answer, self.shuffle_ids(), "option")
        # The same option ticked twice is still one choice.
        return [option.id for option in self.options if option.id in chosen]

    def _share(self, hits: int, misses: int) -> Fraction:
        """Share of the points for `hits` correct and `misses` incorrect options chosen."""
        n_correct = len(self.correct_answer())
        if self.scoring == "all_or_nothing":
            return Fraction(hits == n_correct and misses == 0)
        return max(Fraction(0), Fraction(hits - misses, n_correct))

    def score(self, answer: list[str] | None) -> Fraction:
        if not answer:
            return Fraction(0)
        correct = set(self.correct_answer())
        chosen = set(answer)
        return self.max_points * self._share(len(chosen & correct), len(chosen - correct))

    def correct_answer(self) -> list[str]:
        return [option.id for option in self.options if option.correct]

    def random_guess(self) -> Fraction:
        # A blind guess: any non-empty set of options, each equally likely; count the sets
        # by how many correct and incorrect options they hold.
        n_correct = len(self.correct_answer())
        n_wrong = len(self.options) - n_correct
        total = Fraction(0)
        for hits in range(n_correct + 1):
            for misses in range(n_wrong + 1):
                ways = comb(n_correct, hits) * comb(n_wrong, misses)
                total += ways * self._share(hits, misses)
        return total / (2 ** len(self.options) - 1)
