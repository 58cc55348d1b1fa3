"""Moodle questions as our question types (the import direction of `mapping.py`), and the
quiz file they make. Every question gives, for every answer, what Moodle gives; where our
types cannot say it, the question is left out (or its loss named) with a warning."""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import TypeAdapter, ValidationError

from courseware.content.fields import SLUG_PATTERN, credit_as_data
from courseware.content.questions.registry import AnyLeaf
from courseware.interop import bank
from courseware.interop.bank import BankQuestion, decimal_text, slug

Warn = Callable[[str], None]
ORDERING_RULES = {"ALL_OR_NOTHING": "all_or_nothing", "ABSOLUTE_POSITION": "partial"}


class Skip(Exception):
    """The question cannot be imported; the message says why."""


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(decimal_text(value))


def option_ids(meta: dict, count: int) -> list[str]:
    """The ids our export wrote, or readable ones: a, b, c, ..."""
    given = meta.get("ids")
    if (
        isinstance(given, list)
        and len(given) == count
        and all(isinstance(i, str) and SLUG_PATTERN.fullmatch(i) for i in given)
        and len(set(given)) == count
    ):
        return given
    letters = string.ascii_lowercase
    return [letters[i] if i < 26 else f"o{i + 1}" for i in range(count)]


def _require(text: Any, what: str) -> Any:
    if text is None or (isinstance(text, str) and not text.strip()):
        raise Skip(f"{what} is empty")
    return text


def _choices(question: BankQuestion, warn: Warn) -> dict:
    ids = option_ids(question.meta, len(question.answers))
    options = []
    for option_id, answer in zip(ids, question.answers, strict=True):
        option = {"id": option_id, "text": _require(answer.text, f"option {option_id}")}
        options.append((option, answer))
    if question.qtype == bank.MULTICHOICESET:
        for option, answer in options:
            if answer.fraction > 0:
                option["correct"] = True
        made = {"type": "multiple_choice", "options": [o for o, _ in options]}
        return _with_feedback(made, options)
    fractions = [a.fraction for _, a in options]
    if question.single:
        return _single(options, warn)
    positive = [f for f in fractions if f > 0]
    if (
        positive
        and all(f == Fraction(1, len(positive)) for f in positive)
        and all(f == -Fraction(1, len(positive)) for f in fractions if f <= 0)
    ):
        # Equal shares for the right ones and the same taken away for each wrong one is
        # our `partial` rule (or all or nothing, where our own export said so).
        for option, answer in options:
            option["correct"] = answer.fraction > 0 or None
        scoring = (
            "all_or_nothing" if question.meta.get("scoring") == "all_or_nothing" else "partial"
        )
        made = {"type": "multiple_choice", "scoring": scoring, "options": [o for o, _ in options]}
    else:
        if sum(positive, Fraction(0)) < 1:
            raise Skip("its positive grades add up to less than 100%: no answer earns full marks")
        for option, answer in options:
            if answer.fraction:
                option["credit"] = credit_as_data(answer.fraction)
        made = {"type": "multiple_choice", "options": [o for o, _ in options]}
    return _with_feedback(made, options)


def _single(options: list, warn: Warn) -> dict:
    full = [option for option, answer in options if answer.fraction == 1]
    if not full:
        raise Skip("no answer earns full marks (100%)")
    full[0]["correct"] = True
    for option, answer in options:
        if option is full[0] or answer.fraction == 0:
            continue
        if answer.fraction < 0:
            warn(
                f"option '{option['id']}' takes away {bank.percent(-answer.fraction)}% of the "
                "points in Moodle; here a question earns at least 0, so it earns 0"
            )
            continue
        option["credit"] = credit_as_data(answer.fraction)
    return _with_feedback({"type": "single_choice", "options": [o for o, _ in options]}, options)


def _with_feedback(made: dict, options: list) -> dict:
    for option, answer in options:
        if option.get("correct") is None:
            option.pop("correct", None)
        if answer.feedback is not None:
            option["feedback"] = answer.feedback
    return made


