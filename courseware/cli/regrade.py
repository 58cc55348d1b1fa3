"""`regrade QUIZ [--dry-run] --reason TEXT [--to VERSION]`: grade a quiz's submitted attempts
again after a correction, acting as an admin, and print what changes (see store/regrade.py
for the rules)."""

from __future__ import annotations

import argparse
from pathlib import Path

from courseware.cli.usage import UsageError


def register(commands) -> None:
    parser = commands.add_parser(
        "regrade",
        help="grade a quiz's submitted attempts again against the corrected quiz file",
        description="Regrades every submitted attempt at QUIZ (of learners not erased) against "
        "quizzes/QUIZ.yaml as it is now in the working folder, or against a stored VERSION, "
        "and prints the dry-run table: the questions that changed, and per cohort the "
        "attempts whose score changes and those turning from fail to pass or pass to fail. "
        "Attempts in progress are left alone (run it again once they are submitted). "
        "Exit status: 0 done, 2 usage error (nothing changed).",
    )
    parser.add_argument("quiz", metavar="QUIZ", help="the quiz id (its file name without .yaml)")
    parser.add_argument(
        "--dry-run", action="store_true", help="only show what would change; change nothing"
    )
    parser.add_argument(
        "--reason",
        metavar="TEXT",
        help="why (required unless --dry-run): learners whose score changes are told it",
    )
    parser.add_argument(
        "--to",
        metavar="VERSION",
        help="regrade to this stored content version instead of the quiz file",
    )
    parser.set_defaults(run=run)


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    """Left-aligned first column, right-aligned numbers."""
    cells = [headers, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in cells
    ]


def plan_lines(plan) -> list[str]:
    """The dry-run table of a `store.regrade.RegradePlan`."""
    lines = [f"regrade of {plan.quiz_id} to version {plan.content_version}", ""]
    if plan.questions:
        lines.append("questions that differ in this version:")
        lines += _table(
            ["question", "change", "attempts", "points changed", "answers scored 0"],
            [
                [q.question_id, q.change, q.attempts, q.points_changed, q.unfit]
                for q in plan.questions
            ],
        )
        lines.append(
            "(an answer naming an option, pair or item the question no longer has scores 0; "
            "an added question does not count in past attempts)"
        )
    else:
        lines.append("no question differs from the versions the attempts are graded on")
    if plan.pass_mark_changed:
        lines.append("the pass mark differs from the one the attempts were graded with")
    lines.append("")
    rows = [
        [
            c.name or "(no cohort)",
            c.attempts,
            c.score_changed,
            c.fail_to_pass,
            c.pass_to_fail,
            c.unfit,
        ]
        for c in plan.cohorts
    ]
    totals = [sum(row[i] for row in rows) for i in range(1, 6)]
    lines += _table(
        ["cohort", "attempts", "score changed", "fail->pass", "pass->fail", "answers scored 0"],
        [*rows, ["total", *totals]],
    )
    lines += [
        "",
        f"left alone: {plan.in_progress} in progress, {plan.erased} of erased learners, "
        f"{plan.already_current} already graded on this version, "
        f"{plan.nothing_in_common} with no question in this version",
        f"certificates awaiting an admin's decision (pass turned fail): "
        f"{len(plan.certificates_to_review)}",
    ]
    return lines


def _target(args: argparse.Namespace):
    """The version to regrade to, and the quizzes the course's certificate requires."""
    from courseware.content.catalog import load_catalog

    catalog = load_catalog(Path.cwd())
    certificate = catalog.course.certificate if catalog.course else None
    required = certificate.passed if certificate else []
    if args.to:
        return args.to, required
    quiz = catalog.quizzes.get(args.quiz)
    if quiz is not None:
        return quiz, required
    if (Path.cwd() / "quizzes" / f"{args.quiz}.yaml").is_file():
        raise UsageError(
            f"quizzes/{args.quiz}.yaml has errors: run `python -m courseware validate` first"
        )
    raise UsageError(f"unknown quiz '{args.quiz}': there is no quizzes/{args.quiz}.yaml")


def run(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.regrade import apply_regrade, regrade_plan

    if not args.dry_run and not (args.reason or "").strip():
        raise UsageError("give --reason TEXT (learners whose score changes are told it)")
    target, required = _target(args)
    with database() as db:
        plan = regrade_plan(db, COMMAND_LINE, target, certificate_quizzes=required)
        if plan.quiz_id != args.quiz:
            raise UsageError(f"version {args.to} is a version of quiz '{plan.quiz_id}'")
        if not args.dry_run:
            plan = apply_regrade(
                db, COMMAND_LINE, target, args.reason, certificate_quizzes=required
            )
    print("\n".join(plan_lines(plan)))
    if args.dry_run:
        print("dry run: nothing was changed")
    elif plan.regrade_id is None:
        print("nothing to regrade: nothing was changed")
    else:
        print(f"regraded {len(plan.attempts)} attempt(s) (regrade {plan.regrade_id})")
    return 0
