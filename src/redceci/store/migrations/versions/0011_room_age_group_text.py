"""A room's age group is text, one of the country pack's room groups (issue 16).

The enumerated column (lactantes, maternales, preescolar: Mexico's) becomes a string column
without its CHECK constraint; the application checks the group against the deployment's
pack (``CountryPack.room_groups``). Stored values are kept. Downgrading restores the
enumeration and fails on a room of a group outside it (Guatemala's ``multiedad``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GROUPS = sa.Enum(
    "lactantes",
    "maternales",
    "preescolar",
    name="age_group",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    with op.batch_alter_table("centre_rooms", schema=None) as batch_op:
        batch_op.alter_column(
            "age_group", existing_type=_GROUPS, type_=sa.String(length=32), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("centre_rooms", schema=None) as batch_op:
        batch_op.alter_column(
            "age_group", existing_type=sa.String(length=32), type_=_GROUPS, existing_nullable=False
        )
