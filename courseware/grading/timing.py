"""Time limits adjusted for a person (WCAG 2.2.1, Timing Adjustable): the rules, without storage.

A trainer or admin gives a learner, or a whole cohort, more time on every timed quiz, in one
of three ways: the limit multiplied (×1.5, ×2: `percent` 150, 200), some minutes added, or no
limit at all. It is a need of the person, not of one quiz, so it applies to every quiz that
has a `time_limit_minutes`, and never puts a limit on a quiz without one.

Which one applies, as in Moodle's user and group overrides: the learner's own, if they have
one, even when a cohort's would give more (it was chosen for that person); otherwise the most
generous among their cohorts' (a learner in two cohorts is not penalised for the second).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Mode = Literal["percent", "extra_minutes", "unlimited"]
MODES: tuple[Mode, ...] = ("percent", "extra_minutes", "unlimited")

# Sensible bounds for what a form may ask: less than the quiz's own limit is never an
# accommodation, and beyond ten times it "no limit" says the same more plainly.
MIN_PERCENT, MAX_PERCENT = 101, 1000
MIN_EXTRA_MINUTES, MAX_EXTRA_MINUTES = 1, 600

# When a learner is warned that time runs out, in seconds left: at five minutes and at one.
WARNING_SECONDS = (300, 60)


class InvalidAccommodation(ValueError):
    pass


@dataclass(frozen=True)
class Accommodation:
    mode: Mode
    # The percentage for "percent", the minutes for "extra_minutes", None for "unlimited".
    amount: int | None


def check(mode: str, amount: int | None) -> Accommodation:
    """An accommodation from what a form or a command gave, or InvalidAccommodation."""
    if mode not in MODES:
        raise InvalidAccommodation(f"unknown kind '{mode}' (expected one of: {', '.join(MODES)})")
    if mode == "unlimited":
        return Accommodation("unlimited", None)
    low, high = (
        (MIN_PERCENT, MAX_PERCENT) if mode == "percent" else (MIN_EXTRA_MINUTES, MAX_EXTRA_MINUTES)
    )
    if amount is None or not low <= amount <= high:
        unit = "per cent of the time limit" if mode == "percent" else "extra minutes"
        raise InvalidAccommodation(f"give between {low} and {high} {unit}")
    return Accommodation(mode, int(amount))


def adjusted_minutes(limit: int | None, accommodation: Accommodation | None) -> int | None:
    """The time limit in minutes with the accommodation; None for no limit. Rounded up: a
    learner never gets less than the share they were given."""
    if limit is None or accommodation is None:
        return limit
    if accommodation.mode == "unlimited":
        return None
    if accommodation.mode == "percent":
        return math.ceil(limit * accommodation.amount / 100)
    return limit + accommodation.amount


def effective_minutes(
    limit: int | None,
    own: Accommodation | None,
    cohorts: Iterable[Accommodation] = (),
) -> int | None:
    """The limit that applies to one learner: their own accommodation if any, else the most
    generous of their cohorts' (see the module's docstring)."""
    if own is not None:
        return adjusted_minutes(limit, own)
    candidates = [adjusted_minutes(limit, a) for a in cohorts] or [limit]
    if None in candidates:
        return None
    return max(candidates)


def warning_due(seconds_left: float) -> int | None:
    """The warning a learner should see with `seconds_left`: the threshold in seconds (300 or
    60) they are under, or None while there is more time. The same value for the whole span
    between two thresholds, so a screen reader announces each warning once, not on every
    refresh of the timer."""
    passed = [threshold for threshold in WARNING_SECONDS if seconds_left <= threshold]
    return min(passed) if passed else None
