"""Question types: each module owns one type's schema, answer checks, scoring and random guess."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from courseware.content.questions.base import (
    AnswerError,
    LeafQuestion,
    Question,
    answer_as_json,
)
from courseware.content.questions.registry import LEAF_TYPES, type_name
from courseware.content.questions.scenario import Scenario

QUESTION_TYPES = {type_name(cls): cls for cls in (*LEAF_TYPES, Scenario)}

AnyQuestion = Annotated[Union[(*LEAF_TYPES, Scenario)], Field(discriminator="type")]

__all__ = [
    "QUESTION_TYPES",
    "AnswerError",
    "AnyQuestion",
    "LeafQuestion",
    "Question",
    "Scenario",
    "answer_as_json",
]
