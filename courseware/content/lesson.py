"""Lesson Markdown split into prose and diagrams, so each can be shown by its own widget."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MERMAID_BLOCK = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Segment:
    kind: Literal["markdown", "mermaid"]
    body: str


def split_lesson(text: str) -> list[Segment]:
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
