"""The audit log: one entry for every privileged action, written in the action's transaction
so that an action and its entry are stored together or not at all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from courseware.access import Actor, can_administer, require
from courseware.store.actors import current_actor
from courseware.store.database import Database, Transaction
from courseware.store.models import AuditEntry


def record(
    tx: Transaction,
    actor: Actor,
    action: str,
    target_user_id: int | None = None,
    **details: Any,
) -> None:
    if actor.user_id is None:
        details["via"] = "command line"
    tx.session.add(
        AuditEntry(
            actor_id=actor.user_id,
            action=action,
            target_user_id=target_user_id,
            details=details,
            at=tx.now,
        )
    )


def list_audit(db: Database, actor: Actor, limit: int = 500) -> list[dict[str, Any]]:
    """The newest entries first, for admins."""

    def work(tx: Transaction) -> list[dict[str, Any]]:
        require(can_administer(current_actor(tx, actor)))
        entries = tx.session.scalars(
            select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        )
        return [
            {
                "at": entry.at,
                "actor_id": entry.actor_id,
                "action": entry.action,
                "target_user_id": entry.target_user_id,
                "details": entry.details,
            }
            for entry in entries
        ]

    return db.read(work)
