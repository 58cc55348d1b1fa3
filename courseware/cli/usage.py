"""The error every command raises for arguments it cannot act on."""


class UsageError(Exception):
    """Arguments that cannot be acted on (exit status 2)."""
