"""The audit log, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.errors import problems
from redceci.api.params import Limit, Offset
from redceci.api.platform.schemas import AuditPage
from redceci.api.routing import CapabilityRouter
from redceci.store.platform import audit

router = CapabilityRouter(prefix="/api", tags=["audit"])


@router.get(
    "/audit",
    response_model=AuditPage,
    summary="Who changed what and when (newest first)",
    responses=problems(401, 403),
)
def audit_log(
    principal: CurrentPrincipal,
    db: DatabaseDep,
    entity: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> object:
    items, total = audit.list_entries(
        db, principal, entity=entity, entity_id=entity_id, limit=limit, offset=offset
    )
    return {"total": total, "items": items}
