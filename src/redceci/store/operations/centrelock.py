"""A centre's writers take turns: the lock every write of its events holds until its
transaction ends (a PostgreSQL advisory lock on the centre; SQLite's write lock)."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.platform.access import Permission, Principal, Scope
from redceci.store.operations.roster import centre_for, reaches
from redceci.store.platform.models import Centre

#: The PostgreSQL advisory lock class of operations writes ("OPSE"); the centre is the key.
OPERATIONS_LOCK = 0x4F505345


def lock(session: Session, centre_id: int) -> None:
    """Hold the centre's write lock until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(:cls, :key)"),
            {"cls": OPERATIONS_LOCK, "key": centre_id},
        )
    else:
        session.execute(sa.text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0"))


@cache
def _scope_and_lock() -> Any:
    """``hold_centre``'s statement (built once), with the parameter ``centre``."""
    return sa.select(
        Centre.state_code, sa.func.pg_advisory_xact_lock(OPERATIONS_LOCK, Centre.id)
    ).where(Centre.id == sa.bindparam("centre", type_=sa.Integer))


def hold_centre(session: Session, actor: Principal, centre_id: int, permission: Permission) -> None:
    """``centre_for``'s scope check and ``lock`` in one round trip (PostgreSQL; a stranger
    holds the lock no longer than the statement that refuses them)."""
    if session.get_bind().dialect.name != "postgresql":
        centre_for(session, actor, centre_id, permission)
        lock(session, centre_id)
        return
    scope: Scope = actor.require(permission)
    found = session.execute(_scope_and_lock(), {"centre": centre_id}).first()
    if found is None or not reaches(scope, centre_id, found[0]):
        raise NotFoundError(f"no centre {centre_id}")
