"""The platform's storage: SQLAlchemy tables, migrations, and the services that change them.

One sub-package per capability (``platform``, ``planning``, ``enrolment``) holds its tables and
its services; this level holds what they share: the database handle (``db``), the declarative
base (``base``), the whole schema (``tables``) and the migrations. Every write runs in one
transaction (``Database.transaction``) with its audit entry; every read and write is checked
against the caller's roles and scope (``redceci.platform.access``).
"""

from redceci.store.db import Database, default_database_url
from redceci.store.migrate import current_revision, head_revision, upgrade

__all__ = [
    "Database",
    "current_revision",
    "default_database_url",
    "head_revision",
    "upgrade",
]
