"""`db upgrade`, `db backup PATH` and `db rebuild-summaries [--check]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands) -> None:
    parser = commands.add_parser("db", help="upgrade or back up the database")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade",
        help="bring the database to the newest schema",
        description="Creates the database if it does not exist. The app and every other "
        "command upgrade it too when they start.",
    )
    upgrade.set_defaults(run=run_upgrade)
    backup = actions.add_parser(
        "backup",
        help="copy a SQLite database while the app runs",
        description="A consistent copy, safe while the app is in use. PATH must not exist. "
        "For PostgreSQL it prints how to use pg_dump instead and exits with 1.",
    )
    backup.add_argument("path", metavar="PATH", type=Path)
    backup.set_defaults(run=run_backup)
    rebuild = actions.add_parser(
        "rebuild-summaries",
        help="rebuild the dashboard's report summaries from the attempts",
        description="The summaries are kept up to date by every write; this builds them "
        "again from the raw rows. With --check it changes nothing and lists every "
        "difference instead (exit status 1 when there is one).",
    )
    rebuild.add_argument(
        "--check", action="store_true", help="compare only, and report any difference"
    )
    rebuild.set_defaults(run=run_rebuild_summaries)


def run_upgrade(args: argparse.Namespace) -> int:
    from courseware.cli.store import database
    from courseware.store.migrate import schema_revision

    with database() as db:
        print(f"the database is at revision {schema_revision(db)}")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from courseware.cli.store import database
    from courseware.store.backup import backup_sqlite

    with database() as db:
        url = make_url(db.url)
        if url.get_backend_name() != "sqlite":
            plain = url.set(drivername=url.get_backend_name(), query={})
            print(
                "this is a PostgreSQL database: back it up with pg_dump, for example\n"
                f"  pg_dump --format=custom --file={args.path} "
                f"'{plain.render_as_string(hide_password=True)}'",
                file=sys.stderr,
            )
            return 1
        backup_sqlite(db, args.path)
    print(f"backed up to {args.path}")
    return 0


def run_rebuild_summaries(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.summaries import (
        attempts_to_read,
        check_summaries,
        rebuild_summaries,
    )

    with database() as db:
        total = attempts_to_read(db, COMMAND_LINE)
        with tqdm(total=total, desc="attempts", unit="attempt", file=sys.stderr) as bar:
            if args.check:
                found = check_summaries(db, COMMAND_LINE, bar.update)
            else:
                rebuild_summaries(db, COMMAND_LINE, bar.update)
                found = None
    if found is None:
        print(f"rebuilt the report summaries from {total} attempts")
        return 0
    for difference in found:
        print(difference)
    print(
        f"{len(found)} difference{'' if len(found) == 1 else 's'} between the summaries "
        "and the attempts"
        if found
        else f"the report summaries match the {total} attempts"
    )
    return 1 if found else 0
