"""What the commands that work on the database share. Imported only when one of them runs:
the database libraries take most of a second to load, which `validate` should not pay."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from courseware.access import PermissionDenied
from courseware.cli.usage import UsageError
from courseware.store import Database, open_database
from courseware.store.errors import Rejected


@contextmanager
def database() -> Iterator[Database]:
    """The configured database, upgraded to the newest schema first. What the store refuses
    is a usage error: one line, exit status 2, and nothing written."""
    db = open_database()
    try:
        yield db
    except (Rejected, PermissionDenied) as error:
        raise UsageError(str(error)) from None
    finally:
        db.dispose()


def read_password(from_stdin: bool) -> str:
    """The first line of standard input, or typed twice at the terminal without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("no password: pass it on standard input with --password-stdin")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise UsageError("the two passwords differ")
    return password
