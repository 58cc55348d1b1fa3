"""Storage: the only package that talks to the database.

Every function that reads or changes data takes the `Database` and the acting user
(`courseware.access.Actor`), asks the access policy, and raises `PermissionDenied` when the
policy says no, or a `Rejected` error (with a message fit for the user) when the request
cannot be carried out. Either way nothing has been written.
"""

from __future__ import annotations

from courseware.settings import Settings, load_settings
from courseware.store.database import Clock, Database, unreachable_as_unavailable, utc_now
from courseware.store.migrate import upgrade_database


def open_database(settings: Settings | None = None, clock: Clock = utc_now) -> Database:
    """The configured database, upgraded to the newest schema (created if it is new)."""
    settings = settings or load_settings()
    unreachable_as_unavailable(lambda: upgrade_database(settings.database_url, settings=settings))
    return Database(settings.database_url, settings, clock)
