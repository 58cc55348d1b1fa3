"""The quiz file format: one quiz per `quizzes/<id>.yaml`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from courseware.content.fields import (
    LANGUAGES,
    AuthorNote,
    Boolean,
    Integer,
    Number,
    Slug,
    StrictModel,
    Text,
    at_least,
)
from courseware.content.problems import ContentError, Problem, errors_in
from courseware.content.questions import AnyQuestion, LeafQuestion
from courseware.content.validation import (
    language_problems,
    note_problems,
    rule_problems,
    validate_model,
)
from courseware.content.yaml_source import DataPath, YamlDocument, parse_mapping

QuizKind = Literal["pretest", "check", "final", "posttest", "survey", "retention"]
COURSE_LEVEL = "course"


def _pass_mark_range(value: Decimal) -> Decimal:
    if not 0 < value <= 1:
        raise ValueError("must be a fraction greater than 0 and at most 1 (e.g. 0.7)")
    return value


class Quiz(StrictModel):
    id: Slug
    module: Slug
    kind: QuizKind
    title: Text
    description: Text | None = None
    pass_mark: Annotated[Number, AfterValidator(_pass_mark_range)] = Decimal("0.7")
    max_attempts: Annotated[Integer, at_least(1)] | None = None
    shuffle_questions: Boolean = False
    shuffle_options: Boolean = False
    draw: Annotated[Integer, at_least(1)] | None = None
    # Top-level questions in every attempt whatever `draw` picks (e.g. the module's case).
    always_drawn: list[Slug] | None = None
    time_limit_minutes: Annotated[Integer, at_least(1)] | None = None
    # `false` keeps the quiz off paper (e.g. a case that only works on screen). None, the
    # default, is left out of the snapshot, so quizzes without the field keep their version.
    paper: Boolean | None = None
    questions: Annotated[list[AnyQuestion], Field(min_length=1)]
    note: AuthorNote = None

    @property
    def graded(self) -> bool:
        return self.kind != "survey"

    @property
    def practice(self) -> bool:
        """A knowledge check: feedback as the learner goes, and choices may be taken back."""
        return self.kind == "check"

    @property
    def allows_paper(self) -> bool:
        """Whether the quiz may be printed (it still needs a paper form for each question)."""
        return self.paper is not False

    def leaves(self) -> list[LeafQuestion]:
        return [leaf for question in self.questions for leaf in question.leaves()]

    def leaf(self, question_id: str) -> LeafQuestion | None:
        return next((q for q in self.leaves() if q.id == question_id), None)

    def problems(self) -> list[tuple[DataPath, str]]:
        problems: list[tuple[DataPath, str]] = []
        if self.draw is not None and self.draw > len(self.questions):
            problems.append(
                (
                    ("draw",),
                    f"draw is {self.draw} but the quiz has only "
                    f"{len(self.questions)} top-level questions",
                )
            )
        problems += self._always_drawn_problems()
        seen: set[str] = set()
        for index, question in enumerate(self.questions):
            places = [((index,), question)]
            places += [
                ((index, "questions", sub), leaf)
                for sub, leaf in enumerate(getattr(question, "questions", []))
            ]
            for place, item in places:
                path = ("questions", *place)
                if item.id in seen:
                    problems.append(((*path, "id"), f"duplicate question id '{item.id}'"))
                seen.add(item.id)
                if not item.graded and self.kind != "survey":
                    problems.append(
                        (
                            (*path, "type"),
                            f"'{type(item).model_fields['type'].annotation.__args__[0]}'"
                            " questions are ungraded and belong only in a survey quiz",
                        )
                    )
            problems += [
                ((*("questions", index), *path), message) for path, message in question.problems()
            ]
        return problems

    def _always_drawn_problems(self) -> list[tuple[DataPath, str]]:
        top_level = [question.id for question in self.questions]
        problems: list[tuple[DataPath, str]] = [
            (("always_drawn", index), f"'{question_id}' is not a top-level question of this quiz")
            for index, question_id in enumerate(self.always_drawn or [])
            if question_id not in top_level
        ]
        if self.always_drawn and self.draw is not None and len(self.always_drawn) > self.draw:
            problems.append(
                (
                    ("always_drawn",),
                    f"{len(self.always_drawn)} questions are always drawn but draw is {self.draw}",
                )
            )
        return problems

    def content_version(self) -> str:
        """A hash of what the quiz means (not of its comments or layout): attempts keep it so
        that a changed file can be told apart from the one an attempt was taken on."""
        return self._version_hash

    @cached_property
    def _version_hash(self) -> str:
        canonical = json.dumps(self.snapshot(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def snapshot(self) -> dict:
        """Everything needed to show and grade the quiz again exactly as it was."""
        return self.model_dump(mode="json", exclude_none=True)

    @classmethod
    def from_snapshot(cls, snapshot: dict) -> Quiz:
        return cls.model_validate(snapshot)


@dataclass(frozen=True)
class Loaded:
    """A valid content object and the warnings found while loading it (with its author's
    notes, severity "info")."""

    value: Quiz
    warnings: list[Problem]
    # The parsed file, for problems found later (cross-references) to point at their line.
    document: YamlDocument


def load_quiz(
    raw: bytes,
    file: str,
    *,
    expected_id: str | None = None,
    languages: tuple[str, ...] = LANGUAGES,
) -> Loaded:
    """Parse and validate a quiz file; raises ContentError (and nothing else) when it is invalid.

    `expected_id` is the file name without `.yaml`, which the quiz's `id` must equal.
    """
    document = parse_mapping(raw, file)
    quiz = validate_model(document, Quiz)
    problems = rule_problems(document, quiz.problems())
    if expected_id is not None and quiz.id != expected_id:
        problems.append(
            document.error(("id",), f"id '{quiz.id}' must equal the file name '{expected_id}'")
        )
    problems += language_problems(document, quiz, languages)
    problems += note_problems(document)
    if errors_in(problems):
        raise ContentError(problems)
    return Loaded(quiz, problems, document)
