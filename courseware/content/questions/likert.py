from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator

from courseware.content.fields import Integer, Text
from courseware.content.questions.base import AnswerError, LeafQuestion


def _scale_range(value: int) -> int:
    if not 3 <= value <= 7:
        raise ValueError("must be between 3 and 7")
    return value


class Likert(LeafQuestion):
    """An agreement scale for the course evaluation: answered, never scored."""

    type: Literal["likert"]
    scale: Annotated[Integer, AfterValidator(_scale_range)] = 5
    labels: list[Text] | None = None

    graded: ClassVar[bool] = False

    def problems(self):
        if self.labels is not None and len(self.labels) != self.scale:
            return [
                (
                    ("labels",),
                    f"give one label per point of the scale: {self.scale} labels, "
                    f"found {len(self.labels)}",
                )
            ]
        return []

    def check_answer(self, answer: Any) -> int | None:
        if answer is None:
            return None
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= self.scale:
            raise AnswerError(f"expected a whole number from 1 to {self.scale}")
        return answer

    def score(self, answer: int | None) -> Fraction:
        return Fraction(0)

    def correct_answer(self) -> None:
        return None

    def random_guess(self) -> None:
        return None
