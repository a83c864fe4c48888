"""Planning: the plot registry (plots offered for centres and their dated status history).

Revision ID: 0005
Revises: 0002 (temporarily: the chain becomes 0003 operations -> 0004 nutrition_health -> 0005
at merge)
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLOT_STATUSES = (
    "offered",
    "validated",
    "donated",
    "under_construction",
    "operating",
    "rejected",
)


def _status(name: str) -> sa.Enum:
    return sa.Enum(*PLOT_STATUSES, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "plots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("municipality", sa.String(length=200), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("area_m2", sa.Double(), nullable=False),
        sa.Column(
            "owner_kind",
            sa.Enum(
                "municipality",
                "state",
                "company",
                "other",
                name="plot_owner_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("status", _status("plot_status"), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("site_report", sa.JSON(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name=op.f("ck_plots_coords")
        ),
        sa.CheckConstraint("area_m2 > 0", name=op.f("ck_plots_area")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_plots_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"],
            ["users.id"],
            name=op.f("fk_plots_registered_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["state_code"], ["states.code"], name=op.f("fk_plots_state_code_states")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plots")),
    )
    with op.batch_alter_table("plots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plots_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plots_state_code"), ["state_code"], unique=False)
    op.create_table(
        "plot_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plot_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("from_status", _status("plot_event_from_status"), nullable=True),
        sa.Column("to_status", _status("plot_event_to_status"), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_plot_events_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plot_id"],
            ["plots.id"],
            name=op.f("fk_plot_events_plot_id_plots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plot_events")),
    )
    with op.batch_alter_table("plot_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plot_events_plot_id"), ["plot_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plot_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plot_events_plot_id"))
    op.drop_table("plot_events")
    with op.batch_alter_table("plots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plots_state_code"))
        batch_op.drop_index(batch_op.f("ix_plots_organisation_id"))
    op.drop_table("plots")
