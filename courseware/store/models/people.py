"""Organisations, people, cohorts, and the sign-in and audit records about them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from courseware.access import ROLES
from courseware.content.fields import LANGUAGES
from courseware.store.models.base import SCRIPTS, Base, enum_column, user_ref


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(enum_column("role", ROLES))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(enum_column("language", LANGUAGES))
    # Serbian is written in both scripts; the choice only matters when `language` is "sr".
    script: Mapped[str] = mapped_column(enum_column("script", SCRIPTS))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool]
    active: Mapped[bool]
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]


class Cohort(Base):
    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    invite_code: Mapped[str] = mapped_column(String(32), unique=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]


class CohortTrainer(Base):
    __tablename__ = "cohort_trainers"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = user_ref("CASCADE", primary_key=True, index=True)


class Enrolment(Base):
    __tablename__ = "enrolments"

    user_id: Mapped[int] = user_ref("CASCADE", primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    enrolled_at: Mapped[datetime]


class AuthSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
    copy of the database does not let anyone sign in."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = user_ref("CASCADE", index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class FailedSignin(Base):
    __tablename__ = "failed_signins"
    __table_args__ = (
        Index("ix_failed_signins_email_at", "email", "at"),
        Index("ix_failed_signins_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(index=True)


class AuditEntry(Base):
    """A privileged action. `details` holds ids and settings, never names or emails, so that
    erasing a user leaves no personal data behind in the log."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = user_ref("SET NULL")
    action: Mapped[str] = mapped_column(String(60))
    target_user_id: Mapped[int | None] = user_ref("SET NULL", index=True)
    details: Mapped[dict[str, Any]]
    at: Mapped[datetime] = mapped_column(index=True)
