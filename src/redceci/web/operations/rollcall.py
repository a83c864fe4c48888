"""The roll-call page of a drill or a real evacuation (kept by the service worker, marks go
through the offline queue) and its end. With no roll-call open, the page offers to start one:
online through the server's form, offline from the centre's last known presence (the page
carries it; ``rollcall.js`` brings it up to date with the rooms' kept states and the queue)."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db
from redceci.errors import InputError, NotFoundError
from redceci.operations.events import EventKind
from redceci.platform.access import Permission
from redceci.store.operations import events, live
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.pages import centre_rooms
from redceci.web.operations.common import api, page, rules_of, tz_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)


@router.get("/operaciones/centros/{centre_id}/pase-de-lista")
def roll_call_page(request: Request, centre_id: PathId) -> Response:
    """The open roll-call (else today's last): the unaccounted first, each tap marks safe."""
    principal = require_user(request)
    db = get_db(request)
    centre = centre_rooms(db, principal, centre_id)["centre"]
    try:
        roll_call = live.roll_call(
            db, principal, centre_id, tz=tz_of(request), rules=rules_of(request)
        )
    except NotFoundError:
        roll_call = None
    can_start = principal.can(Permission.OPERATIONS_RECORD)
    is_open = roll_call is not None and roll_call["ended_at"] is None
    presence = None
    if can_start and not is_open:
        # who is present now, room by room: the list a roll-call started offline begins from
        presence = live.presence(
            db, principal, centre_id, tz=tz_of(request), rules=rules_of(request)
        )
    context = {
        "centre": centre,
        "roll_call": roll_call,
        "open": is_open,
        "endpoints": api(centre_id),
        "can_end": can_start,
        "can_start": can_start,
        "presence": presence,
    }
    return page(request, principal, "rollcall.html", context)


@router.post("/operaciones/centros/{centre_id}/pase-de-lista/{roll_call_id}/fin")
async def end_roll_call(request: Request, centre_id: PathId, roll_call_id: PathId) -> Response:
    """End the roll-call (its times stay in the drill log)."""
    principal = require_user(request)
    await form_of(request, principal)
    event = EventIn(
        idempotency_key=str(uuid.uuid4()),
        kind=EventKind.ROLL_CALL_END,
        device_time=dt.datetime.now(dt.UTC),
        roll_call_id=roll_call_id,
    )
    [result] = events.ingest(
        get_db(request), principal, centre_id, [event], tz=tz_of(request), rules=rules_of(request)
    )
    if result.status not in ("stored", "duplicate"):
        raise InputError(result.reason)
    return RedirectResponse(f"/operaciones/centros/{centre_id}", status_code=303)
