"""What learners do: lesson progress, quiz versions, attempts and their answers, extra
attempts and time, certificates, and the regrades that change results."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from courseware.grading.timing import MODES as ACCOMMODATION_MODES
from courseware.store.models.base import (
    IN_PROGRESS,
    KEPT,
    ONLINE,
    PAPER,
    PENDING,
    REVOKED,
    SUBMITTED,
    Base,
    enum_column,
    user_ref,
)
from courseware.store.types import ExactFraction, JSONDocument


class LessonProgress(Base):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_ref("CASCADE")
    module_id: Mapped[str] = mapped_column(String(100))
    lesson_id: Mapped[str] = mapped_column(String(100))
    done_at: Mapped[datetime]


class QuizVersion(Base):
    """A quiz exactly as learners took it, stored once per version (the hash of its content):
    every attempt points at one, so a later change to the file never changes a past attempt."""

    __tablename__ = "quiz_versions"

    content_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100))
    snapshot: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class QuizAttempt(Base):
    """One attempt at a quiz, with everything needed to show and grade it again exactly as it
    was taken, whatever happens to the quiz file later. `user_id` is empty once the learner
    has been erased; `cohort_id` is the cohort the learner was in at the start, so that
    cohort figures keep counting anonymised attempts."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        Index("ix_quiz_attempts_user_id_quiz_id", "user_id", "quiz_id"),
        Index("ix_quiz_attempts_quiz_id_submitted_at", "quiz_id", "submitted_at"),
        # Every column reports read (see store/reports/), so they never read the wide rows.
        Index(
            "ix_quiz_attempts_report",
            "quiz_id",
            "user_id",
            "state",
            "cohort_id",
            "submitted_at",
            "passed",
            "points",
            "max_points",
            "started_at",
        ),
        # The learners active in a recent span (the dashboard's month), read from the index.
        Index("ix_quiz_attempts_activity", "submitted_at", "state", "cohort_id", "user_id"),
        # Two tabs starting the same quiz get the same attempt, never two.
        Index(
            "uq_quiz_attempts_one_open_per_quiz",
            "user_id",
            "quiz_id",
            unique=True,
            sqlite_where=text(f"state = '{IN_PROGRESS}'"),
            postgresql_where=text(f"state = '{IN_PROGRESS}'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = user_ref("SET NULL")
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    quiz_id: Mapped[str] = mapped_column(String(100))
    content_version: Mapped[str] = mapped_column(
        ForeignKey("quiz_versions.content_version", ondelete="RESTRICT")
    )
    seed: Mapped[int] = mapped_column(BigInteger)
    layout: Mapped[dict[str, Any]]
    started_at: Mapped[datetime]
    deadline: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(enum_column("state", (IN_PROGRESS, SUBMITTED)))
    points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    max_points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    passed: Mapped[bool | None]
    source: Mapped[str] = mapped_column(
        enum_column("source", (ONLINE, PAPER)), default=ONLINE, server_default=ONLINE
    )


class AttemptGrant(Base):
    """Extra attempts at a quiz beyond its `max_attempts`, granted by a trainer or admin."""

    __tablename__ = "attempt_grants"
    __table_args__ = (
        Index("ix_attempt_grants_user_id_quiz_id", "user_id", "quiz_id"),
        CheckConstraint("extra_attempts > 0", name="extra_attempts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_ref("CASCADE")
    quiz_id: Mapped[str] = mapped_column(String(100))
    extra_attempts: Mapped[int] = mapped_column(Integer)
    granted_by: Mapped[int | None] = user_ref("SET NULL")
    granted_at: Mapped[datetime]


class TimeAccommodation(Base):
    """More time, or no limit, on every timed quiz, for one learner (`user_id`) or for every
    learner of a cohort (`cohort_id`): one of the two, and at most one row for each. `amount`
    is the percentage of the limit ("percent") or the minutes added ("extra_minutes"), empty
    for "unlimited". The rules are in grading/timing.py."""

    __tablename__ = "time_accommodations"
    __table_args__ = (
        CheckConstraint(
            "(user_id IS NULL AND cohort_id IS NOT NULL)"
            " OR (user_id IS NOT NULL AND cohort_id IS NULL)",
            name="one_target",
        ),
        CheckConstraint(
            "(mode = 'unlimited' AND amount IS NULL) OR (mode <> 'unlimited' AND amount > 0)",
            name="amount_fits_mode",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = user_ref("CASCADE", unique=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), unique=True
    )
    mode: Mapped[str] = mapped_column(enum_column("mode", ACCOMMODATION_MODES))
    amount: Mapped[int | None] = mapped_column(Integer)
    granted_by: Mapped[int | None] = user_ref("SET NULL")
    granted_at: Mapped[datetime]


class Answer(Base):
    __tablename__ = "answers"
    # Saving an answer again replaces it: an upsert on this key. The newest answers to a
    # question (the evaluation's latest comments) are read through the index.
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        Index("ix_answers_newest", "question_id", "answered_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    answer: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    answered_at: Mapped[datetime]


class RetracedPath(Base):
    """Choices a learner took back in a knowledge check ("step back" in a branching case): the
    path as it was saved, and how many of its first choices the new path kept; the others,
    `path[kept:]`, were retraced. For path analysis only: the score uses the final path."""

    __tablename__ = "retraced_paths"
    __table_args__ = (
        Index("ix_retraced_paths_attempt_id_question_id", "attempt_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    path: Mapped[Any] = mapped_column(JSONDocument)
    kept: Mapped[int] = mapped_column(Integer)
    retraced_at: Mapped[datetime]


class HiddenComment(Base):
    """A free-text survey answer kept out of what coordinators see, by an admin or one of the
    cohort's trainers (the audit log says who and when)."""

    __tablename__ = "hidden_comments"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    hidden_by: Mapped[int | None] = user_ref("SET NULL")
    hidden_at: Mapped[datetime]


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_ref("CASCADE", index=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    verification_code: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Regrade(Base):
    """A quiz graded again after a correction: who did it, when, why, against which version,
    and over which cohorts' attempts (None: every cohort's, which only an admin may)."""

    __tablename__ = "regrades"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), index=True)
    content_version: Mapped[str] = mapped_column(
        ForeignKey("quiz_versions.content_version", ondelete="RESTRICT")
    )
    reason: Mapped[str] = mapped_column(String(500))
    actor_id: Mapped[int | None] = user_ref("SET NULL")
    cohort_ids: Mapped[list[int] | None] = mapped_column(JSONDocument)
    at: Mapped[datetime]


class RegradedAttempt(Base):
    """One attempt moved by a regrade from the version it was graded on to another, with its
    result before and after: the learner's review tells them, and nothing is forgotten."""

    __tablename__ = "regraded_attempts"
    __table_args__ = (UniqueConstraint("regrade_id", "attempt_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regrade_id: Mapped[int] = mapped_column(ForeignKey("regrades.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    from_version: Mapped[str] = mapped_column(
        ForeignKey("quiz_versions.content_version", ondelete="RESTRICT")
    )
    to_version: Mapped[str] = mapped_column(
        ForeignKey("quiz_versions.content_version", ondelete="RESTRICT")
    )
    old_points: Mapped[Fraction] = mapped_column(ExactFraction())
    old_max_points: Mapped[Fraction] = mapped_column(ExactFraction())
    old_passed: Mapped[bool]
    new_points: Mapped[Fraction] = mapped_column(ExactFraction())
    new_max_points: Mapped[Fraction] = mapped_column(ExactFraction())
    new_passed: Mapped[bool]


class CertificateReview(Base):
    """A certificate whose holder no longer passes a quiz it requires, after a regrade. A
    regrade never revokes a certificate by itself: an admin keeps or revokes it."""

    __tablename__ = "certificate_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), index=True
    )
    regrade_id: Mapped[int] = mapped_column(ForeignKey("regrades.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(enum_column("decision", (PENDING, KEPT, REVOKED)))
    created_at: Mapped[datetime]
    decided_by: Mapped[int | None] = user_ref("SET NULL")
    decided_at: Mapped[datetime | None]
