"""The audit log: one entry for every privileged action, written in the action's transaction
so that an action and its entry are stored together or not at all."""

from __future__ import annotations

from typing import Any

from courseware.access import Actor
from courseware.store.database import Transaction
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
