"""The incident form: who, when, where, what happened and of what kind, body part, first aid,
witnesses and severity, stored as an incident event (the escalation rule and the guardian's
acknowledgement follow from it; an edit would be a new version)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError, NotFoundError
from redceci.operations.events import EventKind
from redceci.operations.incidents import Category
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.operations import events, family, live
from redceci.store.operations.inputs import EventIn, IncidentIn
from redceci.store.operations.pages import centre_children, centre_rooms
from redceci.web.operations.common import page, rules_of, tz_of
from redceci.web.pages import PathId, QueryId, form_of, require_user

router = APIRouter(include_in_schema=False)

SEVERITIES = ("minor", "moderate", "serious")


def _form_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    form: dict[str, Any],
    errors: list[str],
    status_code: int = 200,
) -> Response:
    db, tz = get_db(request), tz_of(request)
    incidents = []
    if principal.can(Permission.OPERATIONS_BOARD):
        board = live.board(db, principal, centre_id, tz=tz, rules=rules_of(request))
        incidents = board["incidents_today"]
    context = {
        "centre": centre_rooms(db, principal, centre_id)["centre"],
        "children": centre_children(db, principal, centre_id),
        "severities": [(s, s) for s in SEVERITIES],
        "categories": [c.value for c in Category],
        "incidents": incidents,
        "form": form,
        "errors": errors,
        "now_local": utcnow().astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
    }
    return page(request, principal, "incident.html", context, status_code=status_code)


@router.get("/operaciones/centros/{centre_id}/incidentes/nuevo")
def incident_form(
    request: Request,
    centre_id: PathId,
    nino: QueryId | None = None,
    incidente: QueryId | None = None,
) -> Response:
    """A new incident; with ``nino`` and ``incidente``, a correction of that incident (saved as
    its next version: the earlier ones stay, and the guardian acknowledges the new one)."""
    principal = require_user(request)
    principal.require(Permission.OPERATIONS_RECORD)
    form: dict[str, Any] = {}
    if nino is not None and incidente is not None:
        tz = tz_of(request)
        found = next(
            (i for i in family.incidents(get_db(request), principal, nino) if i["id"] == incidente),
            None,
        )
        if found is None:
            raise NotFoundError(f"no incident {incidente} of child {nino}")
        when = dt.datetime.fromisoformat(found["occurred_at"]).astimezone(tz)
        form = {
            "incident_id": str(incidente),
            "child_id": str(nino),
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "severity": found.get("severity", ""),
            "category": found.get("category", Category.OTHER.value),
            "allergen": found.get("allergen", ""),
            "location": found.get("where", ""),
            "description": found.get("what", ""),
            "body_part": found.get("body_part", ""),
            "first_aid": found.get("first_aid", ""),
            "witnesses": ", ".join(found.get("witnesses", [])),
            "version": found.get("version", 1),
        }
    return _form_page(request, principal, centre_id, form, [])


def _incident(form: dict[str, Any], tz: dt.tzinfo) -> tuple[int, IncidentIn]:
    try:
        child_id = int(str(form.get("child_id") or ""))
        when = dt.datetime.fromisoformat(str(form.get("occurred_at") or ""))
    except ValueError:
        raise InputError(
            "elija a la niña o el niño y la hora / choose the child and the time"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    witnesses = [w.strip() for w in str(form.get("witnesses") or "").split(",") if w.strip()]
    try:
        incident_id = int(str(form.get("incident_id") or "0")) or None
    except ValueError:
        raise InputError("not an incident id") from None
    incident = IncidentIn(
        incident_id=incident_id,
        severity=str(form.get("severity") or ""),
        category=str(form.get("category") or Category.OTHER),
        allergen=str(form.get("allergen") or "").strip() or None,
        what=str(form.get("description") or "").strip(),
        where=str(form.get("location") or "").strip(),
        occurred_at=when,
        body_part=str(form.get("body_part") or "").strip() or None,
        first_aid=str(form.get("first_aid") or "").strip() or None,
        witnesses=witnesses,
    )
    return child_id, incident


@router.post("/operaciones/centros/{centre_id}/incidentes")
async def record_incident(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    tz = tz_of(request)
    try:
        child_id, incident = _incident(form, tz)
        event = EventIn(
            idempotency_key=str(uuid.uuid4()),
            kind=EventKind.INCIDENT,
            device_time=dt.datetime.now(dt.UTC),
            child_id=child_id,
            incident=incident,
        )
        [result] = events.ingest(
            get_db(request), principal, centre_id, [event], tz=tz, rules=rules_of(request)
        )
        if result.status not in ("stored", "duplicate"):
            raise InputError(result.reason)
    except InputError as exc:
        return _form_page(request, principal, centre_id, form, [str(exc)], 422)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _form_page(request, principal, centre_id, form, [reasons], 422)
    return RedirectResponse(f"/operaciones/centros/{centre_id}", status_code=303)
