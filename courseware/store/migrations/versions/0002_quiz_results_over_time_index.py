"""An index for dashboards: a quiz's submitted attempts over a period of time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_quiz_attempts_quiz_id_submitted_at", "quiz_attempts", ["quiz_id", "submitted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_quiz_attempts_quiz_id_submitted_at", table_name="quiz_attempts")
