"""What every page and route shares in one server process: the database and the course.

Both are built once per process (the course files are parsed once, not on every rerun).
Tests point COURSEWARE_DATABASE_URL elsewhere and call `reset()`.
"""

from __future__ import annotations

from functools import cache

from courseware.content.catalog import Catalog, load_catalog
from courseware.settings import REPO_ROOT
from courseware.store import Database, open_database


@cache
def database() -> Database:
    return open_database()


@cache
def catalog() -> Catalog:
    return load_catalog(REPO_ROOT)


def reset() -> None:
    """Forget the database (tests switch databases; the course files stay loaded)."""
    if database.cache_info().currsize:
        database().dispose()
    database.cache_clear()
