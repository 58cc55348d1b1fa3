"""Our question types as Moodle question types (the export direction), and the table of
how exact each mapping is, shared by Moodle XML and GIFT. `bank_import.py` is the other way.

For every possible answer, a Moodle learner earns the same share of the points as here,
except where a warning says otherwise (and names what Moodle does instead)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from courseware.content.questions import LeafQuestion, Question
from courseware.interop import bank
from courseware.interop.bank import BankAnswer, BankQuestion

XML, GIFT = "moodle-xml", "gift"
ORDERING_PLUGIN = "the Ordering question type (qtype_ordering)"
ALL_OR_NOTHING_PLUGIN = "the All-or-Nothing Multiple Choice plugin (qtype_multichoiceset)"

# Our type -> (Moodle type, how exact), as docs/interop.md shows it.
TYPE_TABLE = {
    "single_choice": ("multichoice, one answer", "exact (option credit = answer grade)"),
    "multiple_choice": (
        "multichoice, several answers; all_or_nothing: multichoiceset (plugin)",
        "exact; all_or_nothing in GIFT: lossy (Moodle gives partial credit)",
    ),
    "true_false": ("truefalse", "exact"),
    "matching": ("matching", "partial: exact; all_or_nothing: lossy (Moodle gives k/n)"),
    "ordering": ("ordering (qtype_ordering)", "exact with that type; skipped without it"),
    "numeric": ("numerical", "exact; the unit is shown, never graded"),
    "short_answer": ("shortanswer", "exact"),
    "scenario": ("description + its questions", "exact scores; the grouping is ours"),
    "branching": (
        "description (the prompt and the case's steps as text)",
        "lossy in Moodle (not graded there); exact round trip here",
    ),
    "text": ("essay", "survey only: Moodle grades essays by hand"),
    "likert": ("none", "skipped: Moodle's quiz has no rating scale"),
}

Warn = Callable[[str], None]


def _common(question: Question, qtype: str, **fields: Any) -> BankQuestion:
    fields.setdefault("default_grade", getattr(question, "points", bank.Decimal(1)))
    return BankQuestion(
        qtype=qtype,
        name=question.id,
        idnumber=question.id,
        text=question.prompt,
        general_feedback=question.explanation,
        reference=question.reference,
        tags=list(question.tags),
        meta={"id": question.id},
        **fields,
    )


def _choices(question, shuffle: bool, fractions: list[Fraction], qtype: str) -> BankQuestion:
    made = _common(question, qtype, single=question.type == "single_choice", shuffle=shuffle)
    made.answers = [
        BankAnswer(text=o.text, fraction=f, feedback=o.feedback)
        for o, f in zip(question.options, fractions, strict=True)
    ]
    made.meta["ids"] = [o.id for o in question.options]
    return made


def _all_or_nothing(question, made: BankQuestion, warn: Warn, loss: str) -> BankQuestion:
    """Moodle grades `made` with partial credit: say so, and keep our rule for this app."""
    if question.scoring == "all_or_nothing":
        warn(loss)
        made.meta["scoring"] = "all_or_nothing"
    return made


def _multiple(question, fmt: str, shuffle: bool, warn: Warn) -> BankQuestion:
    if question.by_credit:
        positive = sum((o.share for o in question.options if o.share > 0), Fraction(0))
        if positive != 1:
            # Moodle's multichoice saves it with a notice and grades it as here (the total
            # kept within 0..100%), but its editor refuses to save it until they make 100%.
            warn(
                f"its positive credits add up to {bank.percent(positive)}%: Moodle imports it "
                "with a notice and scores it the same, but its question editor will ask for 100%"
            )
        return _choices(question, shuffle, [o.share for o in question.options], bank.MULTICHOICE)
    correct = set(question.correct_answer())
    each = Fraction(1, len(correct))
    if question.scoring == "all_or_nothing" and fmt == XML:
        warn(f"needs {ALL_OR_NOTHING_PLUGIN} on the Moodle site, which grades it all or nothing")
        fractions = [Fraction(o.id in correct) for o in question.options]
        return _choices(question, shuffle, fractions, bank.MULTICHOICESET)
    fractions = [each if o.id in correct else -each for o in question.options]
    made = _choices(question, shuffle, fractions, bank.MULTICHOICE)
    return _all_or_nothing(
        question,
        made,
        warn,
        "GIFT has no all-or-nothing multiple choice: Moodle gives a share of the points "
        "for each correct option ticked, less one for each wrong one",
    )


def _matching(question, shuffle: bool, warn: Warn) -> BankQuestion:
    made = _common(question, bank.MATCH, shuffle=shuffle)
    made.subquestions = [(p.left, p.right) for p in question.pairs]
    made.subquestions += [(None, d.text) for d in question.distractors]
    made.meta["ids"] = [p.id for p in question.pairs] + [d.id for d in question.distractors]
    return _all_or_nothing(
        question,
        made,
        warn,
        "Moodle's matching gives a share of the points for each pair matched (k of n); "
        "here it is all or nothing",
    )


def _numeric(question, fmt: str, warn: Warn) -> BankQuestion:
    made = _common(question, bank.NUMERICAL)
    for accepted in question.accepted():
        answer = BankAnswer(fraction=accepted.credit, feedback=accepted.feedback)
        if accepted.value is not None:
            answer.value, answer.tolerance = accepted.value, accepted.tolerance or 0
        else:
            answer.low, answer.high = accepted.min, accepted.max
        made.answers.append(answer)
    if question.unit:
        made.units = [(question.unit, bank.Decimal(1))]
        made.meta["unit"] = question.unit
        if fmt == GIFT:
            warn(f"GIFT has no units: '{question.unit}' is added to the question text")
    return made


def _branching(question, warn: Warn) -> BankQuestion:
    """A description showing the case's steps as text; Moodle does not grade it. The whole
    definition goes into our comment, so that our import restores the question exactly."""
    warn("Moodle has no branching case; exported as a description (not graded in Moodle)")
    made = _common(question, bank.DESCRIPTION, branching=question, default_grade=0)
    made.meta["branching"] = question.model_dump(mode="json", exclude_none=True)
    return made


def leaf_to_bank(
    question: LeafQuestion, fmt: str, shuffle: bool, warn: Warn
) -> BankQuestion | None:
    kind = question.type
    if kind == "single_choice":
        return _choices(question, shuffle, [o.share for o in question.options], bank.MULTICHOICE)
    if kind == "multiple_choice":
        return _multiple(question, fmt, shuffle, warn)
    if kind == "true_false":
        return _common(
            question,
            bank.TRUEFALSE,
            true_answer=question.answer,
            feedback_true=question.feedback_true,
            feedback_false=question.feedback_false,
        )
    if kind == "matching":
        return _matching(question, shuffle, warn)
    if kind == "ordering":
        warn(f"needs {ORDERING_PLUGIN} on the Moodle site")
        made = _common(question, bank.ORDERING)
        made.answers = [BankAnswer(text=item.text) for item in question.items]
        made.grading = (
            "ALL_OR_NOTHING" if question.scoring == "all_or_nothing" else "ABSOLUTE_POSITION"
        )
        made.meta["ids"] = [item.id for item in question.items]
        return made
    if kind == "numeric":
        return _numeric(question, fmt, warn)
    if kind == "short_answer":
        arrow = next((a.text for a in question.answers if "->" in a.text), None)
        if arrow is not None and fmt == GIFT:
            # GIFT cannot escape it, and Moodle reads "=...->..." as a matching question.
            warn(
                f"skipped: GIFT cannot hold the accepted answer '{arrow}' ('->' makes it matching)"
            )
            return None
        made = _common(question, bank.SHORTANSWER, case_sensitive=question.case_sensitive)
        made.answers = [
            BankAnswer(text=a.text, fraction=a.credit, feedback=a.feedback)
            for a in question.answers
        ]
        if question.case_sensitive and fmt == GIFT:
            warn("GIFT has no case setting: Moodle will ignore case in the answers")
            made.meta["case_sensitive"] = True
        return made
    if kind == "text":
        warn("becomes an essay question, which Moodle grades by hand")
        made = _common(question, bank.ESSAY, default_grade=bank.Decimal(0))
        made.meta["max_length"] = question.max_length
        return made
    if kind == "branching":
        return _branching(question, warn)
    if kind == "likert":
        warn("skipped: Moodle's quiz has no rating-scale question (use a Feedback activity)")
        return None
    warn(f"skipped: the question type '{kind}' has no Moodle equivalent")
    return None


def _points_in_gift(made: BankQuestion | None, fmt: str, warn: Warn) -> BankQuestion | None:
    if made is not None and fmt == GIFT and made.default_grade not in (0, 1):
        warn(
            f"GIFT has no points: Moodle gives it 1 point instead of "
            f"{bank.decimal_text(made.default_grade)} (set the mark in the Moodle quiz)"
        )
        made.meta["points"] = bank.decimal_text(made.default_grade)
    return made


def to_bank(question: Question, fmt: str, shuffle: bool, warn: Warn) -> list[BankQuestion]:
    """One of our questions as Moodle questions: a scenario becomes a description (its
    prompt and case) followed by its own questions."""
    if question.type != "scenario":
        made = _points_in_gift(leaf_to_bank(question, fmt, shuffle, warn), fmt, warn)
        return [] if made is None else [made]
    description = _common(question, bank.DESCRIPTION, case=question.case, default_grade=0)
    if fmt == GIFT and (question.explanation or question.reference):
        warn(
            "GIFT gives a description no general feedback: "
            "Moodle will not show the case's explanation"
        )
    description.meta["scenario"] = question.id
    parts = [description]
    for leaf in question.questions:
        made = _points_in_gift(leaf_to_bank(leaf, fmt, shuffle, warn), fmt, warn)
        if made is not None:
            made.meta["scenario"] = question.id
            parts.append(made)
    return parts
