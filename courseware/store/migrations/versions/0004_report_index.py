"""An index that covers the columns reports read from quiz_attempts, so that dashboards
aggregate from the index alone instead of reading each attempt's wide row (its layout).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "quiz_id",
    "user_id",
    "state",
    "cohort_id",
    "submitted_at",
    "passed",
    "points",
    "max_points",
    "started_at",
]


def upgrade() -> None:
    op.create_index("ix_quiz_attempts_report", "quiz_attempts", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_quiz_attempts_report", table_name="quiz_attempts")
