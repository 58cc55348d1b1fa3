"""Author's notes, which learners never see, and the doubt markers that must not reach them.

An author who is not yet sure of a claim writes the doubt as an author's note:

- in a lesson (Markdown): `<!-- author-note: the penalty for para 8 is not verified -->`,
  on its own line or at the end of a line, over one or several lines;
- in a quiz (YAML): a `note:` field (plain text) on the quiz or on any question.

The app strips notes before a lesson is shown and never shows a quiz's `note`; `validate`
lists every note as information. Text that learners do see must not carry a doubt marker
such as "to be confirmed" or "treba potvrditi": `validate` warns about each one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from courseware.content.yaml_source import DataPath

AUTHOR_NOTE = re.compile(r"<!--\s*author-note:\s*(?P<note>.*?)\s*-->", re.DOTALL | re.IGNORECASE)
# The same note alone on its line(s): removed with its line, so that no blank line is left
# in the middle of a list or a paragraph.
_NOTE_LINE = re.compile(
    r"^[ \t]*<!--\s*author-note:.*?-->[ \t]*(?:\n|\Z)", re.DOTALL | re.IGNORECASE | re.MULTILINE
)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)

# Notes-to-self that say a claim is still unchecked, in English and Serbian (Latin script,
# with or without diacritics). Instructions to learners such as "proverite dostupnost"
# ("check availability") are not markers.
DOUBT_MARKER = re.compile(
    r"\bto\s+be\s+(?:confirmed|verified|checked)\b"
    r"|\bstill\s+to\s+be\s+(?:confirmed|verified|checked)\b"
    r"|\bTBC\b|\bTODO\b|\bFIXME\b"
    # A fact-sheet reliability tag [U] copied into the text, and "not yet verified" or
    # "needs verification" notes ("the relationship is unverified" in a case is not one).
    r"|\[U\]|\bnot\s+yet\s+(?:confirmed|verified|checked)\b"
    r"|\bneeds?\s+(?:verification|verifying|confirmation|to\s+be\s+(?:confirmed|verified|checked))\b"
    r"|\b(?:još|jos)\s+nije\s+(?:potvrđeno|potvrdjeno|provereno|provjereno)\b"
    r"|\b(?:treba|trebalo\s+bi|potrebno\s+je|valja)\s+(?:(?:još|jos|tek)\s+)?"
    r"(?:potvrditi|proveriti|provjeriti|da\s+se\s+(?:potvrdi|proveri))\b",
    re.IGNORECASE,
)
# A word part that every alternative of DOUBT_MARKER contains, lowercased (a new alternative
# needs one here). Most learner-visible text holds none of them: a substring test rules it out
# ten times faster than the regex, which took a third of the time of loading the course.
_MARKER_WORDS = (
    "confirm",
    "verif",
    "checked",
    "tbc",
    "todo",
    "fixme",
    "[u]",
    "potvr",
    "prover",
    "provjer",
)


def _blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces, newlines kept (line numbers stay right)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _outside_code(text: str, pattern: re.Pattern) -> Iterator[re.Match]:
    """Matches of `pattern` that do not start inside a code span or fenced block."""
    code = [(m.start(), m.end()) for m in _CODE.finditer(text)]
    for match in pattern.finditer(text):
        if not any(start <= match.start() < end for start, end in code):
            yield match


def strip_author_notes(markdown: str) -> str:
    """The lesson as learners see it: every author's note removed (notes inside code, which
    are examples, are kept)."""
    removals = [(m.start(), m.end()) for m in _outside_code(markdown, _NOTE_LINE)]
    text = markdown
    for start, end in reversed(removals):
        text = text[:start] + text[end:]
    inline = [(m.start(), m.end()) for m in _outside_code(text, AUTHOR_NOTE)]
    for start, end in reversed(inline):
        # "claim. <!-- author-note: ... -->" leaves "claim." without a trailing space.
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        text = text[:start] + text[end:]
    return text


def markdown_notes(markdown: str) -> list[tuple[int, str]]:
    """(line, note) for every author's note in a lesson, the line being where it starts."""
    return [
        (markdown.count("\n", 0, m.start()) + 1, " ".join(m.group("note").split()))
        for m in _outside_code(markdown, AUTHOR_NOTE)
    ]


def without_notes(markdown: str) -> str:
    """The lesson with its notes blanked out but its line numbers unchanged."""
    for match in reversed(list(_outside_code(markdown, AUTHOR_NOTE))):
        markdown = _blank(markdown, match.start(), match.end())
    return markdown


def _may_hold_marker(text: str) -> bool:
    # Lowered as the IGNORECASE regex compares letters, which also takes the dotless ı and the
    # dotted İ (that str.lower() turns into "i" and a combining dot) for an i.
    lowered = text.replace("İ", "i").replace("ı", "i").lower()
    return any(word in lowered for word in _MARKER_WORDS)


def markers_in(text: str) -> list[tuple[int, str]]:
    """(offset, marker) for every doubt marker in learner-visible text."""
    if not _may_hold_marker(text):
        return []
    return [(m.start(), m.group()) for m in DOUBT_MARKER.finditer(text)]


def markdown_markers(markdown: str) -> list[tuple[int, str]]:
    """(line, marker) for every doubt marker that learners would see in a lesson."""
    visible = without_notes(markdown)
    return [(visible.count("\n", 0, offset) + 1, marker) for offset, marker in markers_in(visible)]


NOTE_FIELD = "note"


def data_notes(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    """(path, note) for every `note:` field in a parsed YAML content file."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == NOTE_FIELD and isinstance(value, str):
                yield (*path, key), " ".join(value.split())
            else:
                yield from data_notes(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from data_notes(item, (*path, index))


def data_markers(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    """(path, marker) for every doubt marker in the text of a parsed YAML content file,
    every field but `note:` (which learners never see), in every language."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key != NOTE_FIELD:
                yield from data_markers(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from data_markers(item, (*path, index))
    elif isinstance(data, str):
        for _, marker in markers_in(data):
            yield path, marker
