from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from courseware.content.fields import Text
from courseware.content.questions.base import MAX_CHOICES, Question
from courseware.content.questions.registry import AnyLeaf


class Scenario(Question):
    """A case vignette with sub-questions; it has no points of its own."""

    type: Literal["scenario"]
    case: Text
    questions: Annotated[list[AnyLeaf], Field(min_length=1, max_length=MAX_CHOICES)]

    def problems(self):
        return [
            (("questions", index, *path), message)
            for index, question in enumerate(self.questions)
            for path, message in question.problems()
        ]

    def leaves(self):
        return list(self.questions)
