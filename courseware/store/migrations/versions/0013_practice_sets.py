"""Spaced practice: each learner's practice sets, their items and the answers given.

Revision ID: 0013_practice_sets
Revises: 0012_followup
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013_practice_sets"
down_revision: str | None = "0012_followup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Answers as given, in the column type of quiz answers (JSONB on PostgreSQL).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "practice_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_practice_sets_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_sets"),
        sa.UniqueConstraint("user_id", "number", name="uq_practice_sets_user_id_number"),
    )
    op.create_table(
        "practice_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("content_version", sa.String(64), nullable=False),
        sa.Column("points", sa.String(64), nullable=True),
        sa.Column("max_points", sa.String(64), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["practice_sets.id"],
            name="fk_practice_items_set_id_practice_sets",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["content_version"],
            ["quiz_versions.content_version"],
            name="fk_practice_items_content_version_quiz_versions",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_items"),
        sa.UniqueConstraint("set_id", "position", name="uq_practice_items_set_id_position"),
    )
    op.create_table(
        "practice_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("answer", JSON, nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["practice_items.id"],
            name="fk_practice_answers_item_id_practice_items",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_answers"),
        sa.UniqueConstraint(
            "item_id", "question_id", name="uq_practice_answers_item_id_question_id"
        ),
    )


def downgrade() -> None:
    op.drop_table("practice_answers")
    op.drop_table("practice_items")
    op.drop_table("practice_sets")
