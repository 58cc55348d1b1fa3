"""Paper attempts: where an attempt was taken, online (the default, and every attempt so far)
or on paper (a printed variant whose answers a trainer entered).

Revision ID: 0008_paper_attempts
Revises: 0005_regrades
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_paper_attempts"
down_revision: str | None = "0007_hidden_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.add_column(
            sa.Column("source", sa.String(20), nullable=False, server_default="online")
        )
        batch.create_check_constraint("source", "source IN ('online', 'paper')")


def downgrade() -> None:
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.drop_constraint("source", type_="check")
        batch.drop_column("source")
