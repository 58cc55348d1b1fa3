"""`python -m courseware COMMAND ...`: the command line."""

from __future__ import annotations

import argparse
import sys

from courseware.cli import (
    cohort,
    db,
    demo,
    export,
    followup,
    graph,
    import_,
    org,
    pack,
    paper,
    regrade,
    report,
    score,
    user,
    validate,
    xapi,
)
from courseware.cli.usage import UsageError

COMMANDS = (
    validate,
    score,
    graph,
    export,
    import_,
    user,
    org,
    cohort,
    db,
    demo,
    regrade,
    pack,
    paper,
    xapi,
    followup,
    report,
)


class OneLineErrorParser(argparse.ArgumentParser):
    """Bad arguments give one line on standard error (`--help` shows the usage)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="python -m courseware",
        description="Course tools: check content files, score answers, manage the database.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"python -m courseware {args.command}: error: {exc}", file=sys.stderr)
        return 2
