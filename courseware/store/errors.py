"""What the store refuses. Every message is safe to show to the person who asked."""

from __future__ import annotations


class Rejected(Exception):
    """A request that cannot be carried out as asked; nothing was written."""


class NotFound(Rejected):
    pass


class Conflict(Rejected):
    """It clashes with what is stored: an email already registered, a name already taken."""


class InvalidInput(Rejected):
    pass


class Unavailable(Exception):
    """The database cannot be used just now: a restart, a network cut, a full disk, a file or
    server that became read-only. Nothing was written; the same request may succeed when it
    is tried again (the quiz page keeps the answers and retries)."""
