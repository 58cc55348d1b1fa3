"""Paper variants of a quiz: each numbered variant is an attempt layout built exactly as an
online attempt is (`grading.build_layout`, the quiz's draw and shuffle rules), from a seed that
follows from the quiz's content version and the variant's number. Its code, printed on the
paper and carried by its QR code, names both, plus a check letter against typos:
`3FA9C1-07K` is variant 7 of the quiz version starting `3fa9c1`."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from courseware.content.questions import LeafQuestion, Question
from courseware.content.questions.branching import Branching
from courseware.content.quiz import Quiz
from courseware.grading import AttemptLayout, build_layout

# How options, items and a case's choices are lettered on paper.
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A trainer at a Serbian Cyrillic keyboard types the grid's letters as their Cyrillic
# counterparts (the B key gives Б, the C key Ц): they are read as the Latin letters.
_CYRILLIC_KEYS = str.maketrans("АБЦДЕФГХИЈКЛМНОПРСТУВЗ", "ABCDEFGHIJKLMNOPRSTUVZ")


def typed_letters(text: str) -> str:
    """`text` in capitals, letters typed in Cyrillic read as the Latin ones."""
    return text.upper().translate(_CYRILLIC_KEYS)


TAG_LENGTH = 6
MAX_VARIANT = 999
# Letters that cannot be mistaken for a digit or for each other when handwritten.
CHECK_LETTERS = "ACDEFHJKLMNPRTUVWXY"
CODE = re.compile(rf"([0-9A-F]{{{TAG_LENGTH}}})-?(\d{{1,3}})([A-Z])")


class VariantCodeError(ValueError):
    """A variant code that is malformed, or whose check letter does not match (a typo)."""


@dataclass(frozen=True)
class VariantCode:
    tag: str  # the first characters of the quiz's content version, upper case
    number: int

    def __str__(self) -> str:
        return f"{self.tag}-{self.number:02d}{_check_letter(self.tag, self.number)}"

    def matches(self, content_version: str) -> bool:
        return content_version.upper().startswith(self.tag)


def _check_letter(tag: str, number: int) -> str:
    digest = hashlib.sha256(f"{tag}-{number}".encode()).digest()
    return CHECK_LETTERS[int.from_bytes(digest[:4], "big") % len(CHECK_LETTERS)]


def version_tag(content_version: str) -> str:
    return content_version[:TAG_LENGTH].upper()


def variant_code(quiz: Quiz, number: int) -> VariantCode:
    if not 1 <= number <= MAX_VARIANT:
        raise ValueError(f"variant numbers run from 1 to {MAX_VARIANT}")
    return VariantCode(version_tag(quiz.content_version()), number)


def parse_variant_code(text: str) -> VariantCode:
    """The code as typed from the paper: case, spaces and the hyphen do not matter."""
    cleaned = re.sub(r"\s+", "", str(text)).upper()
    match = CODE.fullmatch(cleaned)
    if match is None:
        raise VariantCodeError(
            f"'{text}' is not a variant code (it looks like 3FA9C1-07K: six characters, "
            "a hyphen, the variant number and a letter)"
        )
    tag, number, check = match.group(1), int(match.group(2)), match.group(3)
    if number < 1 or check != _check_letter(tag, number):
        raise VariantCodeError(
            f"'{text}' is not a valid variant code: check it on the paper (a character is "
            "probably mistyped)"
        )
    return VariantCode(tag, number)


def variant_seed(content_version: str, number: int) -> int:
    """The layout seed of a variant: the same quiz version and number always give the same
    paper (63 bits, as online seeds)."""
    digest = hashlib.sha256(f"paper:{content_version}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def variant_layout(quiz: Quiz, number: int) -> AttemptLayout:
    return build_layout(quiz, variant_seed(quiz.content_version(), number))


@dataclass(frozen=True)
class NumberedQuestion:
    """One line of the answer grid: its number on paper, the question it answers, the
    top-level question it belongs to (a scenario for its sub-questions) and the order in
    which its options or items are printed (lettered A, B, C...). For a branching case,
    `steps` are its step ids in the order printed in its booklet (step 1, 2...)."""

    number: int
    leaf: LeafQuestion
    parent: Question
    order: list[str]
    steps: tuple[str, ...] = ()


def booklet_steps(case: Branching, seed: int) -> tuple[str, ...]:
    """The order of a case's steps in a printed booklet: the start first (a reader must know
    where to begin), the others shuffled by the paper's seed, so that a step's number says
    nothing about where it is in the story and cannot be learned from another variant."""
    rest = [step.id for step in case.steps if step.id != case.start]
    digest = hashlib.sha256(f"booklet:{seed}:{case.id}".encode()).digest()
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(rest)
    return (case.start, *rest)


def numbered_questions(quiz: Quiz, layout: AttemptLayout, seed: int) -> list[NumberedQuestion]:
    """The questions of a layout in the order printed, numbered from 1; `seed` numbers the
    steps of each case's booklet."""
    by_id = {question.id: question for question in quiz.questions}
    numbered: list[NumberedQuestion] = []
    for question_id in layout.question_ids:
        parent = by_id[question_id]
        for leaf in parent.leaves():
            order = layout.option_orders.get(leaf.id, leaf.shuffle_ids())
            steps = booklet_steps(leaf, seed) if isinstance(leaf, Branching) else ()
            numbered.append(NumberedQuestion(len(numbered) + 1, leaf, parent, order, steps))
    return numbered


def variant_questions(quiz: Quiz, number: int) -> list[NumberedQuestion]:
    """The questions of a variant as printed: its layout, and its booklets' step numbers."""
    seed = variant_seed(quiz.content_version(), number)
    return numbered_questions(quiz, build_layout(quiz, seed), seed)


def practice_layout(quiz: Quiz) -> AttemptLayout:
    """Every question of a quiz in file order (a practice sheet), options as the quiz
    shuffles them, ordering items shuffled (they are written in the right order)."""
    whole = quiz.model_copy(update={"draw": None, "always_drawn": None, "shuffle_questions": False})
    return build_layout(whole, variant_seed(quiz.content_version(), 0))


def practice_questions(quiz: Quiz) -> list[NumberedQuestion]:
    """Every question of a quiz as a practice sheet prints it (see `practice_layout`)."""
    return numbered_questions(quiz, practice_layout(quiz), variant_seed(quiz.content_version(), 0))
