"""`cohort add NAME --org ORG --trainer EMAIL`: a training group and its invite code."""

from __future__ import annotations

import argparse


def register(commands) -> None:
    parser = commands.add_parser("cohort", help="create cohorts")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="create a cohort and print its invite code",
        description="Learners sign up into the cohort with the invite code it prints.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--org", required=True, metavar="ORG", help="the organisation's name")
    add.add_argument(
        "--trainer",
        required=True,
        action="append",
        metavar="EMAIL",
        help="a trainer of the organisation (repeat for several)",
    )
    add.set_defaults(run=run_add)


def run_add(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.accounts import (
        find_organisation_id,
        find_user_id,
    )
    from courseware.store.cohorts import (
        create_cohort,
    )

    with database() as db:
        cohort = create_cohort(
            db,
            COMMAND_LINE,
            name=args.name,
            organisation_id=find_organisation_id(db, COMMAND_LINE, args.org),
            trainer_ids=[find_user_id(db, COMMAND_LINE, email) for email in args.trainer],
        )
    print(f"created cohort {cohort.name} in {args.org.strip()}")
    print(f"invite code: {cohort.invite_code}")
    return 0
