"""Python's cyclic garbage collector paused while many objects are made at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Loading the course or writing a demo makes hundreds of thousands of objects that
    either live on (the course) or hold no reference cycles (rows); their mere number sets
    off full collections that walk them all and find nothing (a sixth of a second of a first
    page run, a quarter of a demo's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
