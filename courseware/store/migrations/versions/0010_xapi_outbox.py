"""The xAPI outbox: statements waiting for the Learning Record Store, and the sender's lease.

Revision ID: 0010_xapi_outbox
Revises: 0009_time_accommodations
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_xapi_outbox"
down_revision: str | None = "0009_time_accommodations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "xapi_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.String(36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("verb", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sent', 'dead')", name="ck_xapi_outbox_xapi_state"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_xapi_outbox_user_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_xapi_outbox"),
        sa.UniqueConstraint("statement_id", name="uq_xapi_outbox_statement_id"),
    )
    op.create_index("ix_xapi_outbox_state_id", "xapi_outbox", ["state", "id"])
    op.create_index("ix_xapi_outbox_user_id", "xapi_outbox", ["user_id"])
    op.create_index("ix_xapi_outbox_sent_at", "xapi_outbox", ["sent_at"])
    op.create_table(
        "xapi_sender_lease",
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_xapi_sender_lease"),
    )


def downgrade() -> None:
    op.drop_table("xapi_sender_lease")
    op.drop_index("ix_xapi_outbox_sent_at", table_name="xapi_outbox")
    op.drop_index("ix_xapi_outbox_user_id", table_name="xapi_outbox")
    op.drop_index("ix_xapi_outbox_state_id", table_name="xapi_outbox")
    op.drop_table("xapi_outbox")
