"""Options shared by single- and multiple-choice questions."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from courseware.content.fields import Boolean, Credit, Slug, StrictModel, Text

Scoring = Literal["all_or_nothing", "partial"]


class Option(StrictModel):
    id: Slug
    text: Text
    correct: Boolean = False
    # A share of the points for choosing this option (Moodle's "grade" of an answer):
    # partly right options of a single choice, or every option of a multiple choice
    # scored by credits.
    credit: Credit | None = None
    feedback: Text | None = None

    @property
    def share(self) -> Fraction:
        """The share of the points this option is worth on its own."""
        if self.credit is not None:
            return self.credit
        return Fraction(1 if self.correct else 0)
