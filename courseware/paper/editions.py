"""The editions of printed documents: the language and script each is printed in. Apart from
the drawing (`document.py`), so that the pages and reports that only name an edition do not
import fpdf with it."""

from __future__ import annotations

from dataclasses import dataclass

from courseware.content.fields import localize
from courseware.i18n import Script, Translator


@dataclass(frozen=True)
class Edition:
    """The language a document is printed in: `en`, `sr` (Latin) or `sr-Cyrl`."""

    code: str
    language: str
    script: Script

    @property
    def t(self) -> Translator:
        return Translator(self.language, self.script)

    def text(self, value) -> str:
        """Course text (a Text value) in this edition's language and script."""
        return self.t.script_of(localize(value, self.language))


EDITIONS = {
    "en": Edition("en", "en", "latin"),
    "sr": Edition("sr", "sr", "latin"),
    "sr-Cyrl": Edition("sr-Cyrl", "sr", "cyrillic"),
}


def edition(code: str) -> Edition:
    if code not in EDITIONS:
        raise ValueError(f"unknown language '{code}' (expected one of: {', '.join(EDITIONS)})")
    return EDITIONS[code]


def pack_file_name(module_id: str, ed: Edition) -> str:
    """The file of a module's field pack in an edition (named before the pack is made)."""
    return f"field-pack-{module_id}-{ed.code}.pdf"
