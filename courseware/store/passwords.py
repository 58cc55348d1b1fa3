"""Password rules and argon2id hashing."""

from __future__ import annotations

import secrets
from functools import cached_property

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from courseware.settings import Settings
from courseware.store.errors import InvalidInput

MIN_LENGTH = 10
# argon2 takes any length; the cap stops anyone making the server hash megabytes.
MAX_LENGTH = 1000
# No 0/O, 1/l/I: one-time passwords are read aloud or copied from a screen.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def check_new_password(password: str, email: str) -> None:
    """Raises InvalidInput when `password` may not be chosen by the owner of `email`."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"the password must have at most {MAX_LENGTH} characters")
    if password.strip().casefold() == email.strip().casefold():
        raise InvalidInput("the password must not be the email address")


def one_time_password() -> str:
    """A random password to hand over once (about 100 bits), in groups of four."""
    groups = ("".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(5))
    return "-".join(groups)


class Passwords:
    """argon2id with the cost from the settings."""

    def __init__(self, settings: Settings):
        self._hasher = PasswordHasher(
            time_cost=settings.password_hash_time_cost,
            memory_cost=settings.password_hash_memory_kib,
            type=Type.ID,
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether `password` matches. With no hash (no such account) the same work is done
        against a throw-away hash, so the answer takes as long either way."""
        try:
            self._hasher.verify(password_hash or self._unknown_account_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)

    @cached_property
    def _unknown_account_hash(self) -> str:
        return self._hasher.hash(secrets.token_urlsafe(32))
