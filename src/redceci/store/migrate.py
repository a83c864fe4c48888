"""Schema migrations, applied programmatically (on startup and by ``redceci db upgrade``).

The Alembic scripts live inside the package (``redceci/store/migrations``), so an installed
redceci can migrate its own database with no ``alembic.ini``.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from redceci.store.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
#: Key of the PostgreSQL advisory lock that serialises concurrent upgrades (server + worker).
_LOCK_KEY = 0x7265646365636901


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> str | None:
    """Bring the database to ``revision`` (default: the newest); returns the revision reached."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
        command.upgrade(_config(connection), revision)
    return current_revision(db)


def downgrade(db: Database, revision: str) -> str | None:
    """Take the database back to ``revision`` (``base`` empties it)."""
    with db.engine.begin() as connection:
        command.downgrade(_config(connection), revision)
    return current_revision(db)
