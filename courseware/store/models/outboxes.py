"""What waits to leave the app: xAPI statements for the LRS and follow-up reminder mails."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from courseware.store.models.base import Base, enum_column, user_ref

# The states of a statement in the xAPI outbox.
XAPI_PENDING, XAPI_SENT, XAPI_DEAD = "pending", "sent", "dead"


class XapiStatement(Base):
    """An xAPI statement on its way to the Learning Record Store (docs/xapi.md), written in
    the same transaction as the answer or attempt it describes. `body` is the statement as
    sent, fixed when written (its id and timestamp included): a retry sends the same bytes, so
    the LRS recognises a statement it already holds. Sent in `id` order; `attempt_id` keeps a
    statement waiting while an earlier one of its attempt waits."""

    __tablename__ = "xapi_outbox"
    __table_args__ = (Index("ix_xapi_outbox_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int | None] = user_ref("SET NULL", index=True)
    attempt_id: Mapped[int | None] = mapped_column(Integer)
    verb: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(
        enum_column("xapi_state", (XAPI_PENDING, XAPI_SENT, XAPI_DEAD))
    )
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class XapiSenderLease(Base):
    """Who sends the outbox just now: one row, taken by one sender (of any instance) until
    `until`, so that statements leave in order and never twice at the same time."""

    __tablename__ = "xapi_sender_lease"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    owner: Mapped[str] = mapped_column(String(100))
    until: Mapped[datetime]
    # The LRS could not be reached: no sender tries before this (exponential back-off).
    paused_until: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)


# The states of a follow-up reminder mail.
REMINDER_PENDING, REMINDER_SENT, REMINDER_DEAD = "pending", "sent", "dead"


class FollowupReminder(Base):
    """A reminder mail for a due follow-up step (docs/followup.md). The row is the decision to
    send: written once per learner, step and round (the unique key), in the transaction that
    decides it, so that of several senders only one ever decides it. A sender claims it until
    `claimed_until` while it talks to the mail server; a sender killed meanwhile leaves the
    claim to run out, and the next one sends it."""

    __tablename__ = "followup_reminders"
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_id", "round"),
        Index("ix_followup_reminders_state_next_try_at", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_ref("CASCADE")
    quiz_id: Mapped[str] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(
        enum_column("reminder_state", (REMINDER_PENDING, REMINDER_SENT, REMINDER_DEAD))
    )
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class ReminderOptOut(Base):
    """A person who wants no reminder mails (the unsubscribe link, or My account)."""

    __tablename__ = "followup_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    at: Mapped[datetime]
