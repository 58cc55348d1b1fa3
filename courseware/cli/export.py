"""`export QUIZ --format moodle-xml|gift [--lang ...] [-o FILE]` and `export --all -o DIR`:
quizzes as Moodle XML or GIFT, with a warning on the quiz's line wherever Moodle would
score differently or a question cannot go."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from courseware.cli.usage import UsageError
from courseware.content.catalog import display_path, load_catalog
from courseware.content.course import load_course
from courseware.content.problems import ContentError
from courseware.content.quiz import COURSE_LEVEL, load_quiz
from courseware.content.yaml_source import parse_mapping
from courseware.interop import FORMATS, LANGUAGE_CHOICES, export_quiz
from courseware.interop.course import export_catalog

COURSE_FILE = Path("modules") / "course.yaml"


def register(commands) -> None:
    parser = commands.add_parser(
        "export",
        help="write a quiz (or every quiz) as Moodle XML or GIFT",
        description="QUIZ is a quiz id (quizzes/QUIZ.yaml) or a quiz file. Without -o the "
        "file goes to standard output; warnings go to standard error. Exit status: 0 written, "
        "1 invalid quiz, 2 usage error.",
    )
    parser.add_argument("quiz", nargs="?", metavar="QUIZ")
    parser.add_argument("--all", action="store_true", help="every quiz of the course, into -o DIR")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument(
        "--lang",
        choices=LANGUAGE_CHOICES,
        help="en, sr (Latin), sr-Cyrl, or all (Moodle multi-language spans); "
        "default: the course's default language",
    )
    parser.add_argument("-o", "--output", metavar="FILE|DIR")
    parser.set_defaults(run=run)


def _default_language() -> str:
    if COURSE_FILE.is_file():
        try:
            return load_course(COURSE_FILE.read_bytes(), str(COURSE_FILE))[0].default_language
        except ContentError:
            pass
    return "en"


def _module_title(module: str):
    path = COURSE_FILE if module == COURSE_LEVEL else Path("modules") / module / "module.yaml"
    if not path.is_file():
        return None
    try:
        return parse_mapping(path.read_bytes(), str(path)).data.get("title")
    except ContentError:
        return None


def _quiz_path(name: str) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise UsageError(f"no such file: {name}")
        return path
    path = Path("quizzes") / f"{name}.yaml"
    if not path.is_file():
        raise UsageError(f"no quiz '{name}' (no {path})")
    return path


def _export(path: Path, fmt: str, language: str):
    shown = display_path(path)
    loaded = load_quiz(path.read_bytes(), shown, expected_id=path.stem)
    exported = export_quiz(loaded, shown, fmt, language, _module_title(loaded.value.module))
    for warning in exported.warnings:
        print(warning, file=sys.stderr)
    return exported


def _export_all(args: argparse.Namespace, language: str) -> int:
    if not args.output:
        raise UsageError("--all writes one file per quiz: give the folder with -o DIR")
    if not Path("quizzes").is_dir():
        raise UsageError("no quizzes/ in the working folder")
    catalog = load_catalog(Path.cwd())
    broken = [p for p in catalog.problems if p.severity == "error" and p.file.startswith("quizzes")]
    for problem in broken:
        print(problem, file=sys.stderr)
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    exports = export_catalog(catalog, args.format, language)
    for name, exported in exports:
        for warning in exported.warnings:
            print(warning, file=sys.stderr)
        (folder / name).write_text(exported.text, encoding="utf-8")
    print(f"{len(exports)} quizzes exported to {folder}", file=sys.stderr)
    return 1 if broken else 0


def run(args: argparse.Namespace) -> int:
    language = args.lang or _default_language()
    if args.all == bool(args.quiz):
        raise UsageError("give either QUIZ or --all")
    if args.all:
        return _export_all(args, language)
    try:
        exported = _export(_quiz_path(args.quiz), args.format, language)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(exported.text, encoding="utf-8")
    else:
        sys.stdout.write(exported.text)
    return 0
