"""The answer grid of a paper quiz: what the learner marks for each question, how a trainer
types it back (letters, T/F, a number), and the key written the same way.

- single choice: one letter (`B`); multiple choice: the letters ticked (`AC`, any order);
- true/false: `T` or `F` (Serbian `T`/`N`, Cyrillic `Т`/`Н`);
- a number: as written, with a decimal point or comma (`2,5`);
- matching: one letter per numbered left-hand item, in their order (`BAC`; `-` for none);
- ordering: every letter once, in the learner's order (`CAB`);
- a branching case: the letters of the choices taken, in order, then the number of the
  ending's step in the booklet (`BAC 12`; see `booklet.py`).

Spaces, commas between letters and case do not matter; an empty box (or `-`) is no answer.

Also which quizzes can be printed at all (`check_printable`, `Unprintable`): not those
whose file says `paper: false`, nor those with a question that has no grid answer.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from courseware.content.questions import AnswerError, LeafQuestion, Scenario
from courseware.content.questions.branching import Branching
from courseware.content.questions.matching import Matching
from courseware.content.questions.multiple_choice import MultipleChoice
from courseware.content.questions.numeric import Numeric
from courseware.content.questions.ordering import Ordering
from courseware.content.questions.single_choice import SingleChoice
from courseware.content.questions.true_false import TrueFalse
from courseware.content.quiz import Quiz
from courseware.i18n import Translator
from courseware.paper.booklet import Booklet, PathError
from courseware.paper.variants import LETTERS, NumberedQuestion, typed_letters

TRUE_MARKS = {"T", "Т", "TRUE", "TAČNO", "TACNO", "ТАЧНО", "DA", "ДА", "YES", "Y"}
FALSE_MARKS = {"F", "N", "Н", "FALSE", "NETAČNO", "NETACNO", "НЕТАЧНО", "NE", "НЕ", "NO"}
PRINTABLE = (SingleChoice, MultipleChoice, TrueFalse, Numeric, Matching, Ordering, Branching)


class GridError(ValueError):
    """What was typed for a question does not fit it; the message names the question."""


def letters(count: int) -> list[str]:
    return list(LETTERS[:count])


def printable(leaf: Any) -> bool:
    return isinstance(leaf, PRINTABLE)


class Unprintable(ValueError):
    """A quiz with a question that has no paper form; the message names both."""


def check_printable(quiz: Quiz) -> None:
    """Raises Unprintable when the quiz says it is not for paper (`paper: false`), or for the
    first question of `quiz` that cannot go on paper."""
    if not quiz.allows_paper:
        raise Unprintable(f"quiz '{quiz.id}' cannot be printed: its file says paper: false")
    for question in quiz.questions:
        for leaf in question.leaves() if isinstance(question, Scenario) else [question]:
            if not printable(leaf):
                raise Unprintable(
                    f"quiz '{quiz.id}' cannot be printed: question '{leaf.id}' is a "
                    f"'{getattr(leaf, 'type', '?')}' question, which has no paper form"
                )


def _letter_map(order: list[str]) -> dict[str, str]:
    return dict(zip(LETTERS, order, strict=False))


def _letters_in(text: str) -> list[str]:
    """The letters typed, one per character (spaces, commas, semicolons and dots ignored)."""
    return [ch for ch in re.sub(r"[\s,;.]+", "", typed_letters(text))]


def grid_answer(question: NumberedQuestion, text: str | None) -> Any:
    """The answer typed for `question`, in the form the question's `check_answer` returns;
    None when nothing was marked. Raises GridError naming the question."""
    leaf, order = question.leaf, question.order
    raw = (text or "").strip()
    if raw in ("", "-", "–", "—"):
        return None
    try:
        if isinstance(leaf, Branching):
            return leaf.check_answer(Booklet.of(question).read(raw))
        return leaf.check_answer(_read(leaf, order, raw))
    except (GridError, PathError, AnswerError) as error:
        raise GridError(f"question {question.number}: '{raw}': {error}") from None


def _read(leaf: LeafQuestion, order: list[str], raw: str) -> Any:
    choices = _letter_map(order)
    span = f"{LETTERS[0]}–{LETTERS[len(order) - 1]}" if order else ""
    if isinstance(leaf, TrueFalse):
        word = raw.upper()
        if word in TRUE_MARKS:
            return True
        if word in FALSE_MARKS:
            return False
        raise GridError("write T (true) or F (false)")
    if isinstance(leaf, Numeric):
        try:
            number = Decimal(raw.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise GridError("write a number, e.g. 12 or 2,5") from None
        if not number.is_finite():
            raise GridError("write a number, e.g. 12 or 2,5")
        return number
    typed = _letters_in(raw)
    unknown = [letter for letter in typed if letter not in choices and letter != "-"]
    if unknown:
        raise GridError(f"'{unknown[0]}' is not one of the letters {span}")
    if isinstance(leaf, SingleChoice):
        if len(typed) != 1 or typed[0] == "-":
            raise GridError(f"write one letter ({span})")
        return choices[typed[0]]
    if isinstance(leaf, MultipleChoice):
        if "-" in typed or len(set(typed)) != len(typed):
            raise GridError(f"write each ticked letter once ({span})")
        return [choices[letter] for letter in typed]
    if isinstance(leaf, Matching):
        lefts = leaf.pair_ids()
        if len(typed) != len(lefts):
            raise GridError(
                f"write {len(lefts)} letters ({span}), one for each numbered item, "
                "- for an item left unmatched"
            )
        return {
            left: choices[letter]
            for left, letter in zip(lefts, typed, strict=True)
            if letter != "-"
        }
    if isinstance(leaf, Ordering):
        if sorted(typed) != sorted(choices) or "-" in typed:
            raise GridError(f"write every letter {span} once, in the order chosen")
        return [choices[letter] for letter in typed]
    raise GridError("this kind of question is not printed on paper")


def grid_text(question: NumberedQuestion, answer: Any, t: Translator) -> str:
    """An answer written the way the grid takes it (the key shows the right answers so)."""
    leaf, order = question.leaf, question.order
    if answer is None:
        return "-"
    back = {option: letter for letter, option in _letter_map(order).items()}
    if isinstance(leaf, TrueFalse):
        return t("paper.true_mark") if answer else t("paper.false_mark")
    if isinstance(leaf, Branching):
        return Booklet.of(question).write(answer)
    if isinstance(leaf, Numeric):
        number = Decimal(answer)
        text = format(number.normalize(), "f") if number == number.to_integral() else str(number)
        return text.replace(".", ",") if t.language == "sr" else text
    if isinstance(leaf, SingleChoice):
        return back[answer]
    if isinstance(leaf, MultipleChoice):
        return "".join(sorted(back[option] for option in answer))
    if isinstance(leaf, Matching):
        return " ".join(back[answer[left]] if answer.get(left) else "-" for left in leaf.pair_ids())
    if isinstance(leaf, Ordering):
        return " ".join(back[item] for item in answer)
    raise GridError(f"question {question.number}: this kind of question is not printed on paper")


def key_text(question: NumberedQuestion, t: Translator) -> str:
    return grid_text(question, question.leaf.correct_answer(), t)


def read_grid(questions: list[NumberedQuestion], typed: dict[int, str]) -> dict[str, Any]:
    """Every answer typed for a paper (question number to text), checked: question id to
    answer. Raises GridError for the first question whose text does not fit, or a number
    that is not on the paper."""
    numbers = {question.number: question for question in questions}
    stray = sorted(set(typed) - set(numbers))
    if stray:
        raise GridError(f"question {stray[0]} is not on this paper (it has {len(numbers)})")
    answers = {}
    for number, text in typed.items():
        answer = grid_answer(numbers[number], text)
        if answer is not None:
            answers[numbers[number].leaf.id] = answer
    return answers
