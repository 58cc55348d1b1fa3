"""The xAPI outbox as the sender and the admins see it: a lease so that one sender at a time
(of all the app's instances and cron jobs) takes statements, in order; what became of each
batch; the counts and dead letters of the admin page; retrying dead letters.

A statement the LRS refuses (400, 422) is tried again later, waiting twice as long each time,
and after `xapi_max_tries` refusals becomes a dead letter. An LRS that cannot be reached, or
fails (5xx), refuses nothing: the sender pauses, doubling the pause, and no statement counts a
try. Within an attempt, statements leave in the order they were written: one that waits keeps
the later ones of its attempt waiting too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from courseware.access import Actor, can_administer, require
from courseware.settings import Settings
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.backoff import doubling_wait
from courseware.store.database import Database, Transaction
from courseware.store.models import (
    XAPI_DEAD,
    XAPI_PENDING,
    XAPI_SENT,
    XapiSenderLease,
    XapiStatement,
)

LEASE = "sender"
# Longer than the LRS request's time-out, so that a lease never runs out mid-request; a
# sender that died holding it is replaced after this long.
LEASE_SECONDS = 60
# How far ahead of a batch the sender looks, to pass over attempts that wait.
LOOK_AHEAD = 5


@dataclass(frozen=True)
class Outgoing:
    id: int
    statement_id: str
    body: str
    tries: int


@dataclass(frozen=True)
class DeadLetter:
    id: int
    statement_id: str
    verb: str
    tries: int
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    # Pending statements that failed at least once, and the latest error among them.
    failing: int
    last_error: str | None
    sent_last_day: int
    dead: int
    dead_letters: list[DeadLetter]
    # The LRS could not be reached: the sender waits until then.
    paused_until: datetime | None


def _wait(settings: Settings, failures: int) -> timedelta:
    return doubling_wait(
        settings.xapi_first_wait_seconds, settings.xapi_longest_wait_seconds, failures
    )


def _lease(tx: Transaction) -> XapiSenderLease | None:
    return tx.session.scalar(
        select(XapiSenderLease).where(XapiSenderLease.name == LEASE).with_for_update()
    )


def take_lease(db: Database, actor: Actor, owner: str) -> bool:
    """Whether `owner` may send now: nobody else holds the lease, and the LRS is not in a
    pause. Holding it already renews it."""

    def work(tx: Transaction) -> bool:
        require(can_administer(current_actor(tx, actor)))
        lease = _lease(tx)
        if lease is None:
            # Two first senders insert at once on PostgreSQL: the second's unique key
            # conflict makes the database layer run this again, and it finds the row.
            lease = XapiSenderLease(name=LEASE, owner=owner, until=tx.now, failures=0)
            tx.session.add(lease)
        elif lease.owner != owner and lease.until > tx.now:
            return False
        if lease.paused_until is not None and lease.paused_until > tx.now:
            return False
        lease.owner, lease.until = owner, tx.now + timedelta(seconds=LEASE_SECONDS)
        return True

    return db.write(work)


def release_lease(db: Database, actor: Actor, owner: str) -> None:
    """The end of a round: the lease is free, and sent statements older than
    `xapi_keep_sent_days` lose their text (their ids stay, for voiding after an erasure)."""

    def work(tx: Transaction) -> None:
        require(can_administer(current_actor(tx, actor)))
        lease = _lease(tx)
        if lease is not None and lease.owner == owner:
            lease.until = tx.now
        kept_since = tx.now - timedelta(days=tx.settings.xapi_keep_sent_days)
        tx.session.execute(
            update(XapiStatement)
            .where(
                XapiStatement.state == XAPI_SENT,
                XapiStatement.sent_at < kept_since,
                XapiStatement.body != "",
            )
            .values(body="")
        )

    db.write(work)


def next_batch(db: Database, actor: Actor, owner: str, size: int) -> list[Outgoing]:
    """The next statements to send, oldest first, for the lease's holder (empty for anyone
    else): due, and with no earlier statement of their attempt waiting."""

    def work(tx: Transaction) -> list[Outgoing]:
        require(can_administer(current_actor(tx, actor)))
        lease = _lease(tx)
        if lease is None or lease.owner != owner or lease.until <= tx.now:
            return []
        lease.until = tx.now + timedelta(seconds=LEASE_SECONDS)
        rows = tx.session.execute(
            select(
                XapiStatement.id,
                XapiStatement.statement_id,
                XapiStatement.body,
                XapiStatement.tries,
                XapiStatement.attempt_id,
                XapiStatement.next_try_at,
            )
            .where(XapiStatement.state == XAPI_PENDING)
            .order_by(XapiStatement.id)
            .limit(size * LOOK_AHEAD)
        )
        batch: list[Outgoing] = []
        waiting: set[int] = set()
        for row in rows:
            if row.attempt_id in waiting:
                continue
            if row.next_try_at > tx.now:
                if row.attempt_id is not None:
                    waiting.add(row.attempt_id)
                continue
            batch.append(Outgoing(row.id, row.statement_id, row.body, row.tries))
            if len(batch) == size:
                break
        return batch

    return db.write(work)


def record_outcome(
    db: Database,
    actor: Actor,
    owner: str,
    delivered: list[int],
    refused: dict[int, str],
    unreachable: str | None = None,
    undelivered: list[int] = (),
) -> None:
    """What the LRS made of a batch: the statements it holds now, those it refused (with
    its reason), and, when it could not be reached, the error (the `undelivered` statements
    keep it as their last error, without counting a try)."""

    def work(tx: Transaction) -> None:
        require(can_administer(current_actor(tx, actor)))
        settings = tx.settings
        if delivered:
            tx.session.execute(
                update(XapiStatement)
                .where(XapiStatement.id.in_(delivered))
                .values(state=XAPI_SENT, sent_at=tx.now, last_error=None)
            )
        for row in tx.session.scalars(
            select(XapiStatement).where(XapiStatement.id.in_(list(refused)))
        ):
            row.tries += 1
            row.last_error = refused[row.id][:500]
            row.next_try_at = tx.now + _wait(settings, row.tries)
            if row.tries >= settings.xapi_max_tries:
                row.state = XAPI_DEAD
        lease = _lease(tx)
        if lease is None:
            return
        if unreachable is None:
            lease.failures, lease.paused_until = 0, None
            return
        lease.failures += 1
        lease.paused_until = tx.now + _wait(settings, lease.failures)
        lease.until = tx.now
        if undelivered:
            tx.session.execute(
                update(XapiStatement)
                .where(XapiStatement.id.in_(list(undelivered)))
                .values(last_error=unreachable[:500])
            )

    db.write(work)


def _count(tx: Transaction, *where) -> int:
    return tx.session.scalar(select(func.count()).select_from(XapiStatement).where(*where))


def outbox_status(db: Database, actor: Actor, dead_shown: int = 50) -> OutboxStatus:
    """The counts of the admin page and `xapi status`, with the oldest dead letters."""

    def work(tx: Transaction) -> OutboxStatus:
        require(can_administer(current_actor(tx, actor)))
        pending = XapiStatement.state == XAPI_PENDING
        failing = XapiStatement.last_error.is_not(None)
        last_error = tx.session.scalar(
            select(XapiStatement.last_error)
            .where(pending, failing)
            .order_by(XapiStatement.next_try_at.desc())
            .limit(1)
        )
        dead = tx.session.scalars(
            select(XapiStatement)
            .where(XapiStatement.state == XAPI_DEAD)
            .order_by(XapiStatement.id)
            .limit(dead_shown)
        )
        lease = tx.session.get(XapiSenderLease, LEASE)
        paused = lease.paused_until if lease and lease.paused_until else None
        return OutboxStatus(
            pending=_count(tx, pending),
            failing=_count(tx, pending, failing),
            last_error=last_error,
            sent_last_day=_count(tx, XapiStatement.sent_at >= tx.now - timedelta(days=1)),
            dead=_count(tx, XapiStatement.state == XAPI_DEAD),
            dead_letters=[
                DeadLetter(r.id, r.statement_id, r.verb, r.tries, r.last_error, r.created_at)
                for r in dead
            ],
            paused_until=paused if paused and paused > tx.now else None,
        )

    return db.read(work)


def retry_dead_letters(db: Database, actor: Actor, ids: list[int] | None = None) -> int:
    """Dead letters (these, or all) back to pending, their tries counted from nought again;
    the LRS's pause ends too. Returns how many."""

    def work(tx: Transaction) -> int:
        acting = current_actor(tx, actor)
        require(can_administer(acting), "only an admin may retry learning records")
        query = update(XapiStatement).where(XapiStatement.state == XAPI_DEAD)
        if ids is not None:
            query = query.where(XapiStatement.id.in_(ids))
        count = tx.session.execute(
            query.values(state=XAPI_PENDING, tries=0, next_try_at=tx.now)
        ).rowcount
        lease = _lease(tx)
        if lease is not None:
            lease.paused_until, lease.failures = None, 0
        if count:
            record(tx, acting, "xapi.retry", statements=count)
        return count

    return db.write(work)
