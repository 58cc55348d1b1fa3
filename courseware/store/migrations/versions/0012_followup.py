"""Follow-up reminders: the mails decided (one per learner, step and round) and the people
who want none.

Revision ID: 0012_followup
Revises: 0011_report_summaries
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_followup"
down_revision: str | None = "0011_report_summaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "followup_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sent', 'dead')",
            name="ck_followup_reminders_reminder_state",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_followup_reminders_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_followup_reminders"),
        sa.UniqueConstraint(
            "user_id", "quiz_id", "round", name="uq_followup_reminders_user_id_quiz_id_round"
        ),
    )
    op.create_index(
        "ix_followup_reminders_state_next_try_at",
        "followup_reminders",
        ["state", "next_try_at"],
    )
    op.create_table(
        "followup_opt_outs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_followup_opt_outs_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_followup_opt_outs"),
    )


def downgrade() -> None:
    op.drop_table("followup_opt_outs")
    op.drop_index("ix_followup_reminders_state_next_try_at", table_name="followup_reminders")
    op.drop_table("followup_reminders")
