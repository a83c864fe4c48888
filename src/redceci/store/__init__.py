"""The platform's storage: SQLAlchemy tables, migrations, and the services that change them.

Every write runs in one transaction (``Database.transaction``) with its audit entry; every
read and write is checked against the caller's roles and scope (``access``).
"""

from redceci.store import enrolment_models as enrolment_models  # registers the tables
from redceci.store.access import GRANTS, Grant, Permission, Principal, Scope
from redceci.store.db import Database, default_database_url
from redceci.store.enums import (
    AgeGroup,
    CentreStatus,
    ProposalStatus,
    Role,
    ScenarioStatus,
    Scheme,
)
from redceci.store.errors import (
    AuthenticationError,
    ConflictError,
    ImportRowsError,
    NotFoundError,
    PermissionDeniedError,
    RowError,
)
from redceci.store.migrate import current_revision, head_revision, upgrade

__all__ = [
    "GRANTS",
    "AgeGroup",
    "AuthenticationError",
    "CentreStatus",
    "ConflictError",
    "Database",
    "Grant",
    "ImportRowsError",
    "NotFoundError",
    "Permission",
    "PermissionDeniedError",
    "Principal",
    "ProposalStatus",
    "Role",
    "RowError",
    "ScenarioStatus",
    "Scheme",
    "Scope",
    "current_revision",
    "default_database_url",
    "head_revision",
    "upgrade",
]
