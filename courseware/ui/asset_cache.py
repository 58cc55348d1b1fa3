"""Derived copies of Streamlit's files (font subsets, Brotli-compressed scripts), made once per
machine: each app process (and every test that starts one) would otherwise spend seconds of
processor time making the same bytes again."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from courseware.settings import REPO_ROOT

CACHE = REPO_ROOT / ".cache" / "assets"


def key_of(*parts: bytes) -> str:
    """A file-name-safe digest of what a derived file is made from."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:24]


def cached(name: str, make: Callable[[], bytes], folder: Path = CACHE) -> bytes:
    """`make()`'s bytes, kept in `folder/name`; `name` must change whenever they would."""
    path = folder / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    made = make()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written whole under another name first: a process reading meanwhile never sees half.
        partial = path.with_name(f"{name}.{os.getpid()}.partial")
        partial.write_bytes(made)
        partial.replace(path)
    except OSError:
        pass  # a folder that cannot be written: the next process makes them again
    return made
