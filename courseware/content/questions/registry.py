"""The question types. Adding a type: write its module, then list its class here."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from courseware.content.questions.branching import Branching
from courseware.content.questions.free_text import FreeText
from courseware.content.questions.likert import Likert
from courseware.content.questions.matching import Matching
from courseware.content.questions.multiple_choice import MultipleChoice
from courseware.content.questions.numeric import Numeric
from courseware.content.questions.ordering import Ordering
from courseware.content.questions.short_answer import ShortAnswer
from courseware.content.questions.single_choice import SingleChoice
from courseware.content.questions.true_false import TrueFalse

LEAF_TYPES = (
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    Matching,
    Ordering,
    Numeric,
    ShortAnswer,
    Likert,
    FreeText,
    Branching,
)

AnyLeaf = Annotated[Union[LEAF_TYPES], Field(discriminator="type")]  # noqa: UP007


def type_name(question_class: type) -> str:
    return question_class.model_fields["type"].annotation.__args__[0]
