"""Time accommodations: more time, or no limit, on timed quizzes for a learner or a cohort
(WCAG 2.2.1, Timing Adjustable).

Revision ID: 0009_time_accommodations
Revises: 0008_paper_attempts
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_time_accommodations"
down_revision: str | None = "0008_paper_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "time_accommodations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "mode IN ('percent', 'extra_minutes', 'unlimited')",
            name="ck_time_accommodations_mode",
        ),
        sa.CheckConstraint(
            "(user_id IS NULL AND cohort_id IS NOT NULL)"
            " OR (user_id IS NOT NULL AND cohort_id IS NULL)",
            name="ck_time_accommodations_one_target",
        ),
        sa.CheckConstraint(
            "(mode = 'unlimited' AND amount IS NULL) OR (mode <> 'unlimited' AND amount > 0)",
            name="ck_time_accommodations_amount_fits_mode",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_time_accommodations_user_id_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_time_accommodations_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by"],
            ["users.id"],
            name="fk_time_accommodations_granted_by_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_time_accommodations"),
        sa.UniqueConstraint("user_id", name="uq_time_accommodations_user_id"),
        sa.UniqueConstraint("cohort_id", name="uq_time_accommodations_cohort_id"),
    )


def downgrade() -> None:
    op.drop_table("time_accommodations")
