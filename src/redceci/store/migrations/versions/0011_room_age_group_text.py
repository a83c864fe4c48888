"""A room's age group and a centre's scheme are text, the country pack's (issue 16).

The enumerated columns (Mexico's: lactantes, maternales, preescolar; CECI IMSS, CECI Empresa)
become string columns without their CHECK constraints; the application checks each value
against the deployment's pack (``CountryPack.room_groups``, ``Words.schemes``). Stored values
are kept. Downgrading restores the enumerations and fails on a value outside them
(Guatemala's ``multiedad`` or ``CADI SOSEP``).

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


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


#: (table, column, the enumeration it had)
_COLUMNS = (
    ("centre_rooms", "age_group", _enum("age_group", "lactantes", "maternales", "preescolar")),
    ("centres", "scheme", _enum("scheme", "CECI IMSS", "CECI Empresa")),
)


def upgrade() -> None:
    for table, column, enum in _COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=enum, type_=sa.String(length=32), existing_nullable=False
            )


def downgrade() -> None:
    for table, column, enum in reversed(_COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.String(length=32), type_=enum, existing_nullable=False
            )
