"""`xapi send [--once]`, `xapi status` and `xapi retry`: the outbox of learning records
(docs/xapi.md)."""

from __future__ import annotations

import argparse

from courseware.cli.foreground import run_until_stopped
from courseware.cli.usage import UsageError


def register(commands) -> None:
    parser = commands.add_parser("xapi", help="send learning records to the LRS, or see them")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    send = actions.add_parser(
        "send",
        help="send the outbox to the LRS",
        description="Sends every due statement, batch after batch, then keeps looking every "
        "COURSEWARE_XAPI_SEND_INTERVAL_SECONDS until stopped. With --once it returns when "
        "nothing is left or the LRS cannot be reached (for cron). Safe beside the app's own "
        "sender and on several machines: one sends at a time.",
    )
    send.add_argument("--once", action="store_true", help="send what is due, then stop")
    send.set_defaults(run=run_send)
    status = actions.add_parser(
        "status",
        help="pending, sent in the last day, failing and dead statements",
        description="What the admin page shows: exits with 1 when there are dead letters.",
    )
    status.set_defaults(run=run_status)
    retry = actions.add_parser(
        "retry",
        help="send dead letters again",
        description="Dead letters (the ids `status` lists, or all) go back to the outbox, "
        "their tries counted from nought; a pause after the LRS was unreachable ends too.",
    )
    retry.add_argument("ids", metavar="ID", type=int, nargs="*")
    retry.set_defaults(run=run_retry)


def run_send(args: argparse.Namespace) -> int:
    from courseware.cli.store import database
    from courseware.lrs.sender import SenderThread, send_once

    with database() as db:
        if not db.settings.xapi_enabled:
            raise UsageError("no LRS is configured: set COURSEWARE_XAPI_ENDPOINT")
        if args.once:
            done = send_once(db)
            if not done.lease_taken:
                print("another sender is sending (or the LRS is paused): nothing sent")
                return 0
            print(f"sent {done.delivered}, refused {done.refused}")
            if done.unreachable:
                print(done.unreachable)
                return 1
            return 0
        return run_until_stopped(SenderThread(db))


def run_status(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.xapi_outbox import outbox_status

    with database() as db:
        status = outbox_status(db, COMMAND_LINE)
        endpoint = db.settings.xapi_endpoint or "none (COURSEWARE_XAPI_ENDPOINT is not set)"
    print(f"LRS: {endpoint}")
    print(f"pending: {status.pending} (failing: {status.failing})")
    if status.last_error:
        print(f"last error: {status.last_error}")
    if status.paused_until:
        print(f"the LRS could not be reached: next try at {status.paused_until:%Y-%m-%d %H:%M:%S}")
    print(f"sent in the last day: {status.sent_last_day}")
    print(f"dead letters: {status.dead}")
    for dead in status.dead_letters:
        print(f"  {dead.id}  {dead.verb}  {dead.tries} tries  {dead.last_error}")
    return 1 if status.dead else 0


def run_retry(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.xapi_outbox import retry_dead_letters

    with database() as db:
        count = retry_dead_letters(db, COMMAND_LINE, args.ids or None)
    print(f"{count} dead letters back in the outbox")
    return 0
