"""Quiz versions stored once: attempts refer to the version they were taken on instead of
each carrying a full copy of the quiz (thousands of attempts share a handful of versions).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "quiz_versions",
        sa.Column("content_version", sa.String(64), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("snapshot", JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("content_version", name="pk_quiz_versions"),
    )
    # Each version once, from the first attempt taken on it.
    op.execute(
        "INSERT INTO quiz_versions (content_version, quiz_id, snapshot, created_at)"
        " SELECT a.content_version, a.quiz_id, a.quiz_snapshot, a.started_at"
        " FROM quiz_attempts a WHERE a.id = (SELECT MIN(b.id) FROM quiz_attempts b"
        " WHERE b.content_version = a.content_version)"
    )
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.drop_column("quiz_snapshot")
        batch.create_foreign_key(
            "fk_quiz_attempts_content_version_quiz_versions",
            "quiz_versions",
            ["content_version"],
            ["content_version"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.drop_constraint("fk_quiz_attempts_content_version_quiz_versions", type_="foreignkey")
        batch.add_column(sa.Column("quiz_snapshot", JSON, nullable=True))
    op.get_bind().execute(
        sa.text(
            "UPDATE quiz_attempts SET quiz_snapshot = (SELECT snapshot FROM quiz_versions"
            " WHERE quiz_versions.content_version = quiz_attempts.content_version)"
        )
    )
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.alter_column("quiz_snapshot", existing_type=JSON, nullable=False)
    op.drop_table("quiz_versions")
