from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from courseware.content.fields import Boolean, Text
from courseware.content.questions.base import AnswerError, LeafQuestion


class TrueFalse(LeafQuestion):
    type: Literal["true_false"]
    answer: Boolean
    feedback_true: Text | None = None
    feedback_false: Text | None = None

    def check_answer(self, answer: Any) -> bool | None:
        if answer is None or isinstance(answer, bool):
            return answer
        raise AnswerError("expected true or false")

    def score(self, answer: bool | None) -> Fraction:
        return self.max_points if answer is not None and answer == self.answer else Fraction(0)

    def correct_answer(self) -> bool:
        return self.answer

    def random_guess(self) -> Fraction:
        return Fraction(1, 2)

    def wrong_answers(self) -> list[tuple[bool, bool]]:
        return [(not self.answer, False)]
