from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import AfterValidator

from courseware.content.fields import Number, PlainText
from courseware.content.questions.base import AnswerError, LeafQuestion


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("must not be negative")
    return value


class Numeric(LeafQuestion):
    type: Literal["numeric"]
    answer: Number
    tolerance: Annotated[Number, AfterValidator(_not_negative)] = Decimal(0)
    unit: PlainText | None = None

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

    def score(self, answer: Decimal | None) -> Fraction:
        if answer is None:
            return Fraction(0)
        return self.max_points if abs(answer - self.answer) <= self.tolerance else Fraction(0)

    def correct_answer(self) -> Decimal:
        return self.answer

    def wrong_answers(self) -> list[tuple[Decimal, bool]]:
        return [(self.answer + self.tolerance + 1, False)]
