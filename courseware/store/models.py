"""The tables. Changing one means adding a migration in `migrations/versions/`.

Emails are stored lower-cased (see `normalize_email`), so the plain unique constraint on
`users.email` is a case-insensitive one on both databases.

Survey answers are the answers of an attempt at a survey quiz (`kind: survey`): the same
`quiz_attempts` and `answers` rows, with `points`, `max_points` and `passed` left empty.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from courseware.access import ROLES
from courseware.content.fields import LANGUAGES
from courseware.grading.timing import MODES as ACCOMMODATION_MODES
from courseware.store.types import ExactFraction, JSONDocument, UTCDateTime

SCRIPTS = ("latin", "cyrillic")
IN_PROGRESS, SUBMITTED = "in_progress", "submitted"
# Where an attempt was taken: in the app, or on a printed variant entered by a trainer.
ONLINE, PAPER = "online", "paper"
PENDING, KEPT, REVOKED = "pending", "kept", "revoked"

# Fixed constraint names, so that later migrations can refer to them (SQLite batch mode
# rebuilds tables and needs every constraint named).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {datetime: UTCDateTime(), dict[str, Any]: JSONDocument}


def _choice(name: str, values: tuple[str, ...]) -> Enum:
    return Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _user_ref(ondelete: str, **kwargs) -> Any:
    return mapped_column(ForeignKey("users.id", ondelete=ondelete), **kwargs)


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
    role: Mapped[str] = mapped_column(_choice("role", ROLES))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(_choice("language", LANGUAGES))
    # Serbian is written in both scripts; the choice only matters when `language` is "sr".
    script: Mapped[str] = mapped_column(_choice("script", SCRIPTS))
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
    user_id: Mapped[int] = _user_ref("CASCADE", primary_key=True, index=True)


class Enrolment(Base):
    __tablename__ = "enrolments"

    user_id: Mapped[int] = _user_ref("CASCADE", primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    enrolled_at: Mapped[datetime]


class LessonProgress(Base):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_ref("CASCADE")
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
    user_id: Mapped[int | None] = _user_ref("SET NULL")
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
    state: Mapped[str] = mapped_column(_choice("state", (IN_PROGRESS, SUBMITTED)))
    points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    max_points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    passed: Mapped[bool | None]
    source: Mapped[str] = mapped_column(
        _choice("source", (ONLINE, PAPER)), default=ONLINE, server_default=ONLINE
    )


class AttemptGrant(Base):
    """Extra attempts at a quiz beyond its `max_attempts`, granted by a trainer or admin."""

    __tablename__ = "attempt_grants"
    __table_args__ = (
        Index("ix_attempt_grants_user_id_quiz_id", "user_id", "quiz_id"),
        CheckConstraint("extra_attempts > 0", name="extra_attempts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_ref("CASCADE")
    quiz_id: Mapped[str] = mapped_column(String(100))
    extra_attempts: Mapped[int] = mapped_column(Integer)
    granted_by: Mapped[int | None] = _user_ref("SET NULL")
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
    user_id: Mapped[int | None] = _user_ref("CASCADE", unique=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), unique=True
    )
    mode: Mapped[str] = mapped_column(_choice("mode", ACCOMMODATION_MODES))
    amount: Mapped[int | None] = mapped_column(Integer)
    granted_by: Mapped[int | None] = _user_ref("SET NULL")
    granted_at: Mapped[datetime]


class Answer(Base):
    __tablename__ = "answers"
    # Saving an answer again replaces it: an upsert on this key.
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

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
    hidden_by: Mapped[int | None] = _user_ref("SET NULL")
    hidden_at: Mapped[datetime]


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_ref("CASCADE", index=True)
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
    actor_id: Mapped[int | None] = _user_ref("SET NULL")
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
    decision: Mapped[str] = mapped_column(_choice("decision", (PENDING, KEPT, REVOKED)))
    created_at: Mapped[datetime]
    decided_by: Mapped[int | None] = _user_ref("SET NULL")
    decided_at: Mapped[datetime | None]


class AuthSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
    copy of the database does not let anyone sign in."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = _user_ref("CASCADE", index=True)
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
    actor_id: Mapped[int | None] = _user_ref("SET NULL")
    action: Mapped[str] = mapped_column(String(60))
    target_user_id: Mapped[int | None] = _user_ref("SET NULL", index=True)
    details: Mapped[dict[str, Any]]
    at: Mapped[datetime] = mapped_column(index=True)


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
    user_id: Mapped[int | None] = _user_ref("SET NULL", index=True)
    attempt_id: Mapped[int | None] = mapped_column(Integer)
    verb: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(_choice("xapi_state", (XAPI_PENDING, XAPI_SENT, XAPI_DEAD)))
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
    user_id: Mapped[int] = _user_ref("CASCADE")
    quiz_id: Mapped[str] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(
        _choice("reminder_state", (REMINDER_PENDING, REMINDER_SENT, REMINDER_DEAD))
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


# Report summaries (store/summaries.py): per cohort, what the coordinator's dashboard counts,
# kept up to date in the transaction of every write that changes it. Each row is a sum over
# the learners whose submitted attempts all lie in that cohort; a learner with attempts in
# several cohorts is listed in `report_spanning_learners` and counted from the attempts.


class ReportQuizSummary(Base):
    """Per cohort and quiz: learners who submitted it, and how many of them passed it."""

    __tablename__ = "report_quiz_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)


class ReportScoreSummary(Base):
    """Per cohort, final (`kind: final`) and best score: how many learners' best attempt
    scored that (a share of the points as the reports compute it; summaries.NO_SCORE when
    there is none)."""

    __tablename__ = "report_score_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    score: Mapped[float] = mapped_column(Float, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportWeekSummary(Base):
    """Per cohort and week (Monday): attempts submitted, and learners who submitted one."""

    __tablename__ = "report_week_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    learners: Mapped[int] = mapped_column(Integer)


class ReportProfileSummary(Base):
    """Per cohort: how many learners stand where at the finals (`summaries.profile`: each
    final submitted, passed or how many attempts used beyond those granted)."""

    __tablename__ = "report_profile_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(Text, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportAnswerSummary(Base):
    """Per cohort, survey (`kind: survey`) and Likert question: how often each answer (its
    JSON text) was given, over every submitted attempt."""

    __tablename__ = "report_answer_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    answer: Mapped[str] = mapped_column(String(100), primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)  # answers given, for `apply_difference`


class ReportFirstScore(Base):
    """A learner's first score at a pre- or post-test (`kind: pretest` or `posttest`) and its
    attempt's cohort: the pairs of knowledge gain, one row per learner and test instead of
    their attempts and answers. Learners of several cohorts and erased ones have none."""

    __tablename__ = "report_first_scores"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)


class ReportSpanningLearner(Base):
    """A learner with submitted attempts in more than one cohort: rare, and counted from
    the attempts, since which cohorts a report covers decides which of them count."""

    __tablename__ = "report_spanning_learners"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
