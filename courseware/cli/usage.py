"""The error every command raises for arguments it cannot act on, and reading the files
that commands are given."""

from pathlib import Path


class UsageError(Exception):
    """Arguments that cannot be acted on (exit status 2)."""


def read_input(name: str) -> bytes:
    """The bytes of a file named on the command line; a usage error when there is none."""
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"no such file: {name}")
    return path.read_bytes()
