"""Field types shared by every content file: slugs, exact numbers and bilingual Text."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
)

SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LANGUAGES = ("en", "sr")
DEFAULT_LANGUAGE = "en"


class StrictModel(BaseModel):
    """Content models reject unknown fields, so a typo such as `corect:` is reported."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


def _as_written(value: Any) -> Any:
    """A number where text is expected, as the author wrote it (`phone: 192` is "192")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return getattr(value, "source", str(value))
    return value


def _slug(value: Any) -> str:
    # A plain `id: 1` reaches us as a number; authors mean the id "1".
    value = _as_written(value)
    if not isinstance(value, str):
        raise ValueError("must be an id made of lowercase letters, digits and hyphens")
    if not SLUG_PATTERN.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters a-z, digits and single hyphens "
            "(e.g. 'documents-withheld')"
        )
    return value


def _number(value: Any) -> Decimal:
    # Exact arithmetic: YAML's 0.1 becomes Decimal("0.1"), never a binary float.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return Decimal(repr(value))
    return Decimal(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _plain_text(value: Any) -> str:
    value = _as_written(value)
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _text(value: Any) -> str | dict[str, str]:
    value = _as_written(value)
    if isinstance(value, dict):
        value = {language: _as_written(text) for language, text in value.items()}
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value
    if isinstance(value, dict):
        if not value:
            raise ValueError(
                "must be text or a mapping of language code to text, e.g. {en: ..., sr: ...}"
            )
        for language, translation in value.items():
            if not isinstance(translation, str) or not translation.strip():
                raise ValueError(f"the '{language}' text must be non-empty text")
        return dict(value)
    raise ValueError("must be text or a mapping of language code to text, e.g. {en: ..., sr: ...}")


Slug = Annotated[str, BeforeValidator(_slug)]
Number = Annotated[
    Decimal,
    BeforeValidator(_number),
    PlainSerializer(lambda d: int(d) if d == d.to_integral_value() else float(d), return_type=Any),
]
Integer = Annotated[int, BeforeValidator(_integer)]
Boolean = Annotated[bool, BeforeValidator(_boolean)]
PlainText = Annotated[str, BeforeValidator(_plain_text)]
# An author's note (`note:` on a quiz or a question): plain text that learners never see. It is
# left out of every dump, so a quiz's snapshot and content version do not depend on it.
AuthorNote = Annotated[PlainText | None, Field(exclude=True)]
# A Text is one string for every language, or {language code: string}. Language codes are
# checked against the course's languages after validation, where the line of each code is known.
Text = Annotated[str | dict[str, str], BeforeValidator(_text)]


_RATIO = re.compile(r"\s*(-?\d+)\s*/\s*(\d+)\s*")


def _credit(value: Any) -> Fraction:
    """A share of a question's points: a number (0.5) or, for thirds and the like, a ratio
    written as text ("1/3"), kept exact either way."""
    if isinstance(value, str):
        match = _RATIO.fullmatch(value)
        if match is None or int(match.group(2)) == 0:
            raise ValueError('must be a number such as 0.5, or a ratio such as "1/3"')
        value = Fraction(int(match.group(1)), int(match.group(2)))
    elif not isinstance(value, Fraction):
        value = Fraction(_number(value))
    if not -1 <= value <= 1:
        raise ValueError("must be between -1 and 1 (a share of the question's points)")
    return value


def credit_as_data(value: Fraction) -> int | float | str:
    """A credit as written back: a whole number, a decimal where it is exact, else "n/d"."""
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    if Fraction(Decimal(repr(as_float))) == value:
        return as_float
    return f"{value.numerator}/{value.denominator}"


# A share of the points, from -1 to 1: `0.5`, `-0.25` or `"1/3"`.
Credit = Annotated[
    Fraction, BeforeValidator(_credit), PlainSerializer(credit_as_data, return_type=Any)
]


def positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def at_least(minimum: int):
    def check(value: int) -> int:
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return AfterValidator(check)


def at_most(maximum: int):
    def check(value: int) -> int:
        if value > maximum:
            raise ValueError(f"must be at most {maximum}")
        return value

    return AfterValidator(check)


def localize(text: str | dict[str, str] | None, language: str) -> str:
    """The text in `language`, falling back to the default language, then to any language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()))


def is_translated(text: str | dict[str, str] | None, language: str) -> bool:
    return text is None or isinstance(text, str) or language in text
