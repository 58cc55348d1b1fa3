"""`demo --learners N --seed S [--database URL] [--replace]`: a database full of realistic
simulated learners, to show the app or to measure it."""

from __future__ import annotations

import argparse
import sys
import time

from courseware.cli.usage import UsageError

ROLES_SHOWN = ("admin", "coordinator", "trainer", "learner")
STATUS_WORDS = {
    "completed": "completed the course",
    "in_progress": "still busy",
    "stuck": "stuck on a final (no attempts left)",
    "dropped_out": "dropped out",
}


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give at least 1")
    return value


def register(commands) -> None:
    parser = commands.add_parser(
        "demo",
        help="fill a database with simulated learners",
        description="Creates organisations, cohorts, trainers and learners who take the real "
        "course quizzes, and prints accounts to sign in with (one demo password for all). "
        "The schema is upgraded first. A database that already holds accounts is left alone "
        "unless --replace is given.",
    )
    parser.add_argument("--learners", type=_count, default=2000, metavar="N")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="a SQLAlchemy URL, e.g. sqlite:///data/demo.db (default: the configured database)",
    )
    parser.add_argument(
        "--replace", action="store_true", help="empty the database first (deletes every row)"
    )
    parser.add_argument(
        "--xapi",
        action="store_true",
        help="also write the learners' xAPI statements to the outbox, as the app would have "
        "(then `xapi send` delivers them to the configured LRS)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from courseware.demo import PILOT_GROUP, SMALL_COHORT
    from courseware.settings import load_settings
    from courseware.store.bulk import DatabaseNotEmpty, load_demo
    from courseware.store.errors import Rejected, Unavailable

    url = args.database or load_settings().database_url
    try:
        shown_url = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise UsageError(f"not a database URL: {url!r}") from None
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        seconds = time.perf_counter() - started
        print(f"demo: {done} of {total} learners ({seconds:.1f} s)", file=sys.stderr)

    try:
        summary = load_demo(
            url,
            args.learners,
            args.seed,
            replace_existing=args.replace,
            progress=progress,
            xapi=args.xapi,
        )
    except DatabaseNotEmpty as error:
        raise UsageError(f"{error} ({shown_url}): add --replace to empty it first") from None
    except Rejected as error:
        raise UsageError(str(error)) from None
    except (DBAPIError, Unavailable) as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        first_line = str(cause).strip().splitlines()[0]
        print(f"python -m courseware demo: error: {shown_url}: {first_line}", file=sys.stderr)
        return 1

    answers = summary.counts.get("answers", 0)
    print(
        f"Demo database {shown_url}: {summary.learners} learners, "
        f"{summary.counts.get('quiz_attempts', 0)} attempts, {answers} answers, "
        f"made in {summary.seconds:.1f} s."
    )
    if args.xapi:
        print(f"{summary.counts.get('xapi_outbox', 0)} xAPI statements in the outbox.")
    print(", ".join(f"{summary.statuses[s]} {words}" for s, words in STATUS_WORDS.items()) + ".")
    followup = summary.followup
    if sum(followup.values()):
        print(
            f"Follow-up checks due by today: {followup['taken']} taken, "
            f"{followup['waiting']} not taken (yet)."
        )
    if summary.learners > SMALL_COHORT:
        print(
            f'The cohort "{PILOT_GROUP}" has {SMALL_COHORT} learners: too few for coordinators '
            "to see its figures."
        )
    print(f"Sign in with the password {summary.password} as:")
    for role in ROLES_SHOWN:
        note = " (trains the learner below)" if role == "trainer" else ""
        print(f"  {role:<12} {summary.accounts[role]}{note}")
    return 0
