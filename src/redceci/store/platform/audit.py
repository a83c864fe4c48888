"""The audit log: every change is recorded in the same transaction as the change itself."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.platform.access import Permission, Principal
from redceci.store.base import Base
from redceci.store.db import Database
from redceci.store.platform.models import AuditEntry

#: Columns never copied into the log.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "id_hash", "csrf_token"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def snapshot(row: Base, **extra: Any) -> dict[str, Any]:
    """The row's column values as JSON-safe data (secrets left out), plus ``extra``."""
    table = sa.inspect(row).mapper.local_table
    data = {
        col.key: _jsonable(getattr(row, col.key))
        for col in table.columns
        if col.key not in SECRET_COLUMNS
    }
    data.update({k: _jsonable(v) for k, v in extra.items()})
    return data


def record(
    session: Session,
    actor: Principal | None,
    action: str,
    entity: str,
    entity_id: object,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the log in the caller's transaction."""
    session.add(
        AuditEntry(
            actor_id=actor.user_id if actor else None,
            actor_email=actor.email if actor else None,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=before,
            after=after,
        )
    )


def list_entries(
    db: Database,
    actor: Principal,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    """Newest first; administrators only. Returns the page and the total count."""
    actor.require(Permission.AUDIT_READ)
    query = sa.select(AuditEntry)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    with db.reading() as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(
            query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
        ).all()
        return list(rows), total
