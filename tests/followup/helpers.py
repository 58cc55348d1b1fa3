from __future__ import annotations

import secrets
from datetime import datetime

from courseware.store.models import Certificate, FollowupReminder, User


def certify(db, user_id: int, at: datetime | None = None, language="en", script="latin") -> None:
    """The learner earned the certificate at `at` (the database's now by default), and reads
    in `language` and `script`."""

    def work(tx):
        user = tx.session.get(User, user_id)
        user.language, user.script = language, script
        tx.session.add(
            Certificate(
                user_id=user_id,
                serial=secrets.token_hex(8),
                verification_code=secrets.token_hex(8),
                issued_at=at or tx.now,
            )
        )

    db.write(work)


def reminder_rows(db) -> list[tuple[int, str, int, str]]:
    return db.read(
        lambda tx: [
            (r.user_id, r.quiz_id, r.round, r.state)
            for r in tx.session.query(FollowupReminder).order_by(FollowupReminder.id)
        ]
    )
