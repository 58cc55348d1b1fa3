"""The allocator's arenas (courseware/allocator.py), counted by glibc itself in a fresh
process whose threads each allocate, as the server's session threads do."""

import ctypes.util
import subprocess
import sys

import pytest

from courseware.allocator import ARENAS

THREADS = 6
COUNT_ARENAS = f"""
import ctypes, ctypes.util, sys, tempfile, threading
if sys.argv[1] == "limited":
    from courseware.allocator import limit_arenas
    assert limit_arenas()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.fopen.restype = ctypes.c_void_p
started, done = threading.Barrier({THREADS} + 1), threading.Event()

def session():
    libc.malloc(1000)  # this thread's first allocation takes an arena
    started.wait()
    done.wait()

threads = [threading.Thread(target=session) for _ in range({THREADS})]
for thread in threads:
    thread.start()
started.wait()
with tempfile.NamedTemporaryFile(suffix=".xml") as report:
    stream = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    print(open(report.name).read().count("<heap nr="))
done.set()
"""


def _arenas(mode: str) -> int:
    ran = subprocess.run(
        [sys.executable, "-c", COUNT_ARENAS, mode], capture_output=True, text=True, check=True
    )
    return int(ran.stdout)


@pytest.mark.skipif(
    not ctypes.util.find_library("c") or sys.platform != "linux", reason="glibc's malloc_info"
)
def test_threads_share_a_few_arenas_once_limited():
    assert _arenas("free") > ARENAS
    assert _arenas("limited") <= ARENAS
