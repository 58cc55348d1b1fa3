"""Disks that run out of room, for tests of a full disk: a tmpfs of a few hundred KiB,
mounted for the test (the tests run as root; where mounting is not allowed they skip), and
a filler file that takes every byte left on it."""

from __future__ import annotations

import errno
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tiny_disk(folder: Path, size: str = "4m", owner: str | None = None) -> Iterator[Path]:
    """`folder` as a tmpfs of `size` (owned by the user `owner`, if given) while the block
    runs."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        if owner is not None:
            import pwd

            user = pwd.getpwnam(owner)
            os.chown(folder, user.pw_uid, user.pw_gid)
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """A file that takes all the room left on `disk`; delete it to make room again."""
    filler = disk / f"filler-{uuid.uuid4().hex[:8]}"
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as file:
        try:
            while True:
                file.write(block)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return filler
