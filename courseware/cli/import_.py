"""`import FILE --format moodle-xml|gift --id QUIZ_ID --module MODULE --kind KIND`: a quiz
file from a Moodle XML or GIFT question bank, one warning per loss or skip, then a summary.
Nothing is written when the file cannot be read, and no file is replaced without --force."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import get_args

from courseware.cli.usage import UsageError
from courseware.content.catalog import display_path
from courseware.content.fields import SLUG_PATTERN
from courseware.content.problems import ContentError
from courseware.content.quiz import QuizKind
from courseware.interop import FORMATS, check_size, import_bank


def register(commands) -> None:
    parser = commands.add_parser(
        "import",
        help="make a quiz file from a Moodle XML or GIFT file",
        description="Writes quizzes/QUIZ_ID.yaml (or -o PATH), which validate accepts. Exit "
        "status: 0 written, 1 the file cannot be read (nothing written), 2 usage error.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--id", required=True, dest="quiz_id", metavar="QUIZ_ID")
    parser.add_argument("--module", required=True, help="a module id, or 'course'")
    parser.add_argument("--kind", required=True, choices=get_args(QuizKind))
    parser.add_argument("--category", metavar="PATH", help="import only this category (and below)")
    parser.add_argument("-o", "--output", metavar="PATH")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(run=run)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    for name, value in (("--id", args.quiz_id), ("--module", args.module)):
        if not SLUG_PATTERN.fullmatch(value):
            raise UsageError(
                f"{name} '{value}' is not a valid id (lowercase letters, digits, hyphens)"
            )
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"no such file: {args.file}")
    output = Path(args.output) if args.output else Path("quizzes") / f"{args.quiz_id}.yaml"
    if output.exists() and not args.force:
        raise UsageError(f"{output} exists; add --force to replace it")
    shown = display_path(source)
    try:
        # A file over the limit is refused before it is read into memory.
        check_size(source.stat().st_size, shown)
        result = import_bank(
            source.read_bytes(),
            shown,
            args.format,
            quiz_id=args.quiz_id,
            module=args.module,
            kind=args.kind,
            category=args.category,
            output=display_path(output),
        )
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    for warning in result.warnings:
        print(warning)
    if output.stem != args.quiz_id:
        print(
            f"{display_path(output)}:1: warning: "
            f"validate expects a quiz file named {args.quiz_id}.yaml"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    header = f"# Imported from {source.name} ({args.format}) by python -m courseware import.\n"
    output.write_text(header + result.yaml_text, encoding="utf-8")
    print(
        f"{_plural(result.imported, 'question')} imported, {result.skipped} skipped: "
        f"{display_path(output)}"
    )
    return 0
