"""Reading GIFT as Moodle's importer does (question/format/gift): blocks apart by blank
lines, `//` comments (with Moodle's [id:...] and [tag:...]), `$CATEGORY:`, `::name::`,
[format] prefixes, the answer block between the first { and the first }, `####` general
feedback, escapes, and the same order of deciding the type. One pass over the text with
str.find only: the time is linear in the size of the file, whatever its braces."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from courseware.content.problems import ContentError, Problem
from courseware.interop import bank
from courseware.interop.bank import BankAnswer, BankQuestion, from_percent, read_meta
from courseware.interop.gift_export import WEIGHT, escape
from courseware.interop.quiz_builder import Parsed
from courseware.interop.reading import (
    decimal,
    decode,
    description,
    general_feedback,
    name_of,
    shows_branching,
    text_budget,
    text_of,
)

MAX_QUESTIONS = 2000
# Far more than any question holds (ours hold at most 12 options), and few enough that one
# answer block cannot keep the reader busy.
MAX_ANSWERS = 100
_ESCAPES = {":": "\x00a", "#": "\x00b", "=": "\x00c", "{": "\x00d", "}": "\x00e", "~": "\x00f"}
_RESTORE = {v: k for k, v in _ESCAPES.items()} | {"\x00n": "\n", "\x00s": "\\"}
_FORMATS = {"html": "html", "moodle": "moodle", "plain": "plain", "markdown": "markdown"}
_ORDERING_GRADES = (
    "ALL_OR_NOTHING",
    "ABSOLUTE_POSITION",
    "RELATIVE_NEXT_EXCLUDE_LAST",
    "RELATIVE_NEXT_INCLUDE_LAST",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT",
    "RELATIVE_ALL_PREVIOUS_AND_NEXT",
    "LONGEST_ORDERED_SUBSET",
    "LONGEST_CONTIGUOUS_SUBSET",
    "RELATIVE_TO_CORRECT",
)


class _BlockError(Exception):
    pass


def _protect(text: str) -> str:
    """Escaped characters become placeholders before parsing (\\\\ first, as Moodle does)."""
    text = text.replace("\x00", "").replace("\\\\", "\x00s")
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\\n", "\x00n")


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _blocks(text: str):
    """(first line number, lines) of each block of non-blank lines."""
    block: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


class _Question:
    def __init__(self, notes: list[str]):
        self.notes = notes

    def formatted(self, part: str, default: str, read=None) -> tuple[object, str]:
        """Text of one part with its [format] prefix (or the question's format)."""
        part = part.strip()
        text_format = default
        if part.startswith("["):
            end = part.find("]")
            name = part[1:end] if end > 0 else ""
            if name in _FORMATS:
                text_format, part = _FORMATS[name], part[end + 1 :]
        return (read or text_of)(_restore(part).strip(), text_format, self.notes), text_format

    def with_feedback(self, part: str, default: str) -> tuple[object, object]:
        answer, _, feedback = part.partition("#")
        return self.formatted(answer, default)[0], self.formatted(feedback, default)[0]


def _weight(part: str) -> tuple[Fraction | None, str]:
    part = part.strip()
    if not WEIGHT.match(part):
        return None, part
    end = part.index("%", 1)
    value = decimal(part[1:end].replace("--", "-"))
    if value is None:
        raise _BlockError(f"the weight '{part[: end + 1]}' is not a number")
    return from_percent(str(value)), part[end + 1 :]


def _split(answers: str, mark: str) -> list[str]:
    if answers.count(mark) > MAX_ANSWERS:
        raise _BlockError(f"more than {MAX_ANSWERS} answers in one question")
    parts = answers.split(mark)
    if parts and not parts[0].strip():
        parts = parts[1:]
    return parts


def _choices(question: BankQuestion, answers: str, reader: _Question, fmt: str) -> None:
    question.single = "=" in answers
    for part in _split(answers.replace("=", "~="), "~"):
        part = part.strip()
        if part.startswith("="):
            weight, part = Fraction(1), part[1:]
            if WEIGHT.match(part):
                reader.notes.append(
                    "Moodle reads '=%n%' in a multiple-choice question as a fully right answer "
                    "whose text starts with '%n%' (write '~%n%' for part of the points)"
                )
        else:
            weight, part = _weight(part)
            weight = weight if weight is not None else Fraction(0)
        if not _restore(part.partition("#")[0]).strip():
            continue  # Moodle leaves out an answer with no text when it saves the question
        text, feedback = reader.with_feedback(part, fmt)
        question.answers.append(BankAnswer(text=text, fraction=weight, feedback=feedback))
    if len(question.answers) < 2:
        raise _BlockError("a multiple-choice question needs at least 2 answers")


def _match(question: BankQuestion, answers: str, reader: _Question, fmt: str) -> None:
    parts = _split(answers, "=")
    if len(parts) < 2:
        raise _BlockError("a matching question needs at least 2 pairs")
    for part in parts:
        left, arrow, right = part.partition("->")
        if not arrow:
            raise _BlockError(f"a matching pair needs '->': '{_restore(part).strip()[:40]}'")
        left_text = reader.formatted(left, fmt)[0]
        right_text = text_of(_restore(right).strip(), "plain", reader.notes)
        question.subquestions.append((left_text, right_text))


def _numerical(question: BankQuestion, answers: str, reader: _Question, fmt: str) -> None:
    answers = answers[1:]
    answers, tilde, other = answers.partition("~")
    parts = _split(answers, "=")
    if not parts:
        raise _BlockError("a numerical question needs at least one answer")
    for part in parts:
        weight, part = _weight(part)
        given, _, feedback = part.partition("#")
        given = _restore(given).strip()
        answer = BankAnswer(fraction=weight if weight is not None else Fraction(1))
        answer.feedback = reader.formatted(feedback, fmt)[0]
        if given.find("..") > 0:
            low, _, high = given.partition("..")
            answer.low, answer.high = decimal(low), decimal(high)
            good = answer.low is not None and answer.high is not None
            if good and answer.low > answer.high:
                # Moodle makes a range its middle and half its width, and uses the width's
                # absolute value: 4..2 accepts what 2..4 accepts.
                answer.low, answer.high = answer.high, answer.low
        elif given.find(":") > 0:
            value, _, tolerance = given.partition(":")
            answer.value, answer.tolerance = decimal(value), decimal(tolerance)
            good = answer.value is not None and answer.tolerance is not None
            if good:
                answer.tolerance = abs(answer.tolerance)  # as Moodle takes it
        else:
            answer.value, answer.tolerance = decimal(given), Decimal(0)
            good = answer.value is not None
        if not good:
            raise _BlockError(f"'{given[:40]}' is not a number, range or number:tolerance")
        question.answers.append(answer)
    if tilde:
        feedback = reader.formatted(other.partition("#")[2], fmt)[0]
        question.answers.append(BankAnswer(fraction=Fraction(0), feedback=feedback))


def _shortanswer(question: BankQuestion, answers: str, reader: _Question, fmt: str) -> None:
    for part in _split(answers, "="):
        weight, part = _weight(part)
        given, _, feedback = part.partition("#")
        question.answers.append(
            BankAnswer(
                text=_restore(given).strip(),
                fraction=weight if weight is not None else Fraction(1),
                feedback=reader.formatted(feedback, fmt)[0],
            )
        )
    if not question.answers:
        raise _BlockError("a short-answer question needs at least one answer")


def _ordering(question: BankQuestion, answers: str, reader: _Question) -> None:
    options, *items = answers[1:].split("\n")
    words = options.upper().split()
    question.grading = next((w for w in words if w in _ORDERING_GRADES), "")
    question.select_all = "ALL" in words or "EXACT" in words
    for item in items:
        if item.strip():
            question.answers.append(
                BankAnswer(text=text_of(_restore(item).strip(), "plain", reader.notes))
            )


def _read_block(lines: list[str], notes: list[str]) -> BankQuestion:
    comments = [line.strip()[2:] for line in lines if line.strip().startswith("//")]
    meta = {}
    for comment in comments:
        meta = meta or read_meta(comment)
    text = _protect("\n".join(line for line in lines if not line.strip().startswith("//")).strip())
    question = BankQuestion(qtype="", meta=meta)
    # GIFT has no points; our own export keeps them where only this app reads them.
    points = decimal(str(meta.get("points", "1")))
    question.default_grade = points if points is not None and points > 0 else Decimal(1)
    marks = " ".join(comments)
    found_id = re.search(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]", marks)
    question.idnumber = found_id.group(1).replace("\\]", "]").strip() if found_id else ""
    question.tags = [
        t.replace("\\]", "]").strip()
        for t in re.findall(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f])+)\]", marks)
    ]
    if text.startswith("$CATEGORY:"):
        question.qtype, question.category = bank.CATEGORY, _restore(text[10:]).strip()
        return question
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            question.name, question.title = name_of(_restore(text[2:end]), notes)
            text = text[end + 2 :].strip()
        else:
            text = text[2:]  # as Moodle does: no name, and the "::" is not part of the text
    start, finish = text.find("{"), text.find("}")
    reader = _Question(notes)
    if start < 0 and finish < 0:
        question.qtype = bank.DESCRIPTION
        question.text, question.case = reader.formatted(text, "moodle", description)[0]
        question.branching = shows_branching(text) or None
        if question.case is not None:
            question.general_feedback = meta.get("explanation")
            question.reference = (
                meta.get("reference") if isinstance(meta.get("reference"), str) else None
            )
        return question
    if start < 0 or finish < 0 or finish < start:
        raise _BlockError(
            "the answer block needs both '{' and '}', in that order "
            "(escape a literal brace as \\{ or \\})"
        )
    answers = text[start + 1 : finish].strip()
    if text.endswith("}"):
        prompt = text[:start] + text[finish + 1 :]
    else:
        prompt = text[:start] + "_____" + text[finish + 1 :]
    unit = meta.get("unit")
    if isinstance(unit, str):
        # Our export adds the unit to the text (GIFT has no place for it): take it off.
        prompt = prompt.removesuffix(_protect(escape(f" ({unit})")))
    question.text, fmt = reader.formatted(prompt, "moodle")
    general = answers.rfind("####")
    if general >= 0:
        found = reader.formatted(answers[general + 4 :], fmt, general_feedback)[0]
        question.general_feedback, question.reference = found
        answers = answers[:general].strip()
    if answers.startswith(">"):
        question.qtype = bank.ORDERING
        _ordering(question, answers, reader)
    elif not answers:
        question.qtype = bank.ESSAY
    elif answers.startswith("#"):
        question.qtype = bank.NUMERICAL
        _numerical(question, answers, reader, fmt)
    elif "~" in answers:
        question.qtype = bank.MULTICHOICE
        _choices(question, answers, reader, fmt)
    elif "=" in answers and "->" in answers:
        question.qtype = bank.MATCH
        _match(question, answers, reader, fmt)
    else:
        flag, wrong, right = ([*answers.split("#", 2), "", ""])[:3]
        if flag.strip() in ("T", "TRUE", "F", "FALSE"):
            question.qtype = bank.TRUEFALSE
            question.true_answer = flag.strip() in ("T", "TRUE")
            wrong_text, right_text = (
                reader.formatted(wrong, fmt)[0],
                reader.formatted(right, fmt)[0],
            )
            if question.true_answer:
                question.feedback_true, question.feedback_false = right_text, wrong_text
            else:
                question.feedback_true, question.feedback_false = wrong_text, right_text
        else:
            question.qtype = bank.SHORTANSWER
            _shortanswer(question, answers, reader, fmt)
    return question


