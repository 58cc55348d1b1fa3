"""The course's quizzes, as loaded by the catalog, exported one file per quiz (categories
named after their modules), or all together in a ZIP file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from courseware.content.catalog import Catalog
from courseware.content.quiz import COURSE_LEVEL, Loaded
from courseware.interop import EXTENSIONS, Exported, export_quiz


def _module_title(catalog: Catalog, module: str):
    if module == COURSE_LEVEL:
        return catalog.course.title if catalog.course else None
    found = catalog.modules.get(module)
    return found.title if found else None


def export_catalog_quiz(catalog: Catalog, quiz_id: str, fmt: str, language: str) -> Exported:
    path = catalog.root / "quizzes" / f"{quiz_id}.yaml"
    quiz = catalog.quizzes[quiz_id]
    loaded = Loaded(quiz, [], catalog.documents[path])
    return export_quiz(
        loaded, f"quizzes/{quiz_id}.yaml", fmt, language, _module_title(catalog, quiz.module)
    )


def export_catalog(
    catalog: Catalog, fmt: str, language: str, quiz_ids: Iterable[str] | None = None
) -> list[tuple[str, Exported]]:
    """(file name, export) for each valid quiz of the course (or those named)."""
    chosen = sorted(catalog.quizzes) if quiz_ids is None else list(quiz_ids)
    return [
        (f"{quiz_id}{EXTENSIONS[fmt]}", export_catalog_quiz(catalog, quiz_id, fmt, language))
        for quiz_id in chosen
    ]


def zip_of(exports: list[tuple[str, Exported]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, exported in exports:
            archive.writestr(name, exported.text)
    return buffer.getvalue()