def _match(question: BankQuestion, warn: Warn) -> dict:
    ids = option_ids(question.meta, len(question.subquestions))
    pairs, distractors, seen = [], [], {}
    for item_id, (left, right) in zip(ids, question.subquestions, strict=True):
        right = _require(right, f"the right-hand item of '{item_id}'")
        if right in seen.values():
            warn(
                f"two items share the right-hand text '{str(right)[:40]}': Moodle offers it once "
                "and accepts it for both; here each left-hand item has its own"
            )
        seen[item_id] = right
        if left is None:
            distractors.append({"id": item_id, "text": right})
        else:
            pairs.append({"id": item_id, "left": left, "right": right})
    if len(pairs) < 2:
        raise Skip("a matching question needs at least 2 pairs")
    scoring = "all_or_nothing" if question.meta.get("scoring") == "all_or_nothing" else "partial"
    made = {"type": "matching", "scoring": scoring, "pairs": pairs}
    if distractors:
        made["distractors"] = distractors
    return made


def _accepted(entry: dict, answer, warn: Warn) -> dict:
    """An accepted answer (numeric, short answer) with its credit and feedback."""
    if answer.fraction < 0:
        warn(
            f"the answer {entry.get('text', entry.get('value', ''))!r} has a negative grade; "
            "it earns 0 here"
        )
    if answer.fraction != 1:
        entry["credit"] = credit_as_data(max(Fraction(0), answer.fraction))
    if answer.feedback is not None:
        entry["feedback"] = answer.feedback
    return entry


def _full_marks(answers: list[dict]) -> None:
    if not any(a.get("credit", 1) == 1 for a in answers):
        raise Skip("no answer earns full marks (100%)")


def _numerical(question: BankQuestion, warn: Warn) -> dict:
    answers = []
    for answer in question.answers:
        if answer.value is None and answer.low is None:
            if answer.fraction > 0:
                raise Skip("it accepts any answer ('*') for part of the points")
            if answer.feedback is not None:
                warn("the feedback for any other answer ('*') is left out")
            continue
        entry: dict[str, Any] = (
            {"value": number(answer.value), "tolerance": number(answer.tolerance or Decimal(0))}
            if answer.value is not None
            else {"min": number(answer.low), "max": number(answer.high)}
        )
        answers.append(_accepted(entry, answer, warn))
    _full_marks(answers)
    made: dict[str, Any] = {"type": "numeric"}
    only = answers[0]
    if len(answers) == 1 and "value" in only and set(only) <= {"value", "tolerance"}:
        made["answer"], made["tolerance"] = only["value"], only["tolerance"]
    else:
        made["answers"] = answers
    unit = question.meta.get("unit")
    units = [(name, m) for name, m in question.units if name]
    if units:
        unit = next((name for name, m in units if m == 1), units[0][0])
        if len(units) > 1:
            warn(
                "Moodle accepts answers in several units; "
                "only the number in the first is graded here"
            )
    if isinstance(unit, str) and unit.strip():
        made["unit"] = unit.strip()
    return made


def _shortanswer(question: BankQuestion, warn: Warn) -> dict:
    answers = []
    for answer in question.answers:
        text = (answer.text or "").strip()
        if not text:
            continue
        answers.append(_accepted({"text": text}, answer, warn))
    _full_marks(answers)
    made: dict[str, Any] = {"type": "short_answer", "answers": answers}
    if question.case_sensitive or question.meta.get("case_sensitive") is True:
        made["case_sensitive"] = True
    return made


def _ordering(question: BankQuestion, warn: Warn) -> dict:
    ids = option_ids(question.meta, len(question.answers))
    items = [
        {"id": i, "text": _require(a.text, f"item {i}")}
        for i, a in zip(ids, question.answers, strict=True)
    ]
    if len(items) < 2:
        raise Skip("an ordering question needs at least 2 items")
    rule = question.grading.upper() or "RELATIVE_NEXT_EXCLUDE_LAST"
    if rule not in ORDERING_RULES:
        warn(
            f"Moodle grades it by '{rule}'; imported as 'partial' (the share of items in their "
            "correct place), the nearest rule here"
        )
    if not question.select_all:
        warn("Moodle shows each learner only some of the items; here all of them are shown")
    return {"type": "ordering", "scoring": ORDERING_RULES.get(rule, "partial"), "items": items}


