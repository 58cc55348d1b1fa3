"""Problems found in content files, each tied to a file and a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "info" is not a problem but an author's note, listed by `validate` for the authors.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


class ContentError(Exception):
    """A content file (or an answer sheet) cannot be used; `problems` says why and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def notes_in(problems: list[Problem]) -> list[Problem]:
    """The author's notes (severity "info") among `problems`."""
    return [p for p in problems if p.severity == "info"]
