"""Small quiz files for tests, written as YAML text so that line numbers are real."""

from __future__ import annotations

import textwrap

import yaml

HEADER = """\
id: sample
module: legal-framework
kind: final
title: {en: Sample, sr: Primer}
"""


def quiz_yaml(questions: str, header: str = HEADER) -> str:
    """A quiz with the standard header and the given `questions:` list (YAML text)."""
    return (
        header
        + "questions:\n"
        + textwrap.indent(textwrap.dedent(questions).strip("\n"), "  ")
        + "\n"
    )


def quiz_from(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


SINGLE = """\
- id: q-single
  type: single_choice
  prompt: {en: Pick one, sr: Izaberi}
  options:
    - {id: a, text: {en: A, sr: A}, correct: true}
    - {id: b, text: {en: B, sr: B}}
"""
