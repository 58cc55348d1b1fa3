"""The signed token of an unsubscribe link: it names the person and proves the link came
from us, so that a click in a mail (RFC 8058 one-click, without a session) is enough to stop
that person's reminders and nobody else's."""

from __future__ import annotations

import hashlib
import hmac

PURPOSE = "unsubscribe"


def _mac(key: bytes, user_id: int) -> str:
    return hmac.new(key, f"{PURPOSE}:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(key: bytes, user_id: int) -> str:
    return f"{user_id}.{_mac(key, user_id)}"


def user_of_token(key: bytes, token: str) -> int | None:
    """The person a token was made for, or None for a token we did not sign."""
    number, _, mac = token.partition(".")
    if not number.isdigit() or len(number) > 12:
        return None
    user_id = int(number)
    return user_id if hmac.compare_digest(mac, _mac(key, user_id)) else None
