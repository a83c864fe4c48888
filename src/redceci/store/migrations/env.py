"""Alembic environment: runs on the connection ``redceci.store.migrate`` hands over.

Also works from the ``alembic`` command line with ``-x url=...`` or ``REDCECI_DATABASE_URL``.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import context

from redceci.store.tables import Base


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "REDCECI_DATABASE_URL", ""
    )
    if not url:
        raise SystemExit("give the database with -x url=... or REDCECI_DATABASE_URL")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
