from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from courseware.content.fields import Credit, Number, PlainText, StrictModel, Text
from courseware.content.questions.base import (
    AnswerError,
    LeafQuestion,
)


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("must not be negative")
    return value


NotNegative = Annotated[Number, AfterValidator(_not_negative)]


class AcceptedNumber(StrictModel):
    """One accepted answer: a value give or take `tolerance`, or a range `min`..`max`,
    worth `credit` of the points, with feedback for learners who give it."""

    value: Number | None = None
    tolerance: NotNegative | None = None
    min: Number | None = None
    max: Number | None = None
    credit: Credit = Fraction(1)
    feedback: Text | None = None

    @property
    def low(self) -> Decimal:
        if self.value is None:
            return self.min
        return self.value - (self.tolerance or 0)

    @property
    def high(self) -> Decimal:
        if self.value is None:
            return self.max
        return self.value + (self.tolerance or 0)

    def accepts(self, answer: Decimal) -> bool:
        return self.low <= answer <= self.high

    def problems(self) -> list[tuple[tuple, str]]:
        if self.value is not None:
            if self.min is not None or self.max is not None:
                return [((), "give either value (with tolerance) or min and max, not both")]
            return []
        if self.min is None or self.max is None:
            return [((), "give value (with an optional tolerance), or both min and max")]
        if self.tolerance is not None:
            return [(("tolerance",), "a range (min and max) has no tolerance")]
        if self.min > self.max:
            return [(("min",), "min must not be more than max")]
        return []


class Numeric(LeafQuestion):
    """A number: either `answer` (± `tolerance`) for all the points, or a list of
    `answers`, where the first that accepts the learner's number gives its credit."""

    type: Literal["numeric"]
    answer: Number | None = None
    tolerance: NotNegative = Decimal(0)
    answers: Annotated[list[AcceptedNumber], Field(min_length=1)] | None = None
    unit: PlainText | None = None

    def problems(self):
        if (self.answer is None) == (self.answers is None):
            return [(("answer",), "give either answer (one number) or answers (a list), not both")]
        if self.answers is None:
            return []
        if "tolerance" in self.model_fields_set:
            return [(("tolerance",), "with answers, give each answer its own tolerance")]
        problems = [
            (("answers", index, *path), message)
            for index, accepted in enumerate(self.answers)
            for path, message in accepted.problems()
        ]
        if not self.answers:
            problems.append((("answers",), "needs at least 1 item(s), found 0"))
        for index, accepted in enumerate(self.answers):
            if accepted.credit < 0:
                problems.append(
                    (("answers", index, "credit"), "a numeric answer's credit must be 0 to 1")
                )
        if not problems and not any(a.credit == 1 for a in self.answers):
            problems.append(
                (("answers",), "at least one answer must earn all the points (credit 1)")
            )
        return problems

    def check_answer(self, answer: Any) -> Decimal | None:
        if answer is None:
            return None
        if isinstance(answer, bool) or not isinstance(answer, int | float | Decimal):
            raise AnswerError("expected a number")
        if isinstance(answer, float):
            if answer != answer or answer in (float("inf"), float("-inf")):
                raise AnswerError("expected a finite number")
            return Decimal(repr(answer))
        return Decimal(answer)

    def accepted(self) -> list[AcceptedNumber]:
        """Every accepted answer, the single `answer` form included."""
        if self.answers is not None:
            return list(self.answers)
        return [AcceptedNumber(value=self.answer, tolerance=self.tolerance)]

    def matching(self, answer: Decimal | None) -> AcceptedNumber | None:
        """The accepted answer that grades `answer` (Moodle's rule: the first that fits)."""
        if answer is None:
            return None
        return next((a for a in self.accepted() if a.accepts(answer)), None)

    def score(self, answer: Decimal | None) -> Fraction:
        return self.credited(self.matching(answer))

    def correct_answer(self) -> Decimal:
        best = next(a for a in self.accepted() if a.credit == 1)
        if best.value is not None:
            return best.value
        return (best.min + best.max) / 2

    def wrong_answers(self) -> list[tuple[Decimal, bool]]:
        return [(max(accepted.high for accepted in self.accepted()) + 1, False)]
