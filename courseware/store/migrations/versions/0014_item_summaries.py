"""Report summaries of first attempts (item statistics and tag mastery, branching paths) and
of knowledge gain's pairs, per cohort and per organisation (store/summaries.py), filled from
the attempts by 0015_activity_summaries; they replace the first scores of each learner (a
downgrade makes that table again, empty); and an index for the evaluation's newest comments.

Revision ID: 0014_item_summaries
Revises: 0013_practice_sets
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_item_summaries"
down_revision: str | None = "0013_practice_sets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _learners() -> sa.Column:
    return sa.Column("learners", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "report_item_cells",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("mark", sa.Float(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        _learners(),
        sa.PrimaryKeyConstraint(
            "group_id", "quiz_id", "question_id", "mark", "total", name="pk_report_item_cells"
        ),
    )
    op.create_table(
        "report_path_cells",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        _learners(),
        sa.PrimaryKeyConstraint(
            "group_id", "quiz_id", "question_id", "path", name="pk_report_path_cells"
        ),
    )
    op.create_table(
        "report_pair_cells",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("pre", sa.Float(), nullable=False),
        sa.Column("post", sa.Float(), nullable=False),
        _learners(),
        sa.PrimaryKeyConstraint("group_id", "pre", "post", name="pk_report_pair_cells"),
    )
    op.create_table(
        "report_pair_counts",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        _learners(),
        sa.PrimaryKeyConstraint("cohort_id", name="pk_report_pair_counts"),
    )
    op.create_index("ix_answers_newest", "answers", ["question_id", "answered_at", "id"])
    # Knowledge gain now reads its pairs' cells instead of a row per learner and test.
    op.drop_table("report_first_scores")
    # The tables are filled by 0015_activity_summaries, which builds every summary from
    # the attempts with the code that keeps them (code of today, which also fills its table).


def downgrade() -> None:
    op.drop_index("ix_answers_newest", table_name="answers")
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
    for table in (
        "report_pair_counts",
        "report_pair_cells",
        "report_path_cells",
        "report_item_cells",
    ):
        op.drop_table(table)
