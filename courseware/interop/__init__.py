"""Question banks in and out: Moodle XML and GIFT (pure Python: no Streamlit, no SQL).

`export_quiz` writes a loaded quiz; `import_bank` reads a file into a quiz file's text,
checked as `validate` checks it. Both give warnings as Problems on their lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from courseware.content.problems import Problem
from courseware.content.quiz import Loaded
from courseware.interop.exporting import LANGUAGE_CHOICES, prepare
from courseware.interop.gift_export import write_gift
from courseware.interop.gift_parse import read_gift
from courseware.interop.mapping import GIFT, TYPE_TABLE, XML
from courseware.interop.moodle_xml_export import write_moodle_xml
from courseware.interop.moodle_xml_import import read_moodle_xml
from courseware.interop.quiz_builder import Imported, build_quiz
from courseware.interop.reading import MAX_IMPORT_BYTES, check_size

FORMATS = (XML, GIFT)
EXTENSIONS = {XML: ".xml", GIFT: ".gift.txt"}


@dataclass(frozen=True)
class Exported:
    text: str
    warnings: list[Problem]


def export_quiz(
    loaded: Loaded, file: str, fmt: str, language: str, module_title: Any = None
) -> Exported:
    prepared = prepare(loaded, file, fmt, module_title, language)
    writer = write_moodle_xml if fmt == XML else write_gift
    return Exported(writer(prepared, language), prepared.warnings)


def import_bank(raw: bytes, file: str, fmt: str, **options: Any) -> Imported:
    """A quiz file from a Moodle XML or GIFT file; `options` are those of `build_quiz`
    (quiz_id, module, kind, category, output). Raises ContentError (with `FILE:LINE:
    error:` problems) for a file that cannot be read."""
    parsed = (read_moodle_xml if fmt == XML else read_gift)(raw, file)
    return build_quiz(parsed, file, **options)


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "GIFT",
    "LANGUAGE_CHOICES",
    "MAX_IMPORT_BYTES",
    "TYPE_TABLE",
    "XML",
    "Exported",
    "Imported",
    "check_size",
    "export_quiz",
    "import_bank",
]
