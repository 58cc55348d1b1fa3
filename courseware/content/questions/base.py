"""What every question type shares. Each type module adds its own fields, answer checks,
scoring and random-guess score; `registry.py` lists the types."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field

from courseware.content.fields import (
    AuthorNote,
    Number,
    PlainText,
    Slug,
    StrictModel,
    Text,
    positive,
)
from courseware.content.yaml_source import DataPath

# The most options, pairs, distractors, items or parts one question may have
# (docs/question-types.md): more is no longer a question a learner can take in, and every one
# is drawn and scored.
MAX_CHOICES = 12


class AnswerError(ValueError):
    """An answer that names something the question does not have, or has the wrong shape."""


class Question(StrictModel):
    id: Slug
    prompt: Text
    explanation: Text | None = None
    reference: PlainText | None = None
    tags: list[Slug] = Field(default_factory=list)
    note: AuthorNote = None

    # Ungraded types (survey questions) override this.
    graded: ClassVar[bool] = True
    # Types whose answer is a path that grows one choice at a time (branching cases) set this:
    # outside practice a saved choice cannot be taken back, and in practice what was taken
    # back is kept (see `taken_back` and store/attempts.py).
    grows: ClassVar[bool] = False

    def problems(self) -> list[tuple[DataPath, str]]:
        """Rules across fields that the field types alone cannot state, as (path, message)
        with the path relative to this question."""
        return []

    def leaves(self) -> list[Question]:
        """The questions that are answered and scored on their own (scenarios have several)."""
        return [self]

    def shuffle_ids(self) -> list[str]:
        """The ids of the parts that `shuffle_options` reorders (options, right-hand items...)."""
        return []

    def check_answer(self, answer: Any) -> Any:
        """The answer in canonical form; raises AnswerError naming what is wrong."""
        raise NotImplementedError

    def score(self, answer: Any) -> Fraction:
        """Points earned by a checked answer (None means not answered)."""
        raise NotImplementedError

    def correct_answer(self) -> Any:
        """An answer that earns full points, in the same form `check_answer` returns."""
        raise NotImplementedError

    def random_guess(self) -> Fraction | None:
        """Expected share of the points earned by a blind guess, or None if not defined."""
        return Fraction(0)

    def wrong_answers(self) -> list[tuple[Any, bool]]:
        """Plausible wrong answers, as `check_answer` accepts them, each with whether the
        author wrote feedback for it (a misconception worth naming). Simulated learners choose
        among them."""
        return []

    def finished(self, answer: Any) -> bool:
        """Whether a checked answer is complete (a branching path: it reached an ending)."""
        return answer is not None

    def taken_back(self, saved: Any, given: Any) -> int | None:
        """For types that grow: when the checked answer `given` takes back parts of the
        `saved` one, how many of them it keeps; None when it keeps them all."""
        return None


PositivePoints = Annotated[Number, AfterValidator(positive)]


def answer_as_json(answer: Any) -> Any:
    """A checked answer as stored (JSON). Numbers come back from `check_answer` as Decimal;
    a float reads back as the same Decimal when the answer is checked again for grading."""
    if isinstance(answer, Decimal):
        return int(answer) if answer == answer.to_integral_value() else float(answer)
    return answer


class LeafQuestion(Question):
    """A question answered on its own; it carries points (ignored where it is ungraded)."""

    points: PositivePoints = Decimal(1)

    @property
    def max_points(self) -> Fraction:
        return Fraction(self.points)

    def credited(self, match: Any) -> Fraction:
        """Points for an answer graded by `match`, an accepted answer with a `credit` (or
        None when no accepted answer matches)."""
        if match is None or match.credit <= 0:
            return Fraction(0)
        return self.max_points * match.credit


def accepted_answer_problems(answers: list[Any], what: str) -> list[tuple[DataPath, str]]:
    """Rules of a list of accepted answers with credits (numeric, short answer)."""
    problems: list[tuple[DataPath, str]] = [
        (("answers", index, "credit"), f"a {what}'s credit must be 0 to 1")
        for index, accepted in enumerate(answers)
        if accepted.credit < 0
    ]
    if not any(accepted.credit == 1 for accepted in answers):
        problems.append((("answers",), "at least one answer must earn all the points (credit 1)"))
    return problems


def duplicate_id_problems(
    items: list[Any], field_name: str, what: str
) -> list[tuple[DataPath, str]]:
    seen: set[str] = set()
    problems: list[tuple[DataPath, str]] = []
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(((field_name, index, "id"), f"duplicate {what} id '{item.id}'"))
        seen.add(item.id)
    return problems


def require_id(answer: Any, known: list[str], what: str) -> str:
    """`answer` as one of the `known` ids (an integer id such as 1 is read as "1")."""
    if isinstance(answer, int) and not isinstance(answer, bool):
        answer = str(answer)
    if not isinstance(answer, str):
        raise AnswerError(f"expected {what} id (one of: {', '.join(known)})")
    if answer not in known:
        raise AnswerError(f"unknown {what} '{answer}' (expected one of: {', '.join(known)})")
    return answer


def require_id_list(answer: Any, known: list[str], what: str) -> list[str]:
    if not isinstance(answer, list):
        raise AnswerError(f"expected a list of {what} ids (from: {', '.join(known)})")
    return [require_id(item, known, what) for item in answer]
