"""Each question type owns one module on each layer, with the same name."""

from pathlib import Path

import courseware.content.questions as content_questions
import courseware.ui.questions as ui_questions
from courseware.content.questions import QUESTION_TYPES
from courseware.ui.questions.registry import QUESTION_UIS


def _module_name(obj) -> str:
    cls = obj if isinstance(obj, type) else type(obj)
    return cls.__module__.rsplit(".", 1)[1]


def test_every_content_type_has_its_ui_and_the_other_way_round():
    assert set(QUESTION_TYPES) == set(QUESTION_UIS)


def test_a_types_ui_module_has_the_name_of_its_content_module():
    for name, question_class in QUESTION_TYPES.items():
        assert _module_name(QUESTION_UIS[name]) == _module_name(question_class), name


def test_no_type_module_is_left_out_of_a_registry():
    def type_modules(package) -> set[str]:
        shared = {"__init__", "base", "registry", "choice"}
        return {p.stem for p in Path(package.__file__).parent.glob("*.py")} - shared

    registered = {_module_name(cls) for cls in QUESTION_TYPES.values()}
    assert type_modules(content_questions) == registered
    assert type_modules(ui_questions) == registered
