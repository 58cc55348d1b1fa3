"""A question as an xAPI interaction activity, and an answer as its `response`, in the formats
of xAPI 1.0.3 (xAPI-Data.md, "Interaction Activities"): one function per question type,
listed in INTERACTIONS by type name.

Free-text answers are never sent: they may name people or places (the same reason erasure
deletes them), so a free-text question has no `response`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from courseware.content.fields import LANGUAGES, localize
from courseware.content.questions import LeafQuestion

# The item separators of the response formats.
ITEMS, PAIR, RANGE = "[,]", "[.]", "[:]"


def language_map(text: Any) -> dict[str, str]:
    """A Text (one string, or one per language) as an xAPI language map in every language."""
    return {language: localize(text, language) for language in LANGUAGES}


def _components(items: list[Any], text_of: Callable[[Any], Any]) -> list[dict[str, Any]]:
    return [{"id": item.id, "description": language_map(text_of(item))} for item in items]


def _number(value: Decimal | int | float) -> str:
    return format(Decimal(value).normalize(), "f")


def _choice(question, answer) -> tuple[dict, str | None]:
    correct = question.correct_answer()
    interaction = {
        "interactionType": "choice",
        "choices": _components(question.options, lambda option: option.text),
        "correctResponsesPattern": [correct if isinstance(correct, str) else ITEMS.join(correct)],
    }
    if answer is None:
        return interaction, None
    return interaction, answer if isinstance(answer, str) else ITEMS.join(answer)


def _true_false(question, answer) -> tuple[dict, str | None]:
    interaction = {
        "interactionType": "true-false",
        "correctResponsesPattern": [str(question.answer).lower()],
    }
    return interaction, None if answer is None else str(answer).lower()


def _matching(question, answer) -> tuple[dict, str | None]:
    interaction = {
        "interactionType": "matching",
        "source": _components(question.pairs, lambda pair: pair.left),
        "target": _components(question.pairs, lambda pair: pair.right)
        + _components(question.distractors, lambda distractor: distractor.text),
        "correctResponsesPattern": [
            ITEMS.join(f"{pair.id}{PAIR}{pair.id}" for pair in question.pairs)
        ],
    }
    if answer is None:
        return interaction, None
    return interaction, ITEMS.join(f"{left}{PAIR}{right}" for left, right in answer.items())


def _sequence(question, answer, choices: list[dict]) -> tuple[dict, str | None]:
    interaction = {
        "interactionType": "sequencing",
        "choices": choices,
        "correctResponsesPattern": [ITEMS.join(question.correct_answer())],
    }
    return interaction, None if answer is None else ITEMS.join(answer)


def _ordering(question, answer) -> tuple[dict, str | None]:
    return _sequence(question, answer, _components(question.items, lambda item: item.text))


def _branching(question, answer) -> tuple[dict, str | None]:
    # The path, as the choices taken one after the other; the pattern is the recommended path.
    choices = [
        {"id": choice.id, "description": language_map(choice.text)}
        for step in question.steps
        for choice in step.choices or []
    ]
    return _sequence(question, answer, choices)


def _numeric(question, answer) -> tuple[dict, str | None]:
    best = [accepted for accepted in question.accepted() if accepted.credit == 1]
    patterns = [
        _number(a.low) if a.low == a.high else f"{_number(a.low)}{RANGE}{_number(a.high)}"
        for a in best
    ]
    interaction = {"interactionType": "numeric", "correctResponsesPattern": patterns}
    return interaction, None if answer is None else _number(answer)


def _short_answer(question, answer) -> tuple[dict, str | None]:
    case = str(question.case_sensitive).lower()
    interaction = {
        "interactionType": "fill-in",
        "correctResponsesPattern": [
            f"{{case_matters={case}}}{accepted.text}"
            for accepted in question.answers
            if accepted.credit == 1
        ],
    }
    return interaction, answer


def _likert(question, answer) -> tuple[dict, str | None]:
    labels = question.labels or [str(point) for point in range(1, question.scale + 1)]
    interaction = {
        "interactionType": "likert",
        "scale": [
            {"id": str(point), "description": language_map(label)}
            for point, label in zip(range(1, question.scale + 1), labels, strict=True)
        ],
    }
    return interaction, None if answer is None else str(answer)


def _free_text(question, answer) -> tuple[dict, str | None]:
    return {"interactionType": "long-fill-in"}, None


INTERACTIONS: dict[str, Callable[[Any, Any], tuple[dict, str | None]]] = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "true_false": _true_false,
    "matching": _matching,
    "ordering": _ordering,
    "branching": _branching,
    "numeric": _numeric,
    "short_answer": _short_answer,
    "likert": _likert,
    "text": _free_text,
}


def interaction(question: LeafQuestion, answer: Any) -> tuple[dict[str, Any], str | None]:
    """The interaction part of the question's activity definition, and `answer` (checked, as
    `check_answer` returns it) as an xAPI response, None when there is none to send."""
    return INTERACTIONS[question.type](question, answer)
