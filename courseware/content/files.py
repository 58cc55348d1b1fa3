"""Reading a content file: a course file, module file, quiz, lesson or the help contacts.

Only files whose real path (every link followed) is inside the course folder are read: a
lesson linked to /etc/passwd, or a quiz linked to a file elsewhere, is refused with an error
on its line 1, as is anything but a regular file, and a file over the size limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from courseware.content.problems import ContentError, Problem

MAX_FILE_BYTES = 1024 * 1024
# The folders of a course; the course folder is the one that holds them.
COURSE_FOLDERS = ("modules", "quizzes", "data")


def _refuse(shown: str, message: str) -> ContentError:
    return ContentError([Problem(shown, 1, "error", message)])


def course_root_of(path: Path) -> Path:
    """The course folder a file given on its own belongs to: the folder holding the
    modules/, quizzes/ or data/ folder it is in (as written, before links are followed), or
    else its own folder."""
    absolute = Path(os.path.abspath(path))
    for folder in absolute.parents:
        if folder.name in COURSE_FOLDERS:
            return folder.parent
    return absolute.parent


def inside_course(path: Path, root: Path) -> bool:
    """Whether `path`, every link followed, is in the course folder `root`."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def read_content(path: Path, root: Path, shown: str) -> bytes:
    """The bytes of `path`, a content file of the course in `root`."""
    real = Path(path).resolve()
    if not inside_course(real, root):
        raise _refuse(shown, "the file links to a place outside the course folder: not read")
    try:
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise _refuse(shown, f"cannot read the file: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise _refuse(shown, "not a regular file: not read")
        if status.st_size > MAX_FILE_BYTES:
            raise _refuse(
                shown, f"file is {status.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)"
            )
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(shown, f"file is over the limit of {MAX_FILE_BYTES:,} bytes (1 MiB)")
    return raw
