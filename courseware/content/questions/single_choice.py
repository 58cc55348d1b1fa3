from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field

from courseware.content.questions.base import (
    MAX_CHOICES,
    LeafQuestion,
    duplicate_id_problems,
    require_id,
)
from courseware.content.questions.choice import Option


class SingleChoice(LeafQuestion):
    type: Literal["single_choice"]
    options: Annotated[list[Option], Field(min_length=2, max_length=MAX_CHOICES)]

    def problems(self):
        problems = duplicate_id_problems(self.options, "options", "option")
        correct = sum(option.correct for option in self.options)
        if correct != 1:
            problems.append(
                (
                    ("options",),
                    f"a single_choice question needs exactly one correct option, found {correct}",
                )
            )
        return problems

    def shuffle_ids(self) -> list[str]:
        return [option.id for option in self.options]

    def check_answer(self, answer: Any) -> str | None:
        if answer is None:
            return None
        return require_id(answer, self.shuffle_ids(), "option")

    def score(self, answer: str | None) -> Fraction:
        chosen = next((o for o in self.options if o.id == answer), None)
        return self.max_points if chosen is not None and chosen.correct else Fraction(0)

    def correct_answer(self) -> str:
        return next(option.id for option in self.options if option.correct)

    def random_guess(self) -> Fraction:
        return Fraction(1, len(self.options))
