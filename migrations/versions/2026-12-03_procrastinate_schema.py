"""procrastinate's tables (the queue engine on PostgreSQL)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:40:00

On PostgreSQL, background jobs run on procrastinate (`app/platform/taskqueue.py`). Its schema
is installed here from a frozen copy of the schema shipped with procrastinate 3.10.0
(`migrations/sql/`), the version pinned in pyproject.toml; a procrastinate upgrade that
changes the schema adds its migration scripts as a new revision. SQLite (the embedded loop)
needs nothing.
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = Path(__file__).resolve().parent.parent / "sql" / "procrastinate-3.10.0-schema.sql"
    # The driver connection runs the script as one simple query (no parameter parsing).
    bind.connection.driver_connection.execute(schema.read_text(encoding="utf-8"))  # type: ignore[union-attr]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.connection.driver_connection.execute(  # type: ignore[union-attr]
        """
        DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT tablename FROM pg_tables
                   WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\\_%'
          LOOP EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename); END LOOP;
          FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
                   JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
          LOOP EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.sig); END LOOP;
          FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                   WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\\_%'
                     AND t.typtype IN ('e', 'c')
          LOOP EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname); END LOOP;
        END $$;
        """
    )
