"""The C allocator's arenas limited, for a server whose sessions run in threads.

glibc's malloc gives every new thread an arena of its own, up to eight per core, and keeps
the freed memory of each for its thread to reuse rather than give it back. Streamlit runs
each session's page in a thread of its own, so a server's memory grows with the threads it
has ever run: a coordinator unfolding every section of the dashboard at 100,000 learners
left it at 313 MiB, and at 277 MiB with two arenas (`make bench`, part "browser"). Two is
what `MALLOC_ARENA_MAX=2`, the usual setting for threaded Python servers, gives; set here
so that it holds however the server is started."""

from __future__ import annotations

import ctypes
import ctypes.util

# glibc's mallopt parameter for the most arenas (malloc.h).
M_ARENA_MAX = -8
ARENAS = 2


def limit_arenas() -> bool:
    """Arenas made from now on are at most ARENAS; whether the C library took it (glibc
    does; others, without mallopt, are left as they are)."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return mallopt(M_ARENA_MAX, ARENAS) == 1
