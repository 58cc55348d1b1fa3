"""`db upgrade` and `db backup PATH`."""

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
