"""Report summaries: per cohort, what the coordinator's dashboard counts (store/summaries.py),
built from the attempts already stored by 0015_activity_summaries.

Revision ID: 0011_report_summaries
Revises: 0010_xapi_outbox
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_report_summaries"
down_revision: str | None = "0010_xapi_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _counts(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "report_quiz_summaries",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        *_counts("learners", "passed"),
        sa.PrimaryKeyConstraint("cohort_id", "quiz_id", name="pk_report_quiz_summaries"),
    )
    op.create_table(
        "report_score_summaries",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        *_counts("learners"),
        sa.PrimaryKeyConstraint("cohort_id", "quiz_id", "score", name="pk_report_score_summaries"),
    )
    op.create_table(
        "report_week_summaries",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        *_counts("attempts", "learners"),
        sa.PrimaryKeyConstraint("cohort_id", "week", name="pk_report_week_summaries"),
    )
    op.create_table(
        "report_profile_summaries",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        *_counts("learners"),
        sa.PrimaryKeyConstraint("cohort_id", "profile", name="pk_report_profile_summaries"),
    )
    op.create_table(
        "report_answer_summaries",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("answer", sa.String(100), nullable=False),
        *_counts("learners"),
        sa.PrimaryKeyConstraint(
            "cohort_id", "quiz_id", "question_id", "answer", name="pk_report_answer_summaries"
        ),
    )
    op.create_table(
        "report_first_scores",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_report_first_scores_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "quiz_id", name="pk_report_first_scores"),
    )
    op.create_table(
        "report_spanning_learners",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_report_spanning_learners_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_report_spanning_learners"),
    )
    op.create_index(
        "ix_quiz_attempts_activity",
        "quiz_attempts",
        ["submitted_at", "state", "cohort_id", "user_id"],
    )
    # The tables are filled by 0015_activity_summaries, which builds every summary from the
    # attempts with the code that keeps them (code of today, which also fills later tables).


def downgrade() -> None:
    op.drop_index("ix_quiz_attempts_activity", table_name="quiz_attempts")
    for table in (
        "report_spanning_learners",
        "report_first_scores",
        "report_answer_summaries",
        "report_profile_summaries",
        "report_week_summaries",
        "report_score_summaries",
        "report_quiz_summaries",
    ):
        op.drop_table(table)
