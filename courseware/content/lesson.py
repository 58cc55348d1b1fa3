"""Lesson Markdown split into prose and diagrams, so each can be shown by its own widget."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from courseware.content.notes import strip_author_notes

MERMAID_BLOCK = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
# What a reader sees in a flowchart: a node's text in [ ], { }, ( ) or " ", an edge's text in
# | | or between "-- " and " -->". Everything else (ids, arrows, keywords) is syntax.
MERMAID_LABEL = re.compile(
    r'(\[)([^\]\n]*)(\])|(\{)([^}\n]*)(\})|(\()([^)\n]*)(\))|(")([^"\n]*)(")|(\|)([^|\n]*)(\|)'
    r"|(--[ \t]+)([^\n]+?)([ \t]+-->)"
)


@dataclass(frozen=True)
class Segment:
    kind: Literal["markdown", "mermaid"]
    body: str


def split_lesson(text: str) -> list[Segment]:
    """What learners see of a lesson, in order: its author's notes are removed first."""
    text = strip_author_notes(text)
    segments: list[Segment] = []
    last = 0
    for match in MERMAID_BLOCK.finditer(text):
        if text[last : match.start()].strip():
            segments.append(Segment("markdown", text[last : match.start()]))
        segments.append(Segment("mermaid", match.group(1)))
        last = match.end()
    if text[last:].strip():
        segments.append(Segment("markdown", text[last:]))
    return segments


def mermaid_labels(diagram: str, convert: Callable[[str], str]) -> str:
    """The diagram with `convert` applied to its labels only (transliterating the whole
    source would also change its syntax)."""

    def label(match: re.Match) -> str:
        opening, text, closing = (part for part in match.groups() if part is not None)
        return f"{opening}{convert(text)}{closing}"

    return MERMAID_LABEL.sub(label, diagram)
