"""Regrades: a quiz graded again after a correction, each attempt it moved (with its result
before and after), and the certificates left for an admin to keep or revoke.

Revision ID: 0005_regrades
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_regrades"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
FRACTION = sa.String(64)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _foreign_key(table: str, column: str, referred: str, ondelete: str) -> sa.ForeignKeyConstraint:
    referred_table = referred.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column],
        [referred],
        name=f"fk_{table}_{column}_{referred_table}",
        ondelete=ondelete,
    )


def _version(table: str, column: str) -> list:
    return [
        sa.Column(column, sa.String(64), nullable=False),
        _foreign_key(table, column, "quiz_versions.content_version", "RESTRICT"),
    ]


def _result(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}_points", FRACTION, nullable=False),
        sa.Column(f"{prefix}_max_points", FRACTION, nullable=False),
        sa.Column(f"{prefix}_passed", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "regrades",
        _id(),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        *_version("regrades", "content_version"),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("cohort_ids", JSON, nullable=True),
        sa.Column("at", TIME, nullable=False),
        _foreign_key("regrades", "actor_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_regrades"),
    )
    op.create_index("ix_regrades_quiz_id", "regrades", ["quiz_id"])

    op.create_table(
        "regraded_attempts",
        _id(),
        sa.Column("regrade_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        *_version("regraded_attempts", "from_version"),
        *_version("regraded_attempts", "to_version"),
        *_result("old"),
        *_result("new"),
        _foreign_key("regraded_attempts", "regrade_id", "regrades.id", "CASCADE"),
        _foreign_key("regraded_attempts", "attempt_id", "quiz_attempts.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_regraded_attempts"),
        sa.UniqueConstraint(
            "regrade_id", "attempt_id", name="uq_regraded_attempts_regrade_id_attempt_id"
        ),
    )
    op.create_index("ix_regraded_attempts_attempt_id", "regraded_attempts", ["attempt_id"])

    op.create_table(
        "certificate_reviews",
        _id(),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("regrade_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", TIME, nullable=True),
        sa.CheckConstraint(
            "decision IN ('pending', 'kept', 'revoked')", name="ck_certificate_reviews_decision"
        ),
        _foreign_key("certificate_reviews", "certificate_id", "certificates.id", "CASCADE"),
        _foreign_key("certificate_reviews", "regrade_id", "regrades.id", "CASCADE"),
        _foreign_key("certificate_reviews", "attempt_id", "quiz_attempts.id", "CASCADE"),
        _foreign_key("certificate_reviews", "decided_by", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_reviews"),
    )
    op.create_index(
        "ix_certificate_reviews_certificate_id", "certificate_reviews", ["certificate_id"]
    )


def downgrade() -> None:
    for table in ("certificate_reviews", "regraded_attempts", "regrades"):
        op.drop_table(table)
