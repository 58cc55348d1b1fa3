"""`paper QUIZ --variants N [--first K] --lang LANG -o DIR`: print a quiz on paper: N numbered
variants (questions and answer grid) in one PDF and their answer keys in another."""

from __future__ import annotations

import argparse
from pathlib import Path

from courseware.cli.usage import UsageError


def register(commands) -> None:
    parser = commands.add_parser(
        "paper",
        help="print numbered variants of a quiz, with their answer keys",
        description="Writes DIR/QUIZ-LANG-variants.pdf (each variant's questions and answer "
        "grid, laid out as an online attempt with the variant's own seed) and "
        "DIR/QUIZ-LANG-keys.pdf (a key per variant), and stores the quiz version in the "
        "database so that the papers' results can be entered later. "
        "A branching case is printed as a 'turn to step N' booklet. "
        "Exit status: 0 written, 2 usage error (e.g. a question with no paper form, or a quiz "
        "whose file says paper: false).",
    )
    parser.add_argument("quiz", metavar="QUIZ", help="the quiz id")
    parser.add_argument("--variants", type=int, default=4, metavar="N", help="how many (4)")
    parser.add_argument(
        "--first", type=int, default=1, metavar="K", help="number of the first variant (1)"
    )
    parser.add_argument("--lang", default="en", choices=["en", "sr", "sr-Cyrl"])
    parser.add_argument("-o", "--output", metavar="DIR", default=".", help="folder to write to")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from courseware.cli.pack import course_catalog
    from courseware.paper import edition
    from courseware.paper.grid import Unprintable
    from courseware.paper.quizzes import build_answer_keys, build_paper_quiz
    from courseware.paper.variants import MAX_VARIANT

    catalog = course_catalog()
    quiz = catalog.quizzes.get(args.quiz)
    if quiz is None:
        raise UsageError(f"unknown quiz '{args.quiz}' (or it has errors: run validate)")
    if args.variants < 1 or args.first < 1 or args.first + args.variants - 1 > MAX_VARIANT:
        raise UsageError(f"variants are numbered from 1 to {MAX_VARIANT}")
    numbers = list(range(args.first, args.first + args.variants))
    ed = edition(args.lang)
    try:
        papers = build_paper_quiz(quiz, ed, numbers)
        keys = build_answer_keys(quiz, ed, numbers)
    except Unprintable as error:
        raise UsageError(str(error)) from None
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.paper import register_print

    with database() as db:
        register_print(db, COMMAND_LINE, None, quiz, numbers)
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, data in (("variants", papers), ("keys", keys)):
        path = folder / f"{quiz.id}-{ed.code}-{kind}.pdf"
        path.write_bytes(data)
        print(path)
    return 0
