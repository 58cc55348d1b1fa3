from __future__ import annotations

from collections import Counter
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
    """Several options may be right. Scored by `scoring`, or, when the options carry a
    `credit`, by Moodle's rule: the chosen options' credits added up, kept within 0..1."""

    type: Literal["multiple_choice"]
    options: Annotated[list[Option], Field(min_length=2, max_length=MAX_CHOICES)]
    scoring: Scoring = "all_or_nothing"

    @property
    def by_credit(self) -> bool:
        return any(option.credit is not None for option in self.options)

    def problems(self):
        problems = duplicate_id_problems(self.options, "options", "option")
        if self.by_credit:
            return problems + self._credit_problems()
        if not any(option.correct for option in self.options):
            problems.append(
                (("options",), "a multiple_choice question needs at least one correct option")
            )
        return problems

    def _credit_problems(self):
        problems = []
        if "scoring" in self.model_fields_set:
            problems.append(
                (("scoring",), "options with credit are scored by their credits: leave out scoring")
            )
        for index, option in enumerate(self.options):
            if "correct" in option.model_fields_set:
                problems.append(
                    (
                        ("options", index, "correct"),
                        "with credits, an option is correct when its credit is more than 0: "
                        "leave out correct",
                    )
                )
        positive = sum((o.share for o in self.options if o.share > 0), Fraction(0))
        if positive < 1:
            problems.append(
                (
                    ("options",),
                    f"the positive credits add up to {float(positive):g}; "
                    "together they must be worth at least all the points (1)",
                )
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
        chosen = set(answer)
        if self.by_credit:
            total = sum((o.share for o in self.options if o.id in chosen), Fraction(0))
            return self.max_points * min(Fraction(1), max(Fraction(0), total))
        correct = set(self.correct_answer())
        return self.max_points * self._share(len(chosen & correct), len(chosen - correct))

    def correct_answer(self) -> list[str]:
        if self.by_credit:
            return [option.id for option in self.options if option.share > 0]
        return [option.id for option in self.options if option.correct]

    def random_guess(self) -> Fraction:
        # A blind guess: any non-empty set of options, each equally likely.
        if self.by_credit:
            return self._random_guess_by_credit()
        # Count the sets by how many correct and incorrect options they hold.
        n_correct = len(self.correct_answer())
        n_wrong = len(self.options) - n_correct
        total = Fraction(0)
        for hits in range(n_correct + 1):
            for misses in range(n_wrong + 1):
                ways = comb(n_correct, hits) * comb(n_wrong, misses)
                total += ways * self._share(hits, misses)
        return total / (2 ** len(self.options) - 1)

    def wrong_answers(self) -> list[tuple[list[str], bool]]:
        # One option ticked wrongly or left out.
        correct = set(self.correct_answer())
        flipped_sets = [(correct ^ {o.id}, o.feedback is not None) for o in self.options]
        return [
            ([o.id for o in self.options if o.id in chosen], tempting)
            for chosen, tempting in flipped_sets
            if chosen
        ]

    def _random_guess_by_credit(self) -> Fraction:
        # How many sets of options add up to each total, built one option at a time.
        sums: Counter[Fraction] = Counter({Fraction(0): 1})
        for option in self.options:
            grown: Counter[Fraction] = Counter(sums)
            for total, ways in sums.items():
                grown[total + option.share] += ways
            sums = grown
        sums[Fraction(0)] -= 1  # the empty set is not an answer
        earned = sum(
            (ways * min(Fraction(1), max(Fraction(0), total)) for total, ways in sums.items()),
            Fraction(0),
        )
        return earned / (2 ** len(self.options) - 1)
