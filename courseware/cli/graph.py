"""`graph QUIZ.yaml QUESTION -o FILE.html|FILE.svg`: draw a branching case for its author."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from courseware.case_graph import case_graph
from courseware.cli.usage import UsageError, read_input
from courseware.content.catalog import display_path
from courseware.content.fields import LANGUAGES, localize
from courseware.content.problems import ContentError
from courseware.content.quiz import load_quiz
from courseware.i18n import Translator

FORMATS = (".html", ".svg")


def register(commands) -> None:
    parser = commands.add_parser(
        "graph",
        help="draw a branching case of a quiz file (HTML or SVG)",
        description="Draws the steps of a branching question from left to right, the endings "
        "coloured by their credit and the recommended path dashed. FILE.html is interactive "
        "(point at a step or a choice to read it) and needs nothing else; FILE.svg is a still "
        "image, made with Plotly's kaleido, which needs Chromium on the machine. Exit status: "
        "0 written, 1 invalid quiz or the file could not be made, 2 usage error.",
    )
    parser.add_argument("quiz", metavar="QUIZ.yaml")
    parser.add_argument("question", metavar="QUESTION", help="the id of a branching question")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="FILE.html or FILE.svg"
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, default="en", help="the language of the texts"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix not in FORMATS:
        raise UsageError(f"the output must be a .html or .svg file, not '{output.name}'")
    raw = read_input(args.quiz)
    try:
        quiz = load_quiz(raw, display_path(Path(args.quiz)), expected_id=Path(args.quiz).stem)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    question = quiz.value.leaf(args.question)
    if question is None:
        raise UsageError(f"no question '{args.question}' in quiz '{quiz.value.id}'")
    if question.type != "branching":
        raise UsageError(f"question '{question.id}' is a {question.type} question, not a case")
    figure = case_graph(
        question,
        None,
        lambda value: localize(value, args.language),
        Translator(args.language),
        choice_ids=True,
    )
    if output.suffix == ".html":
        # Plotly's script inside the file, so that it opens without a network.
        figure.write_html(output, include_plotlyjs=True)
        return 0
    try:
        figure.write_image(output, format="svg", width=1100)
    except Exception as error:  # kaleido or its browser missing, or the browser failing
        print(
            f"python -m courseware graph: error: cannot make an SVG here ({error}); "
            "write a .html file instead, or install Chromium",
            file=sys.stderr,
        )
        return 1
    return 0
