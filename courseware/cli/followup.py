"""`followup send [--once]` and `followup status`: the reminder mails of the follow-up plan
(docs/followup.md)."""

from __future__ import annotations

import argparse

from courseware.cli.foreground import run_until_stopped
from courseware.cli.usage import UsageError


def register(commands) -> None:
    parser = commands.add_parser("followup", help="send follow-up reminder mails, or see them")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    send = actions.add_parser(
        "send",
        help="send the reminders of due follow-up steps",
        description="Decides which reminders are due and sends them, then keeps doing so every "
        "COURSEWARE_REMINDER_SEND_INTERVAL_SECONDS until stopped. With --once it returns when "
        "done (for cron). Safe beside the app's own sender and on several machines: each "
        "reminder is sent once.",
    )
    send.add_argument("--once", action="store_true", help="send what is due, then stop")
    send.set_defaults(run=run_send)
    status = actions.add_parser(
        "status",
        help="waiting, sent and failed reminders",
        description="What the admin page shows: exits with 1 when some were given up on.",
    )
    status.set_defaults(run=run_status)


def run_send(args: argparse.Namespace) -> int:
    from courseware.cli.store import database
    from courseware.content.catalog import load_catalog
    from courseware.mail.sender import ReminderThread, send_once

    with database() as db:
        if not db.settings.mail_enabled:
            raise UsageError("no mail server is configured: set COURSEWARE_SMTP_HOST")
        catalog = load_catalog(db.settings.content_dir)
        if args.once:
            done = send_once(db, catalog)
            print(f"decided {done.decided}, sent {done.sent}, failed {done.failed}")
            return 1 if done.failed else 0
        return run_until_stopped(ReminderThread(db, catalog))


def run_status(args: argparse.Namespace) -> int:
    from courseware.access import COMMAND_LINE
    from courseware.cli.store import database
    from courseware.store.followup import reminder_status

    with database() as db:
        status = reminder_status(db, COMMAND_LINE)
    print(f"waiting: {status.pending}, sent in the last day: {status.sent_last_day}")
    for row in status.failing:
        print(
            f"{row.id} {row.quiz_id} round {row.round} {row.state} tries {row.tries}: "
            f"{row.last_error}"
        )
    return 1 if status.dead else 0
