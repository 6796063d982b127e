"""index for reading a vendor's latest assessment

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 06:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_assessments_vendor_latest",
        "assessments",
        ["vendor_id", "created_at", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_assessments_vendor_latest", table_name="assessments")
