"""The wait before the next try of something that failed: doubled with each failure, from
`first_seconds` up to `longest_seconds`. Shared by the senders of the xAPI outbox and of the
reminder mails."""

from __future__ import annotations

from datetime import timedelta


def doubling_wait(first_seconds: float, longest_seconds: float, failures: int) -> timedelta:
    # The exponent is capped: past it the longest wait applies anyway, and 2**failures of a
    # row failing for months must not overflow a float.
    seconds = first_seconds * 2 ** min(max(0, failures - 1), 32)
    return timedelta(seconds=min(seconds, longest_seconds))
