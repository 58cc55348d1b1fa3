"""Choices taken back in knowledge checks: when a learner steps back in a branching case, the
path as it was and how many of its choices the new one kept, for path analysis.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_retraced_paths"
down_revision: str | None = "0005_regrades"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "retraced_paths",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("path", JSON, nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("retraced_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["quiz_attempts.id"],
            name="fk_retraced_paths_attempt_id_quiz_attempts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_retraced_paths"),
    )
    op.create_index(
        "ix_retraced_paths_attempt_id_question_id", "retraced_paths", ["attempt_id", "question_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_retraced_paths_attempt_id_question_id", table_name="retraced_paths")
    op.drop_table("retraced_paths")
