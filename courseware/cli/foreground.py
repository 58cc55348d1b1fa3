"""A background sender (courseware.background) run in the foreground by a command, for cron or
a service manager: until Ctrl+C or SIGTERM, which both let the work under way finish and be
recorded before the command returns."""

from __future__ import annotations

import signal


def run_until_stopped(sender) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sender.stopping.set())
    sender.start()
    try:
        while sender.is_alive():
            sender.join(timeout=1)
    except KeyboardInterrupt:
        sender.stop()
    return 0
