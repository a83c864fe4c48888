"""Data versions: a counter per group of tables that every write to them bumps, by trigger, in
the writer's own transaction (issue 15). A server process keeps answers read from those tables
and checks the counter with one cheap query before serving one again: any write, by any
process or tool, is seen at once.

Groups: ``centres`` (centres, centre_rooms, centre_transitions), ``states`` and ``scenarios``. PostgreSQL
bumps once per statement (a 10,000-row import is one bump) and on TRUNCATE; SQLite, which has
only row triggers, once per row. The counters start from the clock in microseconds, which no
counter outgrows: made again (downgraded and upgraded), they meet no version a server process
still running kept an answer at.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:20:00
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Each versioned group and the tables whose writes bump it.
GROUPS = {
    "centres": ("centres", "centre_rooms", "centre_transitions"),
    "states": ("states",),
    "scenarios": ("scenarios",),
}


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.bulk_insert(
        sa.table("data_versions", sa.column("name"), sa.column("version")),
        [{"name": name, "version": time.time_ns() // 1000} for name in GROUPS],
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for group, tables in GROUPS.items():
        bump = f"UPDATE data_versions SET version = version + 1 WHERE name = '{group}'"
        if postgres:
            op.execute(
                f"CREATE FUNCTION bump_{group}_version() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {bump}; RETURN NULL; END $$"
            )
        for table in tables:
            if postgres:
                op.execute(
                    f"CREATE TRIGGER {table}_bumps_version AFTER INSERT OR UPDATE OR DELETE "
                    f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION bump_{group}_version()"
                )
                continue
            for action in ("insert", "update", "delete"):
                op.execute(
                    f"CREATE TRIGGER {table}_{action}_bumps_version AFTER {action.upper()} "
                    f"ON {table} BEGIN {bump}; END"
                )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for group, tables in GROUPS.items():
        for table in tables:
            if postgres:
                op.execute(f"DROP TRIGGER {table}_bumps_version ON {table}")
                continue
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_{action}_bumps_version")
        if postgres:
            op.execute(f"DROP FUNCTION bump_{group}_version()")
    op.drop_table("data_versions")
