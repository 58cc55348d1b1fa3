"""The rule for every name people type: display names (at sign-up, by an admin, on the
account page, at the command line), organisation and cohort names. Every path that stores
one goes through `checked_name`.

A name is one line of visible text. Control characters (tab, CR, LF and the rest of Unicode's
Cc), line and paragraph separators, and the bidirectional overrides and isolates are refused:
a line break in a name would start a new row in a spreadsheet that opens an export, and an
override makes a name read differently from what it holds."""

from __future__ import annotations

import unicodedata

from courseware.store.errors import InvalidInput

NAME_LIMIT = 200
# Embeddings, overrides and isolates: U+202A..U+202E and U+2066..U+2069.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def is_control(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in BIDI_CONTROLS


def checked_name(value: str, what: str) -> str:
    """`value` without surrounding blanks, refused when empty, too long or not one line of
    visible text."""
    value = value.strip()
    if not value:
        raise InvalidInput(f"the {what} must not be empty")
    if len(value) > NAME_LIMIT:
        raise InvalidInput(f"the {what} must have at most {NAME_LIMIT} characters")
    if any(is_control(character) for character in value):
        raise InvalidInput(
            f"the {what} must be one line of text, without tabs or other control characters"
        )
    return value
