"""A typed answer compared with accepted answers the way Moodle's short answer does: the
first accepted answer that matches gives its credit; `*` in an accepted answer stands for
any run of characters (`\\*` is a real asterisk); case is ignored unless `case_sensitive`."""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field

from courseware.content.fields import Boolean, Credit, PlainText, StrictModel, Text
from courseware.content.questions.base import (
    AnswerError,
    LeafQuestion,
)

MAX_ANSWER_LENGTH = 500
_STARS = re.compile(r"(?<!\\)\*+")


def wildcard_parts(pattern: str) -> list[str]:
    """The literal pieces between the wildcards of `pattern`."""
    return [part.replace("\\*", "*") for part in _STARS.split(pattern)]


def wildcard_match(pattern: str, text: str) -> bool:
    """Whether `text` matches `pattern` in whole; linear in the text for each piece, so a
    pattern of many stars cannot make it slow (no backtracking regular expression)."""
    parts = wildcard_parts(pattern)
    if len(parts) == 1:
        return text == parts[0]
    first, *middle, last = parts
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    position = len(first)
    for part in middle:
        found = text.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


class AcceptedText(StrictModel):
    text: PlainText
    credit: Credit = Fraction(1)
    feedback: Text | None = None


def _normal(text: str, case_sensitive: bool) -> str:
    text = unicodedata.normalize("NFC", text.strip())
    return text if case_sensitive else text.lower()


class ShortAnswer(LeafQuestion):
    type: Literal["short_answer"]
    answers: Annotated[list[AcceptedText], Field(min_length=1)]
    case_sensitive: Boolean = False

    def problems(self):
        problems = []
        for index, accepted in enumerate(self.answers):
            if not accepted.text.strip():
                problems.append((("answers", index, "text"), "must not be empty"))
            if accepted.credit < 0:
                problems.append(
                    (("answers", index, "credit"), "a short answer's credit must be 0 to 1")
                )
        if not any(a.credit == 1 for a in self.answers):
            problems.append(
                (("answers",), "at least one answer must earn all the points (credit 1)")
            )
        return problems

    def check_answer(self, answer: Any) -> str | None:
        if answer is None:
            return None
        if not isinstance(answer, str):
            raise AnswerError("expected text")
        if len(answer) > MAX_ANSWER_LENGTH:
            raise AnswerError(
                f"the answer is {len(answer)} characters; the limit is {MAX_ANSWER_LENGTH}"
            )
        return answer if answer.strip() else None

    def matching(self, answer: str | None) -> AcceptedText | None:
        """The accepted answer that grades `answer`: the first that matches."""
        if answer is None or not answer.strip():
            return None
        given = _normal(answer, self.case_sensitive)
        for accepted in self.answers:
            pattern = _normal(accepted.text, self.case_sensitive)
            if wildcard_match(pattern, given):
                return accepted
        return None

    def score(self, answer: str | None) -> Fraction:
        return self.credited(self.matching(answer))

    def correct_answer(self) -> str:
        return next(a.text for a in self.answers if a.credit == 1)

    def random_guess(self) -> Fraction:
        # Moodle's definition: what an answer of nothing but `*` gives, if there is one.
        anything = next((a for a in self.answers if set(a.text.strip()) == {"*"}), None)
        return max(Fraction(0), anything.credit) if anything is not None else Fraction(0)

    def wrong_answers(self) -> list[tuple[str, bool]]:
        # An answer that matches no accepted text unless the author accepts anything (`*`).
        return [("?", False)]
