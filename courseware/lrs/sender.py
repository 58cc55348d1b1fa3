"""The sender: takes the lease, sends the due statements batch after batch, records what the
LRS made of them. `send_once` empties the outbox as far as it can and returns (cron, tests,
`xapi send --once`); `SenderThread` does it every few seconds inside the app, one per process.
Several instances may all run one: the lease lets one send at a time."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass

from courseware.access import COMMAND_LINE
from courseware.lrs.client import LrsClient
from courseware.store.database import Database
from courseware.store.errors import Unavailable
from courseware.store.xapi_outbox import next_batch, record_outcome, release_lease, take_lease

log = logging.getLogger(__name__)


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


@dataclass
class Round:
    delivered: int = 0
    refused: int = 0
    # The LRS could not be used (the sender pauses), or another sender holds the lease.
    unreachable: str | None = None
    lease_taken: bool = True


def send_once(db: Database, client: LrsClient | None = None, owner: str | None = None) -> Round:
    """Send every due statement, batch after batch, until none is left or the LRS cannot be
    reached."""
    owner = owner or new_owner()
    own_client = client is None
    client = client or LrsClient(db.settings)
    done = Round()
    try:
        if not take_lease(db, COMMAND_LINE, owner):
            done.lease_taken = False
            return done
        while batch := next_batch(db, COMMAND_LINE, owner, db.settings.xapi_batch_size):
            by_statement = {row.statement_id: row.id for row in batch}
            outcome = client.deliver([(row.statement_id, row.body) for row in batch])
            delivered = [by_statement[s] for s in outcome.delivered]
            refused = {by_statement[s]: reason for s, reason in outcome.refused.items()}
            undelivered = [row.id for row in batch if row.id not in set(delivered) | set(refused)]
            record_outcome(
                db, COMMAND_LINE, owner, delivered, refused, outcome.unreachable, undelivered
            )
            done.delivered += len(delivered)
            done.refused += len(refused)
            if outcome.unreachable:
                done.unreachable = outcome.unreachable
                break
        release_lease(db, COMMAND_LINE, owner)
    finally:
        if own_client:
            client.close()
    return done


class SenderThread(threading.Thread):
    """Sends the outbox every `xapi_send_interval_seconds` until stopped. Never raises: a
    database or LRS that is down is tried again at the next turn."""

    def __init__(self, db: Database):
        super().__init__(name="xapi-sender", daemon=True)
        self.db = db
        self.owner = new_owner()
        self.stopping = threading.Event()

    def run(self) -> None:
        client = LrsClient(self.db.settings)
        try:
            while not self.stopping.is_set():
                try:
                    send_once(self.db, client, self.owner)
                except Unavailable:
                    log.warning("xAPI sender: the database cannot be used just now")
                except Exception:
                    log.exception("xAPI sender: a round failed; trying again later")
                self.stopping.wait(self.db.settings.xapi_send_interval_seconds)
        finally:
            client.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
