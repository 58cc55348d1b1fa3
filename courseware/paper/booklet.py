"""A branching case on paper: a "turn to step N" booklet, and its answer as the grid takes it.

The booklet numbers the case's steps (see `variants.booklet_steps`: the start is step 1, the
others shuffled per variant) and letters each step's choices A, B, C... in the order the
variant's layout gives them. The learner starts at step 1, picks a letter, turns to the step
it names, and at an ending writes in the grid the letters picked, in order, then the
ending's step number: `BAC 12`. The letters alone are the answer, since each letter belongs to
the step the previous ones reached, so they map one to one onto the engine's answer (the
choice ids in order). The ending's number is a check: a mistyped letter that still makes a
path is caught whenever it leads to another ending than the one written (two paths to the
same ending cannot be told apart by it).

A path that stops before an ending (the learner ran out of time) is read as written, and
earns nothing, as online. Without the number the letters are taken as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from courseware.content.questions.branching import Branching, Choice, Step
from courseware.paper.variants import LETTERS, NumberedQuestion, typed_letters

# Letters, then at most one number (the ending's step); spaces, commas, dots, arrows and
# slashes between them do not matter.
SEPARATORS = re.compile(r"[\s,;.:/>→–-]+")
WRITTEN = re.compile(r"([A-Z]*)(\d+)?")


class PathError(ValueError):
    """What was typed for a case is not a path through its booklet (the message says where)."""


@dataclass(frozen=True)
class Booklet:
    """A case as one variant prints it: step numbers and lettered choices."""

    case: Branching
    numbers: dict[str, int]
    order: list[str]

    @classmethod
    def of(cls, question: NumberedQuestion) -> Booklet:
        numbers = {step_id: number for number, step_id in enumerate(question.steps, 1)}
        return cls(question.leaf, numbers, question.order)

    def steps(self) -> list[Step]:
        """The steps in the order printed."""
        by_number = sorted(self.numbers.items(), key=lambda item: item[1])
        return [self.case.step_by_id[step_id] for step_id, _ in by_number]

    def number(self, step: Step) -> int:
        return self.numbers[step.id]

    def choices(self, step: Step) -> list[tuple[str, Choice]]:
        """A step's choices, lettered in the layout's order (as online buttons are ordered)."""
        return list(zip(LETTERS, self.case.choices_in_order(step, self.order), strict=False))

    def walk(self, answer: list[str]) -> list[tuple[Step, str, Choice]]:
        """Each (step, letter, choice) of a path the engine has checked."""
        taken, step = [], self.case.step_by_id[self.case.start]
        for choice_id in answer:
            letter, choice = next((m, c) for m, c in self.choices(step) if c.id == choice_id)
            taken.append((step, letter, choice))
            step = self.case.step_by_id[choice.next]
        return taken

    def reached(self, answer: list[str]) -> Step:
        _, step = self.case.follow(answer)
        return step

    def written(self, answer: list[str] | None) -> tuple[str, str]:
        """An answer as the learner writes it: the letters, and the ending's step number ('' if
        the path stops before an ending)."""
        if not answer:
            return "", ""
        letters = "".join(letter for _, letter, _ in self.walk(answer))
        step = self.reached(answer)
        return letters, str(self.number(step)) if step.is_ending else ""

    def write(self, answer: list[str] | None) -> str:
        letters, ending = self.written(answer)
        return f"{letters} {ending}".strip() or "-"

    def read(self, text: str) -> list[str]:
        """The choice ids of a path typed as `BAC 12` (letters in order, the ending's number);
        PathError saying where the letters leave the booklet or miss the number."""
        match = WRITTEN.fullmatch(SEPARATORS.sub("", typed_letters(text)))
        if match is None:
            raise PathError(
                "write the letters of the choices in order, then the number of the ending's "
                "step (e.g. BAC 12)"
            )
        letters, ending = match.group(1), match.group(2)
        if not letters:
            raise PathError(
                "write the letters of the choices first, then the number of the ending's step"
            )
        step, path = self.case.step_by_id[self.case.start], []
        for count, letter in enumerate(letters):
            if step.is_ending:
                raise PathError(
                    f"the letters {letters[:count]} already reach the ending at step "
                    f"{self.number(step)}: no choice can follow it (got {letters[count:]})"
                )
            lettered = dict(self.choices(step))
            if letter not in lettered:
                raise PathError(
                    f"at step {self.number(step)} there is no choice {letter} "
                    f"(its choices: {', '.join(lettered)})"
                )
            path.append(lettered[letter].id)
            step = self.case.step_by_id[lettered[letter].next]
        if ending is not None:
            self._check_ending(letters, step, int(ending))
        return path

    def _check_ending(self, letters: str, reached: Step, written: int) -> None:
        if written == self.number(reached):
            if reached.is_ending:
                return
            raise PathError(f"step {written} is not an ending: the letters {letters} stop there")
        if written not in self.numbers.values():
            raise PathError(f"the case has no step {written} (its steps are 1–{len(self.numbers)})")
        where = "the ending at step" if reached.is_ending else "step"
        raise PathError(
            f"the letters {letters} lead to {where} {self.number(reached)}, not to step "
            f"{written}: check the letters against the booklet"
        )
