"""The sender: takes the lease, sends the due statements batch after batch, records what the
LRS made of them. `send_once` empties the outbox as far as it can and returns (cron, tests,
`xapi send --once`); `SenderThread` does it every few seconds inside the app, one per process.
Several instances may all run one: the lease lets one send at a time."""

from __future__ import annotations

from dataclasses import dataclass

from courseware.access import COMMAND_LINE
from courseware.background import Periodic, new_owner
from courseware.lrs.client import LrsClient
from courseware.store.database import Database
from courseware.store.xapi_outbox import next_batch, record_outcome, release_lease, take_lease


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


class SenderThread(Periodic):
    """Sends the outbox every `xapi_send_interval_seconds` until stopped."""

    def __init__(self, db: Database):
        super().__init__("xapi-sender", db, db.settings.xapi_send_interval_seconds)
        self.client = LrsClient(db.settings)

    def turn(self) -> None:
        send_once(self.db, self.client, self.owner)

    def finish(self) -> None:
        self.client.close()
