"""The whole course as found on disk: every valid piece, and every problem with its place.

Loading never raises: an invalid quiz or module is left out (the app shows it as
temporarily unavailable) and its problems are listed, exactly as `validate` prints them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from courseware.content.contacts import CONTACTS_FILE, Contacts, load_contacts
from courseware.content.course import (
    FOLLOWUP_KINDS,
    Course,
    Module,
    load_course,
    load_module,
    markdown_problems,
)
from courseware.content.fields import DEFAULT_LANGUAGE, LANGUAGES
from courseware.content.files import course_root_of, read_content
from courseware.content.problems import ContentError, Problem, notes_in
from courseware.content.quiz import COURSE_LEVEL, Quiz, load_quiz
from courseware.content.yaml_source import YamlDocument
from courseware.gc_pause import cycle_collection_paused

COURSE_FILE = Path("modules") / "course.yaml"


@dataclass
class Catalog:
    root: Path
    course: Course | None = None
    modules: dict[str, Module] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    contacts: Contacts | None = None
    broken_lessons: set[tuple[str, str]] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    # Author's notes (severity "info"): for the authors, never shown to learners, not problems.
    notes: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    # Each valid file as parsed, so cross-reference problems get lines without a re-read.
    documents: dict[Path, YamlDocument] = field(default_factory=dict)

    def module_dir(self, module_id: str) -> Path:
        return self.root / "modules" / module_id


def display_path(path: Path) -> str:
    """A path as users wrote it; absolute paths inside the working folder become relative."""
    path = Path(path)
    if path.is_absolute():
        relative = os.path.relpath(path)
        return str(path) if relative.startswith("..") else relative
    return str(path)


def check_file(path: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Problem]:
    """Problems of one file on its own: a quiz, a module.yaml or course.yaml, or a lesson
    (author's notes included, with severity "info")."""
    shown = display_path(path)
    root = course_root_of(path)
    try:
        if path.suffix == ".md":
            return markdown_problems(path, shown, root)
        raw = read_content(path, root, shown)
        if path.name == "contacts.yaml":
            return load_contacts(raw, shown, languages)[1]
        if path.name == "course.yaml":
            return load_course(raw, shown)[1]
        if path.name == "module.yaml":
            return load_module(
                raw, shown, path.parent, languages=languages, display=display_path
            ).problems
        return load_quiz(raw, shown, expected_id=path.stem, languages=languages).warnings
    except ContentError as exc:
        return exc.problems


def load_catalog(root: Path) -> Catalog:
    with cycle_collection_paused():
        return _load_catalog(Path(root))


def _load_catalog(root: Path) -> Catalog:
    catalog = Catalog(root=root)
    course_path = root / COURSE_FILE
    languages, default_language = LANGUAGES, DEFAULT_LANGUAGE
    if not course_path.is_file():
        catalog.problems.append(
            Problem(display_path(course_path), 1, "error", "the course file is missing")
        )
    else:
        catalog.files_checked += 1
        try:
            shown = display_path(course_path)
            catalog.course, warnings, document = load_course(
                read_content(course_path, root, shown), shown
            )
            catalog.problems += warnings
            catalog.documents[course_path] = document
            languages = tuple(catalog.course.languages)
            default_language = catalog.course.default_language
        except ContentError as exc:
            catalog.problems += exc.problems

    _load_modules(catalog, languages, default_language)
    _load_quizzes(catalog, languages)
    _load_contacts(catalog, languages)
    if catalog.course is not None:
        _check_references(catalog)
    catalog.notes = sorted(notes_in(catalog.problems))
    catalog.problems = sorted(p for p in catalog.problems if p.severity != "info")
    return catalog


def _load_modules(catalog: Catalog, languages, default_language) -> None:
    for path in sorted((catalog.root / "modules").glob("*/module.yaml")):
        catalog.files_checked += 1
        try:
            loaded = load_module(
                read_content(path, catalog.root, display_path(path)),
                display_path(path),
                path.parent,
                languages=languages,
                default_language=default_language,
                display=display_path,
            )
        except ContentError as exc:
            catalog.problems += exc.problems
            continue
        catalog.problems += loaded.problems
        catalog.modules[loaded.module.id] = loaded.module
        catalog.documents[path] = loaded.document
        catalog.broken_lessons |= {(loaded.module.id, lesson) for lesson in loaded.broken_lessons}


def _load_quizzes(catalog: Catalog, languages) -> None:
    for path in sorted((catalog.root / "quizzes").glob("*.yaml")):
        catalog.files_checked += 1
        try:
            shown = display_path(path)
            loaded = load_quiz(
                read_content(path, catalog.root, shown),
                shown,
                expected_id=path.stem,
                languages=languages,
            )
        except ContentError as exc:
            catalog.problems += exc.problems
            continue
        catalog.problems += loaded.warnings
        catalog.quizzes[loaded.value.id] = loaded.value
        catalog.documents[path] = loaded.document


def _load_contacts(catalog: Catalog, languages) -> None:
    path = catalog.root / CONTACTS_FILE
    if not path.is_file():
        catalog.problems.append(
            Problem(
                display_path(path), 1, "warning", "no help contacts: the help box will be empty"
            )
        )
        return
    catalog.files_checked += 1
    try:
        shown = display_path(path)
        raw = read_content(path, catalog.root, shown)
        catalog.contacts, warnings = load_contacts(raw, shown, languages)
        catalog.problems += warnings
    except ContentError as exc:
        catalog.problems += exc.problems


def _check_references(catalog: Catalog) -> None:
    course = catalog.course
    course_doc = catalog.documents[catalog.root / COURSE_FILE]
    quiz_files = {p.stem for p in (catalog.root / "quizzes").glob("*.yaml")}

    def refer(document, path, quiz_id: str, kind: str, module_id: str) -> None:
        """A reference to a quiz: it must exist, be valid, and have the expected kind and module."""
        if quiz_id not in quiz_files:
            catalog.problems.append(document.error(path, f"quiz '{quiz_id}' does not exist"))
            return
        quiz = catalog.quizzes.get(quiz_id)
        if quiz is None:
            return  # its own problems are already listed
        if quiz.kind != kind:
            catalog.problems.append(
                document.error(
                    path, f"quiz '{quiz_id}' is a '{quiz.kind}' quiz; a '{kind}' is expected here"
                )
            )
        if quiz.module != module_id:
            catalog.problems.append(
                document.error(
                    path, f"quiz '{quiz_id}' belongs to module '{quiz.module}', not '{module_id}'"
                )
            )

    module_dirs = {p.parent.name for p in (catalog.root / "modules").glob("*/module.yaml")}
    for index, module_id in enumerate(course.modules):
        if module_id not in module_dirs:
            catalog.problems.append(
                course_doc.error(
                    ("modules", index),
                    f"module '{module_id}' has no modules/{module_id}/module.yaml",
                )
            )
    for name in sorted(module_dirs - set(course.modules)):
        catalog.problems.append(
            Problem(
                display_path(catalog.module_dir(name) / "module.yaml"),
                1,
                "warning",
                f"module '{name}' is not listed in the course's modules, so learners never see it",
            )
        )
    for kind in ("pretest", "posttest", "survey"):
        quiz_id = getattr(course, kind)
        if quiz_id:
            refer(course_doc, (kind,), quiz_id, kind, COURSE_LEVEL)
    if course.certificate:
        for index, quiz_id in enumerate(course.certificate.passed):
            if quiz_id not in quiz_files:
                catalog.problems.append(
                    course_doc.error(
                        ("certificate", "passed", index), f"quiz '{quiz_id}' does not exist"
                    )
                )

    for index, step in enumerate(course.followup):
        path = ("followup", index, "quiz")
        if step.quiz not in quiz_files:
            catalog.problems.append(course_doc.error(path, f"quiz '{step.quiz}' does not exist"))
        elif (quiz := catalog.quizzes.get(step.quiz)) and quiz.kind not in FOLLOWUP_KINDS:
            catalog.problems.append(
                course_doc.error(
                    path,
                    f"quiz '{step.quiz}' is a '{quiz.kind}' quiz; a follow-up step takes a "
                    "'retention' quiz or a 'survey'",
                )
            )

    used = {q for q in (course.pretest, course.posttest, course.survey) if q}
    used.update(step.quiz for step in course.followup)
    for module in catalog.modules.values():
        module_path = catalog.module_dir(module.id) / "module.yaml"
        document = catalog.documents[module_path]
        for index, lesson in enumerate(module.lessons):
            if lesson.check:
                refer(document, ("lessons", index, "check"), lesson.check, "check", module.id)
        refer(document, ("final",), module.final, "final", module.id)
        used.update(module.quiz_ids())

    known_modules = set(course.modules) | {COURSE_LEVEL}
    for quiz_id, quiz in catalog.quizzes.items():
        path = catalog.root / "quizzes" / f"{quiz_id}.yaml"
        document = catalog.documents[path]
        if quiz.module not in known_modules:
            catalog.problems.append(
                document.error(
                    ("module",), f"module '{quiz.module}' is not one of the course's modules"
                )
            )
        elif quiz_id not in used:
            catalog.problems.append(
                document.warning(
                    ("id",), f"quiz '{quiz_id}' is not used by any module or by the course"
                )
            )
