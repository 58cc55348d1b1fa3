"""The course and module files: `modules/course.yaml` and `modules/<id>/module.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from courseware.content.fields import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Integer,
    Slug,
    StrictModel,
    Text,
    at_least,
    at_most,
)
from courseware.content.files import inside_course, read_content
from courseware.content.notes import markdown_markers, markdown_notes, without_notes
from courseware.content.problems import ContentError, Problem, errors_in
from courseware.content.validation import language_problems, note_problems, validate_model
from courseware.content.yaml_source import YamlDocument, parse_mapping


def _supported_language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError(f"unsupported language '{value}' (supported: {', '.join(LANGUAGES)})")
    return value


Language = Annotated[Slug, AfterValidator(_supported_language)]


class CertificateRule(StrictModel):
    passed: Annotated[list[Slug], Field(min_length=1)]


# A practice set is short: a few questions, answered in a few minutes.
MIN_PRACTICE_QUESTIONS, MAX_PRACTICE_QUESTIONS = 3, 5


class FollowupStep(StrictModel):
    """One check after the course: `quiz` (a `retention` quiz or a survey) is due
    `after_days` days after the day the learner earned the certificate; a learner who has not
    taken it is reminded again `remind_again_after_days` later."""

    after_days: Annotated[Integer, at_least(1)]
    quiz: Slug
    remind_again_after_days: Annotated[Integer, at_least(1)] | None = None


class PracticePlan(StrictModel):
    """Spaced practice after the certificate (docs/followup.md): a short set of `questions`
    is due on each of the days `after_days` (counted from the day the certificate was
    earned), drawn from the learner's weakest tags."""

    after_days: Annotated[list[Annotated[Integer, at_least(1)]], Field(min_length=1)]
    questions: Annotated[Integer, at_least(MIN_PRACTICE_QUESTIONS), at_most(MAX_PRACTICE_QUESTIONS)]


# The kinds of quiz a follow-up step may name.
FOLLOWUP_KINDS = ("retention", "survey")


class Course(StrictModel):
    id: Slug
    title: Text
    description: Text | None = None
    content_note: Text | None = None
    languages: Annotated[list[Language], Field(min_length=1)] = Field(
        default_factory=lambda: list(LANGUAGES)
    )
    default_language: Language = DEFAULT_LANGUAGE
    modules: Annotated[list[Slug], Field(min_length=1)]
    pretest: Slug | None = None
    posttest: Slug | None = None
    survey: Slug | None = None
    certificate: CertificateRule | None = None
    followup: list[FollowupStep] = Field(default_factory=list)
    practice: PracticePlan | None = None


class Lesson(StrictModel):
    id: Slug
    title: Text
    file: Slug
    check: Slug | None = None


class Module(StrictModel):
    id: Slug
    title: Text
    summary: Text
    objectives: Annotated[list[Text], Field(min_length=1)]
    estimated_minutes: Annotated[Integer, at_least(1)]
    lessons: Annotated[list[Lesson], Field(min_length=1)]
    final: Slug

    def quiz_ids(self) -> list[str]:
        return [lesson.check for lesson in self.lessons if lesson.check] + [self.final]


def load_course(raw: bytes, file: str) -> tuple[Course, list[Problem], YamlDocument]:
    document = parse_mapping(raw, file)
    course = validate_model(document, Course)
    problems = language_problems(document, course, tuple(course.languages))
    problems += note_problems(document)
    if course.default_language not in course.languages:
        problems.append(
            document.error(("default_language",), "default_language must be one of the languages")
        )
    problems += _increasing(
        document,
        [(("followup", i, "after_days"), s.after_days) for i, s in enumerate(course.followup)],
        "step",
    )
    if course.practice:
        days = course.practice.after_days
        problems += _increasing(
            document, [(("practice", "after_days", i), d) for i, d in enumerate(days)], "day"
        )
    if errors_in(problems):
        raise ContentError(problems)
    return course, problems, document


def _increasing(
    document: YamlDocument, offsets: list[tuple[tuple, int]], what: str
) -> list[Problem]:
    """Each offset of a plan (follow-up steps, practice days) comes later than the one before
    it: a plan read top to bottom is the order learners meet it."""
    problems = []
    for (_, before), (path, days) in pairwise(offsets):
        if days <= before:
            problems.append(
                document.error(
                    path,
                    f"after_days {days} must be greater than the {what} before it ({before})",
                )
            )
    return problems


