"""The first tables: organisations, accounts, cohorts, progress, attempts, sign-in, audit.

Migrations use plain column types, never the models' classes, so that they keep creating
exactly what they created when they were written.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
FRACTION = sa.String(64)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _choice(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{table}_{column}")


def _user_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=f"fk_{table}_{column}_users", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "organisations",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    op.create_table(
        "users",
        _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("script", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_seen_at", TIME, nullable=True),
        _choice("users", "role", ("learner", "trainer", "coordinator", "admin")),
        _choice("users", "language", ("en", "sr")),
        _choice("users", "script", ("latin", "cyrillic")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_users_organisation_id_organisations",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_index("ix_users_organisation_id", "users", ["organisation_id"])

    op.create_table(
        "cohorts",
        _id(),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("invite_code", sa.String(32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_cohorts_organisation_id_organisations",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cohorts"),
        sa.UniqueConstraint("invite_code", name="uq_cohorts_invite_code"),
        sa.UniqueConstraint("organisation_id", "name", name="uq_cohorts_organisation_id_name"),
    )
    op.create_index("ix_cohorts_organisation_id", "cohorts", ["organisation_id"])

    op.create_table(
        "cohort_trainers",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_cohort_trainers_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        _user_fk("cohort_trainers", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id", "user_id", name="pk_cohort_trainers"),
    )
    op.create_index("ix_cohort_trainers_user_id", "cohort_trainers", ["user_id"])

    op.create_table(
        "enrolments",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_enrolments_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        _user_fk("enrolments", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "cohort_id", name="pk_enrolments"),
    )
    op.create_index("ix_enrolments_cohort_id", "enrolments", ["cohort_id"])

    op.create_table(
        "lesson_progress",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(100), nullable=False),
        sa.Column("lesson_id", sa.String(100), nullable=False),
        sa.Column("done_at", TIME, nullable=False),
        _user_fk("lesson_progress", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_lesson_progress"),
        sa.UniqueConstraint(
            "user_id",
            "module_id",
            "lesson_id",
            name="uq_lesson_progress_user_id_module_id_lesson_id",
        ),
    )

    op.create_table(
        "quiz_attempts",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("content_version", sa.String(64), nullable=False),
        sa.Column("quiz_snapshot", JSON, nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("layout", JSON, nullable=False),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("deadline", TIME, nullable=True),
        sa.Column("submitted_at", TIME, nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("points", FRACTION, nullable=True),
        sa.Column("max_points", FRACTION, nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        _choice("quiz_attempts", "state", ("in_progress", "submitted")),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_quiz_attempts_cohort_id_cohorts",
            ondelete="SET NULL",
        ),
        _user_fk("quiz_attempts", "user_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_attempts"),
    )
    op.create_index("ix_quiz_attempts_cohort_id", "quiz_attempts", ["cohort_id"])
    op.create_index("ix_quiz_attempts_submitted_at", "quiz_attempts", ["submitted_at"])
    op.create_index("ix_quiz_attempts_user_id_quiz_id", "quiz_attempts", ["user_id", "quiz_id"])
    op.create_index(
        "uq_quiz_attempts_one_open_per_quiz",
        "quiz_attempts",
        ["user_id", "quiz_id"],
        unique=True,
        sqlite_where=sa.text("state = 'in_progress'"),
        postgresql_where=sa.text("state = 'in_progress'"),
    )

    op.create_table(
        "attempt_grants",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("extra_attempts", sa.Integer(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", TIME, nullable=False),
        sa.CheckConstraint("extra_attempts > 0", name="ck_attempt_grants_extra_attempts_positive"),
        _user_fk("attempt_grants", "user_id", "CASCADE"),
        _user_fk("attempt_grants", "granted_by", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_attempt_grants"),
    )
    op.create_index("ix_attempt_grants_user_id_quiz_id", "attempt_grants", ["user_id", "quiz_id"])

    op.create_table(
        "answers",
        _id(),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("answer", JSON, nullable=True),
        sa.Column("points", FRACTION, nullable=True),
        sa.Column("answered_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["quiz_attempts.id"],
            name="fk_answers_attempt_id_quiz_attempts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_answers_attempt_id_question_id"),
    )

    op.create_table(
        "certificates",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(40), nullable=False),
        sa.Column("verification_code", sa.String(64), nullable=False),
        sa.Column("issued_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        _user_fk("certificates", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        sa.UniqueConstraint("serial", name="uq_certificates_serial"),
        sa.UniqueConstraint("verification_code", name="uq_certificates_verification_code"),
    )
    op.create_index("ix_certificates_user_id", "certificates", ["user_id"])

    op.create_table(
        "auth_sessions",
        _id(),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_seen_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        _user_fk("auth_sessions", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_auth_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_auth_sessions_token_hash"),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])

    op.create_table(
        "failed_signins",
        _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_failed_signins"),
    )
    op.create_index("ix_failed_signins_at", "failed_signins", ["at"])
    op.create_index("ix_failed_signins_email_at", "failed_signins", ["email", "at"])
    op.create_index("ix_failed_signins_address_at", "failed_signins", ["address", "at"])

    op.create_table(
        "audit_log",
        _id(),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("at", TIME, nullable=False),
        _user_fk("audit_log", "actor_id", "SET NULL"),
        _user_fk("audit_log", "target_user_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_target_user_id", "audit_log", ["target_user_id"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "failed_signins",
        "auth_sessions",
        "certificates",
        "answers",
        "attempt_grants",
        "quiz_attempts",
        "lesson_progress",
        "enrolments",
        "cohort_trainers",
        "cohorts",
        "users",
        "organisations",
    ):
        op.drop_table(table)
