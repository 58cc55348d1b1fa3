"""Each question type's UI, by type name. Adding a type: write `ui/questions/<type>.py` (named
as its module in `content/questions/`), then add its line here."""

from __future__ import annotations

from courseware.ui.questions.base import QuestionUI
from courseware.ui.questions.branching import BranchingUI
from courseware.ui.questions.free_text import FreeTextUI
from courseware.ui.questions.likert import LikertUI
from courseware.ui.questions.matching import MatchingUI
from courseware.ui.questions.multiple_choice import MultipleChoiceUI
from courseware.ui.questions.numeric import NumericUI
from courseware.ui.questions.ordering import OrderingUI
from courseware.ui.questions.scenario import ScenarioUI
from courseware.ui.questions.short_answer import ShortAnswerUI
from courseware.ui.questions.single_choice import SingleChoiceUI
from courseware.ui.questions.true_false import TrueFalseUI

LEAF_UIS: dict[str, QuestionUI] = {
    "single_choice": SingleChoiceUI(),
    "multiple_choice": MultipleChoiceUI(),
    "true_false": TrueFalseUI(),
    "matching": MatchingUI(),
    "ordering": OrderingUI(),
    "numeric": NumericUI(),
    "short_answer": ShortAnswerUI(),
    "likert": LikertUI(),
    "text": FreeTextUI(),
    "branching": BranchingUI(),
}

QUESTION_UIS: dict[str, QuestionUI] = LEAF_UIS | {"scenario": ScenarioUI(LEAF_UIS)}
