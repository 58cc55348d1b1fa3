"""Backing up a SQLite database while the app keeps running."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from courseware.store.database import Database
from courseware.store.errors import Conflict, InvalidInput


def backup_sqlite(db: Database, target: Path) -> None:
    """Copy the database to `target` with SQLite's online backup, which gives a consistent
    snapshot even while others write. The file appears under its name only once complete."""
    if db.engine.dialect.name != "sqlite":
        raise InvalidInput("only a SQLite database can be copied this way")
    target = Path(target)
    if target.exists():
        raise Conflict(f"{target} already exists")
    if not target.parent.is_dir():
        raise InvalidInput(f"no such folder: {target.parent}")
    partial = target.with_name(target.name + ".partial")
    try:
        with db.engine.connect() as connection, closing(sqlite3.connect(partial)) as copy:
            connection.connection.driver_connection.backup(copy)
            # A backup is one self-contained file; the app turns WAL on again when it opens it.
            copy.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
