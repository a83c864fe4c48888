"""Operations: the append-only event log of every centre's day (idempotency key unique per
centre), staff and shifts, one-time pick-up codes (hashed), exclusion rules, calendars and
closures, and the daily summaries behind the network indicators.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 06:43:16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ops_calendars",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_ops_calendars_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("centre_id", name=op.f("pk_ops_calendars")),
    )
    op.create_table(
        "ops_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_ops_closures_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_closures")),
        sa.UniqueConstraint("centre_id", "day", name="uq_ops_closures_day"),
    )
    op.create_table(
        "ops_day_summaries",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("enrolled", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("notified", sa.Integer(), nullable=False),
        sa.Column("room_minutes", sa.Double(), nullable=False),
        sa.Column("breach_minutes", sa.Double(), nullable=False),
        sa.Column("breaches", sa.Integer(), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.Column("drills", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_ops_day_summaries_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("centre_id", "day", name=op.f("pk_ops_day_summaries")),
    )
    op.create_table(
        "ops_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "check_in",
                "check_out",
                "refusal",
                "pickup_refused",
                "absence_notice",
                "staff_in",
                "staff_out",
                "staff_move",
                "roll_call_start",
                "roll_call_mark",
                "roll_call_end",
                "incident",
                "incident_ack",
                "daily_entry",
                "message",
                "correction",
                name="ops_event_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("device_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("server_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_ops_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_ops_events_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_events")),
        sa.UniqueConstraint("centre_id", "key", name="uq_ops_events_centre_key"),
    )
    op.create_index("ix_ops_events_centre_day", "ops_events", ["centre_id", "day"], unique=False)
    op.create_index(op.f("ix_ops_events_child_id"), "ops_events", ["child_id"], unique=False)
    op.create_table(
        "ops_exclusion_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_es", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("min_temperature_c", sa.Double(), nullable=True),
        sa.Column("sign", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_ops_exclusion_rules_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by"],
            ["users.id"],
            name=op.f("fk_ops_exclusion_rules_set_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_exclusion_rules")),
        sa.UniqueConstraint("centre_id", "code", name="uq_ops_exclusion_rules_code"),
    )
    op.create_table(
        "ops_pickup_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("identification", sa.String(length=80), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_ops_pickup_codes_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["users.id"],
            name=op.f("fk_ops_pickup_codes_issued_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_pickup_codes")),
    )
    op.create_index(
        op.f("ix_ops_pickup_codes_child_id"), "ops_pickup_codes", ["child_id"], unique=False
    )
    op.create_table(
        "ops_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("counts_in_ratio", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_ops_staff_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_ops_staff_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_staff")),
    )
    op.create_index(op.f("ix_ops_staff_centre_id"), "ops_staff", ["centre_id"], unique=False)
    op.create_table(
        "ops_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["enrolment_rooms.id"],
            name=op.f("fk_ops_shifts_room_id_enrolment_rooms"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["ops_staff.id"],
            name=op.f("fk_ops_shifts_staff_id_ops_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_shifts")),
        sa.UniqueConstraint("staff_id", "weekday", name="uq_ops_shifts_day"),
    )


def downgrade() -> None:
    op.drop_table("ops_shifts")
    op.drop_index(op.f("ix_ops_staff_centre_id"), table_name="ops_staff")
    op.drop_table("ops_staff")
    op.drop_index(op.f("ix_ops_pickup_codes_child_id"), table_name="ops_pickup_codes")
    op.drop_table("ops_pickup_codes")
    op.drop_table("ops_exclusion_rules")
    op.drop_index(op.f("ix_ops_events_child_id"), table_name="ops_events")
    op.drop_index("ix_ops_events_centre_day", table_name="ops_events")
    op.drop_table("ops_events")
    op.drop_table("ops_day_summaries")
    op.drop_table("ops_closures")
    op.drop_table("ops_calendars")
