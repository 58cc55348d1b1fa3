from __future__ import annotations

import re
from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal

from courseware.content.fields import Integer, at_least
from courseware.content.questions.base import AnswerError, LeafQuestion

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: digits with spaces, hyphens, slashes or brackets between them, starting with
# + or 0 (as Serbian and international numbers are written) with 7 digits or more, or 9 digits
# or more however it starts. Years, counts and ranges ("2023-2024", "12 people") are not.
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d \t()/-]*\d(?![\w])")
CONTACT_DETAILS_REFUSED = (
    "the answer seems to contain an e-mail address or a phone number: please remove it. "
    "Do not write personal data about the people you met (names, contact details, "
    "or anything else that could identify them)"
)


def contains_contact_details(text: str) -> bool:
    """Whether free text holds an e-mail address or something written like a phone number."""
    if EMAIL.search(text):
        return True
    for match in PHONE.finditer(text):
        number = match.group()
        digits = sum(c.isdigit() for c in number)
        if digits >= 9 or (digits >= 7 and number.lstrip("(")[0] in "+0"):
            return True
    return False


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
        if contains_contact_details(answer):
            raise AnswerError(CONTACT_DETAILS_REFUSED)
        return answer

    def score(self, answer: str | None) -> Fraction:
        return Fraction(0)

    def correct_answer(self) -> None:
        return None

    def random_guess(self) -> None:
        return None
