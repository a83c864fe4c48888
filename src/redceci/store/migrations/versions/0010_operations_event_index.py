"""The operations events' index by centre and sequence (issue 10): a server process catches up
a centre's events stored after the last one it saw (``id > seq``) without scanning the day.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 02:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_ops_events_centre_seq", "ops_events", ["centre_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ops_events_centre_seq", table_name="ops_events")
