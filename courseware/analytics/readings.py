"""Plain-language readings of item statistics, for trainers who are not psychometricians.

Each reading is a message key of the translation catalogue plus the values it needs, so the
same reading is shown in English or Serbian. Bands and thresholds are Moodle's and the Open
University's (see docs/analytics.md): discrimination below 0.30 needs checking,
discriminative efficiency below 0.15 is dubious, a random-guess score above 0.40 is too high.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

# Upper bound of each facility band, easiest last.
FACILITY_BANDS = [
    (0.05, "extremely_difficult"),
    (0.10, "very_difficult"),
    (0.20, "difficult"),
    (0.35, "moderately_difficult"),
    (0.65, "about_right"),
    (0.80, "fairly_easy"),
    (0.89, "easy"),
    (0.94, "very_easy"),
    (1.00, "extremely_easy"),
]
LOW_DISCRIMINATION = 0.30
DUBIOUS_EFFICIENCY = 0.15
GUESSABLE = 0.40


@dataclass(frozen=True)
class Reading:
    key: str
    severity: Literal["info", "warning"] = "info"
    values: dict[str, object] = field(default_factory=dict)


def facility_band(facility: float) -> str | None:
    if math.isnan(facility):
        return None
    return next(name for upper, name in FACILITY_BANDS if facility <= upper + 1e-9)


def read_item(
    stats: dict[str, float],
    wrong_choice: tuple[str, float] | None = None,
) -> list[Reading]:
    """Readings for one question's statistics (a row of `ItemAnalysis.questions`).
    `wrong_choice` is the most chosen wrong answer and its share of the answers."""
    readings: list[Reading] = []
    band = facility_band(stats["facility"])
    if band:
        readings.append(Reading(f"item.facility.{band}", values={"facility": stats["facility"]}))
    discrimination = stats["discrimination_index"]
    if not math.isnan(discrimination):
        if discrimination < 0:
            readings.append(Reading("item.negative_discrimination", "warning"))
        elif discrimination < LOW_DISCRIMINATION:
            readings.append(Reading("item.low_discrimination", "warning"))
    efficiency = stats["discriminative_efficiency"]
    if not math.isnan(efficiency) and efficiency < DUBIOUS_EFFICIENCY:
        readings.append(Reading("item.dubious", "warning"))
    guess = stats.get("random_guess", math.nan)
    if not math.isnan(guess) and guess > GUESSABLE:
        readings.append(Reading("item.guessable", "info", {"guess": guess}))
    if wrong_choice is not None:
        answer, share = wrong_choice
        readings.append(
            Reading("item.common_wrong_answer", "info", {"answer": answer, "share": share})
        )
    return readings


def needs_attention(readings: list[Reading]) -> bool:
    return any(reading.severity == "warning" for reading in readings)
