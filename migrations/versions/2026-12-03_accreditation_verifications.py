"""accreditation verifications and IAF CertSearch answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accreditation_verifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certification_body", sa.String(length=300), nullable=False),
        sa.Column("accreditation_body", sa.String(length=40), nullable=False),
        sa.Column("standard", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("checked_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation_verifications")),
    )
    with op.batch_alter_table("accreditation_verifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accreditation_verifications_certification_body"),
            ["certification_body"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_accreditation_verifications_checked_on"), ["checked_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_accreditation_verifications_created_at"), ["created_at"], unique=False
        )
    op.create_table(
        "certsearch_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("query_key", sa.String(length=400), nullable=False),
        sa.Column("hit", sa.Boolean(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certsearch_answers")),
        sa.UniqueConstraint("query_key", name=op.f("uq_certsearch_answers_query_key")),
    )
    with op.batch_alter_table("certsearch_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certsearch_answers_fetched_at"), ["fetched_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("certsearch_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certsearch_answers_fetched_at"))
    op.drop_table("certsearch_answers")
    with op.batch_alter_table("accreditation_verifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accreditation_verifications_created_at"))
        batch_op.drop_index(batch_op.f("ix_accreditation_verifications_checked_on"))
        batch_op.drop_index(batch_op.f("ix_accreditation_verifications_certification_body"))
    op.drop_table("accreditation_verifications")
