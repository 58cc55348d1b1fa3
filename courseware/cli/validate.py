"""`validate [PATH ...]`: check content files and print each problem on its line."""

from __future__ import annotations

import argparse
from pathlib import Path

from courseware.cli.usage import UsageError
from courseware.content.catalog import check_file, load_catalog
from courseware.content.problems import Problem


def register(commands) -> None:
    parser = commands.add_parser(
        "validate",
        help="check the course files (or the given files) and list every problem",
        description="With no PATH, check the whole course in the working folder (modules/ and "
        "quizzes/, with cross-references). With paths, check those files on their own. "
        "Exit status: 0 no error, 1 errors found, 2 usage error.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="quiz, module, course or lesson file, or a folder"
    )
    parser.set_defaults(run=run)


def _files(paths: list[str]) -> list[Path]:

    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".md"))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or folder: {name}")
    return files


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = sum(p.severity == "info" for p in problems)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    line = f"{counts} in {plural(files, 'file')} checked"
    if notes:
        line += f"; {notes} author's note{'' if notes == 1 else 's'} (info)"
    return line


def run(args: argparse.Namespace) -> int:

    if args.paths:
        files = _files(args.paths)
        # A folder's lessons are checked on their own and through their module: list once.
        problems = list(dict.fromkeys(p for path in files for p in check_file(path)))
        checked = len(files)
    else:
        root = Path.cwd()
        if not (root / "modules").is_dir() and not (root / "quizzes").is_dir():
            raise UsageError(
                f"no course in {root}: expected the folders modules/ and quizzes/ "
                "(or give file paths)"
            )
        catalog = load_catalog(root)
        problems, checked = sorted(catalog.problems + catalog.notes), catalog.files_checked
    for problem in problems:
        print(problem)
    print(summary(problems, checked))
    return 1 if any(p.severity == "error" for p in problems) else 0
