"""`user add` and `user reset-password`: accounts from the shell."""

from __future__ import annotations

import argparse

from courseware.access import ROLES


def register(commands) -> None:
    parser = commands.add_parser("user", help="create accounts and reset passwords")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add",
        help="create an account",
        description="Create an account in an existing organisation (see `org add`). The "
        "password is asked twice at the terminal, or read from standard input.",
    )
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, help=f"one of: {', '.join(ROLES)}")
    add.add_argument("--org", required=True, metavar="ORG", help="the organisation's name")
    add.add_argument("--name", help="the name shown in the app (default: from the email)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(run=run_add)

    reset = actions.add_parser(
        "reset-password",
        help="give an account a new password, to be changed at the next sign-in",
        description="Prints a one-time password, or sets the one read from standard input. "
        "Either way the user must choose a new one at the next sign-in, and is signed out "
        "everywhere now.",
    )
    reset.add_argument("email", metavar="EMAIL")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    reset.set_defaults(run=run_reset_password)


def run_add(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database, read_password
    from courseware.store.accounts import (
        check_role,
        create_account,
        find_organisation_id,
        normalize_email,
    )

    with database() as db:
        # Everything that can be checked is checked before the password is asked for.
        email = normalize_email(args.email)
        check_role(args.role)
        organisation_id = find_organisation_id(db, COMMAND_LINE, args.org)
        password = read_password(args.password_stdin)
        account = create_account(
            db,
            COMMAND_LINE,
            email=email,
            display_name=args.name or email.split("@")[0],
            role=args.role,
            organisation_id=organisation_id,
            password=password,
        )
    print(f"created {args.role} {email} (account {account.user_id}) in {args.org.strip()}")
    return 0


def run_reset_password(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database, read_password
    from courseware.store.accounts import (
        find_user_id,
        reset_password,
    )

    with database() as db:
        user_id = find_user_id(db, COMMAND_LINE, args.email)
        chosen = read_password(from_stdin=True) if args.password_stdin else None
        one_time = reset_password(db, COMMAND_LINE, user_id, chosen)
    if one_time:
        print(f"one-time password for {args.email.strip()}: {one_time}")
    print("the user must choose a new password at the next sign-in")
    return 0
