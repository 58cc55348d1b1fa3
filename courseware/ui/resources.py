"""What every page and route shares in one server process: the database and the course.

Both are built once per process (the course files are parsed once, not on every rerun).
Tests point COURSEWARE_DATABASE_URL elsewhere and call `reset()`.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from courseware.background import Periodic
from courseware.content.catalog import Catalog, load_catalog
from courseware.lrs.sender import SenderThread
from courseware.mail.sender import ReminderThread
from courseware.settings import load_settings
from courseware.store import Database, open_database
from courseware.store.xapi_events import course_facts

# Sessions that start together (a server just started, a class opening the course at once)
# would otherwise each open the database and run the migrations side by side, and on SQLite
# all but one would wait for the write lock, some longer than the busy timeout.
_opening = threading.Lock()


def database() -> Database:
    with _opening:
        return _opened_database()


_senders: list[Periodic] = []


@cache
def _opened_database() -> Database:
    db = open_database()
    # One sender of learning records per process; the lease makes them take turns when
    # several instances share the database.
    if db.settings.xapi_enabled and db.settings.xapi_send_in_app:
        # The course's titles, read now rather than inside the first answer's transaction.
        course_facts(Path(db.settings.content_dir).resolve())
        sender = SenderThread(db)
        sender.start()
        _senders.append(sender)
    # Likewise one sender of reminder mails (the claims make instances share the work).
    if db.settings.mail_enabled and db.settings.reminder_send_in_app:
        reminders = ReminderThread(db, catalog())
        reminders.start()
        _senders.append(reminders)
    return db


@cache
def catalog() -> Catalog:
    return load_catalog(load_settings().content_dir)


def reset() -> None:
    """Forget the database (tests switch databases; the course files stay loaded)."""
    with _opening:
        while _senders:
            _senders.pop().stop()
        if _opened_database.cache_info().currsize:
            _opened_database().dispose()
        _opened_database.cache_clear()
