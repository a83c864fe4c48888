"""A centre's writers take turns: the lock every write of its events holds until its
transaction ends (a PostgreSQL advisory lock on the centre; SQLite's write lock)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.operations.health import HealthFilter
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.state import Roster
from redceci.platform.access import Permission, Principal, Scope
from redceci.store.operations.roster import (
    centre_for,
    children_and_filter_parts,
    reaches,
    read_children_and_filter,
)
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
    t = Centre.__table__.c
    return sa.select(t.state_code, sa.func.pg_advisory_xact_lock(OPERATIONS_LOCK, t.id)).where(
        t.id == sa.bindparam("centre", type_=sa.Integer)
    )


@cache
def _scope_lock_children_and_filter() -> Any:
    """``_scope_and_lock`` with ``children_and_filter``'s rows (built once): the centre's row
    (``what`` = 'centre', its state code in ``a``) is there only once its lock is held (the
    lock function returns void, never NULL); the children's rooms and the health filter do
    not depend on the lock (they are not events)."""
    t, none = Centre.__table__.c, sa.null()
    held = sa.func.pg_advisory_xact_lock(OPERATIONS_LOCK, t.id).is_not(None)
    centre = sa.select(
        sa.literal_column("'centre'").label("what"),
        t.id,
        none,
        t.state_code,
        none,
        none,
        none,
        none,
        none,
    ).where(t.id == sa.bindparam("centre", type_=sa.Integer), held)
    return sa.union_all(centre, *children_and_filter_parts()).order_by("what", "id")


def hold_centre(
    session: Session,
    actor: Principal,
    centre_id: int,
    permission: Permission,
    children: Sequence[int] | None = None,
    rules: OperationsRules = DEFAULT_RULES,
) -> tuple[dict[int, Roster], HealthFilter] | None:
    """``centre_for``'s scope check and ``lock`` in one round trip (PostgreSQL; a stranger
    holds the lock no longer than the statement that refuses them). With ``children`` (on
    PostgreSQL), the same statement reads ``children_and_filter``'s answer, returned; else
    None."""
    if session.get_bind().dialect.name != "postgresql":
        centre_for(session, actor, centre_id, permission)
        lock(session, centre_id)
        return None
    scope: Scope = actor.require(permission)
    if children is None:
        found = session.connection().execute(_scope_and_lock(), {"centre": centre_id}).first()
        if found is None or not reaches(scope, centre_id, found[0]):
            raise NotFoundError(f"no centre {centre_id}")
        return None
    rows = (
        session.connection()
        .execute(_scope_lock_children_and_filter(), {"centre": centre_id, "kids": list(children)})
        .all()
    )
    if not rows or rows[0][0] != "centre" or not reaches(scope, centre_id, rows[0][3]):
        raise NotFoundError(f"no centre {centre_id}")
    return read_children_and_filter(rows[1:], children, rules)
