"""The audit log for administrators: who changed what and when, newest first, by page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from redceci.api.deps import get_db
from redceci.store.platform import audit
from redceci.web.pages import render, require_user
from redceci.web.platform.messages import AUDIT_WORDS

router = APIRouter(include_in_schema=False)

PAGE = 50


@router.get("/auditoria")
def audit_log(
    request: Request,
    entity: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    principal = require_user(request)
    entries, total = audit.list_entries(
        get_db(request),
        principal,
        entity=entity or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    context = {
        "entries": entries,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE)),
        "entity": entity or "",
        "actions": AUDIT_WORDS,
    }
    return render(request, "platform/audit.html", context, principal=principal)
