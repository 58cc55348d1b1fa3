"""Options shared by single- and multiple-choice questions."""

from __future__ import annotations

from typing import Literal

from courseware.content.fields import Boolean, Slug, StrictModel, Text

Scoring = Literal["all_or_nothing", "partial"]


class Option(StrictModel):
    id: Slug
    text: Text
    correct: Boolean = False
    feedback: Text | None = None
