"""`score QUIZ.yaml ANSWERS.yaml`: grade an answer sheet and print the result as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from pathlib import Path

from courseware.cli.usage import read_input
from courseware.content.catalog import display_path
from courseware.content.problems import ContentError
from courseware.content.quiz import load_quiz
from courseware.content.yaml_source import parse_mapping
from courseware.grading import AnswerSheetError, check_answers, score_quiz


def register(commands) -> None:
    parser = commands.add_parser(
        "score",
        help="score an answer sheet against a quiz file and print JSON",
        description="ANSWERS.yaml maps question id to answer. Every question is scored (draw "
        "is ignored). Exit status: 0 scored, 1 invalid quiz or answers, 2 usage error.",
    )
    parser.add_argument("quiz", metavar="QUIZ.yaml")
    parser.add_argument("answers", metavar="ANSWERS.yaml")
    parser.set_defaults(run=run)


def _number(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return value.numerator if value.denominator == 1 else float(value)


def run(args: argparse.Namespace) -> int:
    quiz_raw, answers_raw = read_input(args.quiz), read_input(args.answers)
    answers_file = display_path(Path(args.answers))
    try:
        loaded = load_quiz(
            quiz_raw, display_path(Path(args.quiz)), expected_id=Path(args.quiz).stem
        )
        # An empty answer sheet is a learner who answered nothing.
        document = parse_mapping(answers_raw, answers_file, empty_ok=True)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    quiz = loaded.value
    try:
        answers = check_answers(quiz, document.data)
    except AnswerSheetError as exc:
        for question_id, message in exc.problems.items():
            print(
                document.error((question_id,), f"question '{question_id}': {message}"),
                file=sys.stderr,
            )
        return 1
    result = score_quiz(quiz, answers)
    print(
        json.dumps(
            {
                "quiz": quiz.id,
                "points": _number(result.points),
                "max_points": _number(result.max_points),
                "fraction": _number(result.fraction),
                "passed": result.passed,
                "questions": {qid: _number(p) for qid, p in result.question_points.items()},
            },
            ensure_ascii=False,
        )
    )
    return 0