def read_gift(raw: bytes, file: str) -> Parsed:
    text = decode(raw, file).replace("\r\n", "\n").replace("\r", "\n")
    with text_budget(file):
        return _read(text, file)


def _read(text: str, file: str) -> Parsed:
    parsed = Parsed([])
    errors: list[Problem] = []
    for line, lines in _blocks(text):
        if all(entry.strip().startswith("//") for entry in lines):
            found = next(
                (read_meta(entry.strip()[2:]) for entry in lines if "courseware:" in entry), {}
            )
            if isinstance(found.get("quiz"), dict):
                parsed.settings = found["quiz"]
            continue
        notes: list[str] = []
        try:
            question = _read_block(lines, notes)
        except _BlockError as problem:
            errors.append(Problem(file, line, "error", str(problem)))
            if len(errors) >= 20:
                break
            continue
        if question.meta.get("quiz") and isinstance(question.meta["quiz"], dict):
            parsed.settings, question.meta = question.meta["quiz"], {}
        question.line = line
        parsed.questions.append(question)
        if len(parsed.questions) > MAX_QUESTIONS:
            raise ContentError(
                [Problem(file, line, "error", f"more than {MAX_QUESTIONS} questions in one file")]
            )
        for note in dict.fromkeys(notes):
            name = f" '{question.name}'" if question.name else ""
            parsed.warnings.append(Problem(file, line, "warning", f"question{name}: {note}"))
    if errors:
        raise ContentError(errors)
    return parsed
