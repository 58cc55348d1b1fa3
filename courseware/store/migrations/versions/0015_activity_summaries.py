"""Report summaries of when each learner last submitted an attempt (the dashboard's learners
active lately, store/summaries.py), an index to sum where learners stand at the finals over
many cohorts, and every summary built again from the attempts already stored, by the code
that keeps them from now on.

Revision ID: 0015_activity_summaries
Revises: 0014_item_summaries
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0015_activity_summaries"
down_revision: str | None = "0014_item_summaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_activity_cells",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("last_submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("learners", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("cohort_id", "last_submitted_at", name="pk_report_activity_cells"),
    )
    op.create_index(
        "ix_report_activity_cells_recent",
        "report_activity_cells",
        ["last_submitted_at", "cohort_id", "learners"],
    )
    op.create_index(
        "ix_report_profile_summaries_by_profile",
        "report_profile_summaries",
        ["profile", "cohort_id", "learners"],
    )
    from courseware.settings import load_settings
    from courseware.store.database import Transaction
    from courseware.store.summaries import rebuild

    session = Session(bind=op.get_bind())
    rebuild(Transaction(session, datetime.now(UTC), load_settings()))
    session.flush()


def downgrade() -> None:
    op.drop_index("ix_report_profile_summaries_by_profile", table_name="report_profile_summaries")
    op.drop_index("ix_report_activity_cells_recent", table_name="report_activity_cells")
    op.drop_table("report_activity_cells")
