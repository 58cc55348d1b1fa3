"""A question bank as Moodle holds it, whichever file it came from or goes to: the neutral
form between our quiz files and the two formats. Texts in it are course Text (Markdown)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import cyrtranslit

from courseware.content.fields import SLUG_PATTERN

# What Moodle calls each type in its XML (`type="..."`); GIFT writes the core ones.
MULTICHOICE, MULTICHOICESET, TRUEFALSE, MATCH = (
    "multichoice",
    "multichoiceset",
    "truefalse",
    "match",
)
NUMERICAL, SHORTANSWER, ORDERING = "numerical", "shortanswer", "ordering"
DESCRIPTION, ESSAY, CATEGORY = "description", "essay", "category"

# An XML comment (or GIFT comment line) that Moodle ignores, carrying what a Moodle question
# cannot: our ids and the rules Moodle would grade differently. Only this app reads it.
META_MARK = "courseware:"
# A branching case carries its whole definition (in every language, as ASCII JSON): the
# course's largest is about 31,000 characters.
MAX_META = 256_000


@dataclass
class BankAnswer:
    text: Any = None  # Text for choices; a plain string for short answers
    fraction: Fraction = Fraction(0)
    feedback: Any = None
    value: Decimal | None = None  # numerical: value and tolerance, or a range
    tolerance: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


@dataclass
class BankQuestion:
    qtype: str
    line: int = 1
    name: str = ""  # plain, in English when it has languages: for ids and messages
    title: Any = None  # the name as a Text in each language (a description's scenario prompt)
    idnumber: str = ""
    text: Any = None
    case: Any = None  # a description written by us: the scenario's case (text is its prompt)
    branching: Any = None  # a description written by us: the branching case it shows
    general_feedback: Any = None
    reference: str | None = None
    default_grade: Decimal = Decimal(1)
    tags: list[str] = field(default_factory=list)
    single: bool = True
    shuffle: bool = False
    answers: list[BankAnswer] = field(default_factory=list)
    subquestions: list[tuple[Any, Any]] = field(default_factory=list)  # (left or None, right)
    true_answer: bool = True
    feedback_true: Any = None
    feedback_false: Any = None
    case_sensitive: bool = False
    units: list[tuple[str, Decimal]] = field(default_factory=list)
    grading: str = ""
    select_all: bool = True
    category: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def percent(fraction: Fraction) -> str:
    """A fraction as Moodle writes a grade: Moodle keeps 7 decimals of the fraction, so a
    third is 33.33333 percent."""
    value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    text = f"{value.quantize(Decimal('0.0000001')) * 100:f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def from_percent(text: str) -> Fraction:
    """A Moodle grade in percent as an exact fraction; Moodle's 7-decimal roundings of thirds,
    sixths, sevenths... (33.33333, 14.28571) are read as the ratio they stand for."""
    exact = Fraction(Decimal(text.strip())) / 100
    near = exact.limit_denominator(100)
    return near if abs(near - exact) <= Fraction(1, 10**7) else exact


def decimal_text(value: Decimal | Fraction) -> str:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def slug(text: str, fallback: str) -> str:
    """A valid id from a Moodle or GIFT name. Serbian Cyrillic is read in Latin letters first,
    and đ (which has no decomposition) as "dj", so Serbian names keep their words."""
    latin = cyrtranslit.to_latin(text, "sr").replace("đ", "dj").replace("Đ", "Dj")
    plain = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode().lower()
    made = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")
    return made if made and SLUG_PATTERN.fullmatch(made) else fallback


def meta_text(meta: dict[str, Any]) -> str:
    # ASCII JSON with "--" broken up, so it can sit in an XML comment.
    return META_MARK + " " + json.dumps(meta, ensure_ascii=True).replace("--", "-\\u002d")


def read_meta(comment: str) -> dict[str, Any]:
    """The meta mapping of a comment written by `meta_text`, or {} for any other comment."""
    body = comment.strip()
    if not body.startswith(META_MARK) or len(body) > MAX_META:
        return {}
    try:
        meta = json.loads(body[len(META_MARK) :])
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}
