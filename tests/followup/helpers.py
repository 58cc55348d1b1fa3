from __future__ import annotations

import secrets
import threading
from datetime import datetime

from courseware.mail.sender import send_once
from courseware.store import Database
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


def send_from_two_instances(db, catalog, clock, rounds: int = 5) -> int:
    """Two app instances on `db`'s database each run `rounds` sender rounds, both starting
    at once; how many mails they sent together."""
    instances = [Database(db.url, db.settings, clock) for _ in range(2)]
    sent = [0, 0]
    start = threading.Barrier(2)

    def run(index):
        start.wait()
        for _ in range(rounds):
            sent[index] += send_once(instances[index], catalog).sent

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for instance in instances:
        instance.dispose()
    return sum(sent)
