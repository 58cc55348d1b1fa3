"""Comments hidden from coordinators: a free-text survey answer that an admin or the
cohort's trainer chose to keep out of the coordinators' dashboard (it named a person, say).

Revision ID: 0006_hidden_comments
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_hidden_comments"
down_revision: str | None = "0006_retraced_paths"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hidden_comments",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("hidden_by", sa.Integer(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name="fk_hidden_comments_answer_id_answers",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by"],
            ["users.id"],
            name="fk_hidden_comments_hidden_by_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("answer_id", name="pk_hidden_comments"),
    )


def downgrade() -> None:
    op.drop_table("hidden_comments")
