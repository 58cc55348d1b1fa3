"""Schema migrations (Alembic, scripts in `migrations/versions/`), run at every start of the
app and of the command line, so a database is always at the newest revision before use."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from courseware.settings import Settings, load_settings
from courseware.store.database import Database, create_database_engine

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: app instances starting together on PostgreSQL take turns to migrate.
MIGRATION_LOCK_KEY = 7_340_213


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_database(url: str, revision: str = "head", settings: Settings | None = None) -> None:
    """Bring the database at `url` up to `revision`, creating it if needed. All steps run in
    one transaction: a failed upgrade leaves the database as it was."""
    engine = create_database_engine(url, settings or load_settings(), foreign_keys=False)
    try:
        with engine.execution_options(sqlite_write=True).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"))
            before = current_revision(connection)
            command.upgrade(alembic_config(connection), revision)
            # Checked only when a step ran: the check reads every table, seconds at a
            # programme's size, and every process start upgrades (mostly to no change).
            changed = current_revision(connection) != before
            if changed and connection.dialect.name == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the upgrade would break foreign keys: {broken[:5]}")
    finally:
        engine.dispose()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def schema_revision(db: Database) -> str | None:
    return db.read(lambda tx: current_revision(tx.session.connection()))