def _essay(question: BankQuestion, warn: Warn, kind: str) -> dict:
    if kind != "survey":
        raise Skip("an essay is graded by hand in Moodle; only a survey can hold open answers")
    made: dict[str, Any] = {"type": "text"}
    if isinstance(question.meta.get("max_length"), int) and question.meta["max_length"] > 0:
        made["max_length"] = question.meta["max_length"]
    return made


def is_branching(question: BankQuestion) -> bool:
    """A description our export wrote for a branching case (its definition in our comment)."""
    return question.qtype == bank.DESCRIPTION and isinstance(question.meta.get("branching"), dict)


def _branching(question: BankQuestion) -> dict:
    """The branching case exactly as our export left it in the comment, checked as
    `validate` checks a question."""
    data = dict(question.meta["branching"])
    if data.get("type") != "branching":
        raise Skip("the branching case in our comment is not a branching question")
    data.pop("id", None)
    return checked({"id": "", **data}, "the branching case in our comment is not valid")


_LEAF = TypeAdapter(AnyLeaf)


def checked(data: dict, what: str = "it cannot be a question here") -> dict:
    """`data` if `validate` accepts it as a question, else Skip naming the first problem:
    one question our types cannot hold (e.g. more options than a question may have) is
    left out with a warning instead of stopping the whole import."""
    try:
        question = _LEAF.validate_python({**data, "id": "checked"})
    except ValidationError as error:
        first = error.errors()[0]
        # The first part of the place is the union's tag (the type) for an ordinary question.
        loc = (
            first["loc"][1:]
            if first["loc"] and first["loc"][0] == data.get("type")
            else first["loc"]
        )
        raise Skip(f"{what} ({'.'.join(str(p) for p in loc)}: {first['msg']})") from None
    problems = question.problems()
    if problems:
        path, message = problems[0]
        where = ".".join(str(part) for part in path)
        raise Skip(f"{what} ({where + ': ' if where else ''}{message})")
    return data


def to_question(question: BankQuestion, kind: str, warn: Warn) -> dict:
    """Our question (as data for the quiz file) for one Moodle question; raises Skip."""
    qtype = question.qtype
    if is_branching(question):
        return _branching(question)
    if qtype in (bank.MULTICHOICE, bank.MULTICHOICESET):
        if len(question.answers) < 2:
            raise Skip("a multiple-choice question needs at least 2 answers")
        made = _choices(question, warn)
    elif qtype == bank.TRUEFALSE:
        made = {"type": "true_false", "answer": question.true_answer}
        if question.feedback_true is not None:
            made["feedback_true"] = question.feedback_true
        if question.feedback_false is not None:
            made["feedback_false"] = question.feedback_false
    elif qtype == bank.MATCH:
        made = _match(question, warn)
    elif qtype == bank.NUMERICAL:
        made = _numerical(question, warn)
    elif qtype == bank.SHORTANSWER:
        made = _shortanswer(question, warn)
    elif qtype == bank.ORDERING:
        made = _ordering(question, warn)
    elif qtype == bank.ESSAY:
        made = _essay(question, warn, kind)
    elif qtype in ("multianswer", "cloze"):
        raise Skip("Cloze (multianswer) questions are not supported")
    else:
        raise Skip(f"the question type '{qtype}' is not supported")
    head: dict[str, Any] = {"id": "", "type": made.pop("type")}
    head["prompt"] = _require(question.text, "the question text")
    # A survey scores nothing: its questions' marks (0 in our own export) do not matter.
    if kind != "survey" and question.default_grade != 1:
        if question.default_grade <= 0:
            warn("its default grade is 0; it is worth 1 point here")
        else:
            head["points"] = number(question.default_grade)
    head.update(made)
    return checked({**head, **common_fields(question, warn)})


def common_fields(question: BankQuestion, warn: Warn) -> dict:
    tail: dict[str, Any] = {}
    if question.general_feedback is not None:
        tail["explanation"] = question.general_feedback
    if question.reference:
        tail["reference"] = question.reference
    tags = []
    for tag in question.tags:
        made = slug(tag, "")
        if made and made not in tags:
            tags.append(made)
        elif not made:
            warn(f"the tag '{tag}' cannot be made an id and is left out")
    if tags:
        tail["tags"] = tags
    return tail
