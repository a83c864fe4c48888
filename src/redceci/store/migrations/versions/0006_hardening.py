"""Hardening: at most one open application per family (a partial unique index, after closing
duplicates), CURP claims awaiting identity checks, and ARCO requests.

Revision ID: 0006
Revises: 0002 (temporarily: the lead re-chains it after 0005 at merge)
Create Date: 2026-12-04 17:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status IN ('submitted', 'waitlisted')"


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    # Races could leave several open applications per family: keep the newest one open.
    op.execute(
        f"""
        UPDATE applications SET status = 'withdrawn'
        WHERE {OPEN} AND id NOT IN (
            SELECT max(id) FROM applications WHERE {OPEN} GROUP BY family_id
        )
        """
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "uq_applications_open_family",
            ["family_id"],
            unique=True,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
    op.create_table(
        "curp_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("curp", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("disability", sa.Boolean(), nullable=False),
        sa.Column("status", _enum("claim_status", "pending", "granted", "refused"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_curp_claims_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["users.id"],
            name=op.f("fk_curp_claims_resolved_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curp_claims")),
    )
    with op.batch_alter_table("curp_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_curp_claims_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_curp_claims_curp"), ["curp"], unique=False)
    op.create_table(
        "arco_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_ref", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            _enum("arco_kind", "access", "rectification", "cancellation", "opposition"),
            nullable=False,
        ),
        sa.Column("status", _enum("arco_status", "received", "done", "refused"), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=False),
        sa.Column("answer", sa.String(length=2000), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_arco_requests_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arco_requests")),
    )
    with op.batch_alter_table("arco_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_arco_requests_family_ref"), ["family_ref"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("arco_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arco_requests_family_ref"))
    op.drop_table("arco_requests")
    with op.batch_alter_table("curp_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curp_claims_curp"))
        batch_op.drop_index(batch_op.f("ix_curp_claims_family_id"))
    op.drop_table("curp_claims")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("uq_applications_open_family")
