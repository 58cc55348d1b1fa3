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
    """One option is right; others may earn part of the points (`credit`)."""

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
        for index, option in enumerate(self.options):
            if option.credit is None:
                continue
            if option.correct and option.credit != 1:
                problems.append(
                    (
                        ("options", index, "credit"),
                        "the correct option earns all the points: leave out its credit",
                    )
                )
            elif option.credit < 0:
                problems.append(
                    (
                        ("options", index, "credit"),
                        "a single_choice option's credit must be between 0 and 1",
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
        if chosen is None:
            return Fraction(0)
        return self.max_points * chosen.share

    def correct_answer(self) -> str:
        return next(option.id for option in self.options if option.correct)

    def random_guess(self) -> Fraction:
        # Moodle's definition: the average share over the options.
        return sum((option.share for option in self.options), Fraction(0)) / len(self.options)

    def wrong_answers(self) -> list[tuple[str, bool]]:
        return [(o.id, o.feedback is not None) for o in self.options if o.share < 1]
