"""Guardians' mailed notices (issue 10): each (event, guardian account) sent, unique so a
re-run or a second server process never sends one twice, and the notifier's cursor.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ops_notices_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["ops_events.id"],
            name=op.f("fk_ops_notices_sent_event_id_ops_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_ops_notices_sent_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_notices_sent")),
        sa.UniqueConstraint("event_id", "user_id", name="uq_ops_notices_sent_event_user"),
    )
    op.create_table(
        "ops_notice_cursor",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_ops_notice_cursor")),
    )


def downgrade() -> None:
    op.drop_table("ops_notice_cursor")
    op.drop_table("ops_notices_sent")
