"""`org add NAME`: an organisation, before its accounts and cohorts."""

from __future__ import annotations

import argparse


def register(commands) -> None:
    parser = commands.add_parser("org", help="create organisations")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create an organisation")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(run=run_add)


def run_add(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.accounts import (
        create_organisation,
    )

    with database() as db:
        organisation_id = create_organisation(db, COMMAND_LINE, args.name)
    print(f"created organisation {args.name.strip()} ({organisation_id})")
    return 0
