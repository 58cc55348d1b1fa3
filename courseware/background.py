"""A thread that does one turn of work every few seconds inside the app, until stopped (the
senders of learning records and of reminder mails). A turn that fails is logged and tried
again at the next: a database or server that is down never stops the thread."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from courseware.store.database import Database
from courseware.store.errors import Unavailable

log = logging.getLogger(__name__)


def new_owner() -> str:
    """A name for one sender, unique across hosts and processes (leases and claims)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


class Periodic(threading.Thread):
    def __init__(self, name: str, db: Database, interval_seconds: float):
        super().__init__(name=name, daemon=True)
        self.db = db
        self.interval_seconds = interval_seconds
        self.owner = new_owner()
        self.stopping = threading.Event()

    def turn(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last turn (closing what the turns shared)."""

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    self.turn()
                except Unavailable:
                    log.warning("%s: the database cannot be used just now", self.name)
                except Exception:
                    log.exception("%s: a round failed; trying again later", self.name)
                self.stopping.wait(self.interval_seconds)
        finally:
            self.finish()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
