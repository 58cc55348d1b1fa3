from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal

from courseware.content.fields import Integer, at_least
from courseware.content.questions.base import AnswerError, LeafQuestion


class FreeText(LeafQuestion):
    """An open answer for the course evaluation: answered, never scored."""

    type: Literal["text"]
    max_length: Annotated[Integer, at_least(1)] = 2000

    graded: ClassVar[bool] = False

    def check_answer(self, answer: Any) -> str | None:
        if answer is None:
            return None
        if not isinstance(answer, str):
            raise AnswerError("expected text")
        if len(answer) > self.max_length:
            raise AnswerError(
                f"the answer is {len(answer)} characters; the limit is {self.max_length}"
            )
        return answer

    def score(self, answer: str | None) -> Fraction:
        return Fraction(0)

    def correct_answer(self) -> None:
        return None

    def random_guess(self) -> None:
        return None
