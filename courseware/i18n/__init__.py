"""The one translation catalogue for every string the app shows, and Serbian script choice.

Messages live in `messages/<language>.yaml` as flat `key: text` pairs with `{name}`
placeholders. Serbian is written in Latin script; Cyrillic is produced on request by
transliteration that leaves links, code and placeholders untouched.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import cyrtranslit
import yaml

LANGUAGES = ("en", "sr")
Script = Literal["latin", "cyrillic"]
MESSAGES = Path(__file__).parent / "messages"

# Technical names Serbian Cyrillic text writes in Latin letters, as whole words ("PDF-a" too).
TECHNICAL_NAMES = (
    "JSON",
    "PDF",
    "CSV",
    "XLSX",
    "XLS",
    "ZIP",
    "URL",
    "YAML",
    "HTML",
    "HTTP",
    "HTTPS",
    "API",
    "SQL",
    "SQLite",
    "PostgreSQL",
    "QR",
    "ID",
    "OIDC",
    "SSO",
    "xAPI",
    "LRS",
    "IP",
    "PNG",
    "SVG",
)
# Parts of a text that must not be transliterated: fenced and inline code, link targets,
# bare URLs and e-mail addresses, {placeholders} and technical names.
_KEEP = re.compile(
    r"```.*?```|`[^`]*`|\]\([^)]*\)|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|\{[a-z_]+(?::[^}]*)?\}"
    r"|\b(?:" + "|".join(sorted(TECHNICAL_NAMES, key=len, reverse=True)) + r")\b",
    re.DOTALL,
)
# The language tag of each (language, script), as <html lang> names it (BCP 47).
LANGUAGE_TAGS = {("en", "latin"): "en", ("sr", "latin"): "sr-Latn", ("sr", "cyrillic"): "sr-Cyrl"}


@cache
def messages(language: str) -> dict[str, str]:
    with (MESSAGES / f"{language}.yaml").open(encoding="utf-8") as file:
        # libyaml's safe loader when PyYAML has it: the same data ten times faster (the pure
        # Python one took a tenth of a second of the first page run).
        return yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def to_cyrillic(text: str) -> str:
    """Serbian Latin to Cyrillic, keeping code, links, addresses and placeholders as they are."""
    pieces, last = [], 0
    for match in _KEEP.finditer(text):
        pieces.append(cyrtranslit.to_cyrillic(text[last : match.start()], "sr"))
        pieces.append(match.group())
        last = match.end()
    pieces.append(cyrtranslit.to_cyrillic(text[last:], "sr"))
    return "".join(pieces)


def in_script(text: str, language: str, script: Script) -> str:
    return to_cyrillic(text) if language == "sr" and script == "cyrillic" else text


class Translator:
    """`t("key", name=value)` in the user's language and script (English as fallback)."""

    def __init__(self, language: str = "en", script: Script = "latin"):
        self.language = language if language in LANGUAGES else "en"
        self.script = script

    @property
    def tag(self) -> str:
        """The BCP 47 tag of the language and script shown: en, sr-Latn or sr-Cyrl."""
        return LANGUAGE_TAGS.get((self.language, self.script), self.language)

    def __call__(self, key: str, **values: object) -> str:
        template = self.script_of(messages(self.language).get(key) or messages("en")[key])
        # Values (names, numbers) are filled in after transliteration: they stay as given.
        return template.format(**values) if values else template

    def date(self, value: date) -> str:
        """A date as readers of the language write it: 27.11.2026. in Serbian, ISO otherwise."""
        return value.strftime("%d.%m.%Y." if self.language == "sr" else "%Y-%m-%d")

    def number(self, value: object) -> str:
        """A number as readers of the language write it: 2,5 in Serbian, 2.5 otherwise (no
        trailing zeros)."""
        number = float(value)
        if not math.isfinite(number):
            return "–"
        # At most four decimals, never an exponent (a count of a million stays 1000000).
        written = f"{number:.4f}".rstrip("0").rstrip(".")
        return written.replace(".", ",") if self.language == "sr" else written

    def script_of(self, text: str) -> str:
        """Course text (already in the user's language) in the user's script."""
        return in_script(text, self.language, self.script)