# Markdown images `![alt](path)`; raw HTML tags such as <b> or </div>.
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def lesson_path(module_dir: Path, lesson: Lesson, language: str) -> Path:
    return module_dir / f"{lesson.file}.{language}.md"


def markdown_problems(path: Path, shown: str, root: Path) -> list[Problem]:
    """Missing images, raw HTML and doubt markers in one lesson file of the course in `root`
    (a file that links outside it, or is too large, is an error), and its author's notes (as
    information)."""
    try:
        text = read_content(path, root, shown).decode("utf-8")
    except ContentError as exc:
        return exc.problems
    except UnicodeDecodeError as exc:
        return [Problem(shown, 1, "error", f"file is not valid UTF-8 text ({exc.reason})")]
    problems = [
        Problem(shown, line, "info", f"author's note: {note}")
        for line, note in markdown_notes(text)
    ]
    problems += [
        Problem(
            shown,
            line,
            "warning",
            f"'{marker}' is shown to learners; state only what is verified, or move the doubt "
            "into an author's note <!-- author-note: ... -->",
        )
        for line, marker in markdown_markers(text)
    ]
    # Blank out author's notes (never shown) and code (examples inside it are not taken for
    # HTML or images).
    prose = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), without_notes(text))
    for match in IMAGE.finditer(prose):
        target = match.group(1)
        if "://" in target or target.startswith("data:"):
            continue
        line = prose.count("\n", 0, match.start()) + 1
        if not (path.parent / target).is_file():
            problems.append(Problem(shown, line, "error", f"image '{target}' does not exist"))
        elif not inside_course(path.parent / target, root):
            # The field pack would print it: any picture on the server.
            message = f"image '{target}' is outside the course folder: not shown"
            problems.append(Problem(shown, line, "error", message))
    for match in HTML_TAG.finditer(prose):
        line = prose.count("\n", 0, match.start()) + 1
        problems.append(
            Problem(shown, line, "warning", f"raw HTML '{match.group()}' is not shown to learners")
        )
    return problems


@dataclass(frozen=True)
class LoadedModule:
    module: Module
    problems: list[Problem]
    # Lessons whose files have errors: learners see them as temporarily unavailable.
    broken_lessons: frozenset[str]
    document: YamlDocument


def load_module(
    raw: bytes,
    file: str,
    module_dir: Path,
    *,
    languages: tuple[str, ...] = LANGUAGES,
    default_language: str = DEFAULT_LANGUAGE,
    display=str,
) -> LoadedModule:
    """Validate a module file and its lesson files; raises ContentError only when the module
    file itself is invalid. `display` turns a path into the name shown in problems."""
    document = parse_mapping(raw, file)
    module = validate_model(document, Module)
    problems = language_problems(document, module, languages)
    problems += note_problems(document)
    if module.id != module_dir.name:
        problems.append(
            document.error(
                ("id",), f"id '{module.id}' must equal the folder name '{module_dir.name}'"
            )
        )
    seen: set[str] = set()
    for index, lesson in enumerate(module.lessons):
        if lesson.id in seen:
            problems.append(
                document.error(("lessons", index, "id"), f"duplicate lesson id '{lesson.id}'")
            )
        seen.add(lesson.id)
    if errors_in(problems):
        raise ContentError(problems)
    broken: set[str] = set()
    for index, lesson in enumerate(module.lessons):
        lesson_problems: list[Problem] = []
        for language in languages:
            path = lesson_path(module_dir, lesson, language)
            if path.is_file():
                # The course folder holds modules/, which holds this module's folder.
                root = module_dir.parent.parent
                lesson_problems += markdown_problems(path, display(path), root)
            elif language == default_language:
                lesson_problems.append(
                    document.error(
                        ("lessons", index, "file"), f"lesson file '{path.name}' does not exist"
                    )
                )
            else:
                lesson_problems.append(
                    document.warning(
                        ("lessons", index, "file"),
                        f"missing '{language}' translation: '{path.name}'",
                    )
                )
        if errors_in(lesson_problems):
            broken.add(lesson.id)
        problems += lesson_problems
    return LoadedModule(module, problems, frozenset(broken), document)
