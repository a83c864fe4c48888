"""The centre's side of the messages with families: each child's thread of the last two weeks,
and a reply (a message event from the centre, read by the guardians on their page)."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError
from redceci.operations.events import EventKind
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.operations import events
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.pages import centre_children, centre_messages, centre_rooms
from redceci.web.operations.common import page, rules_of, tz_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)

#: How far back the threads go (days).
THREAD_DAYS = 14


def _threads_page(
    request: Request, principal: Principal, centre_id: int, errors: list[str], status: int = 200
) -> Response:
    db = get_db(request)
    since = utcnow().astimezone(tz_of(request)).date() - dt.timedelta(days=THREAD_DAYS)
    context = {
        "centre": centre_rooms(db, principal, centre_id)["centre"],
        "threads": centre_messages(db, principal, centre_id, since),
        "children": centre_children(db, principal, centre_id),
        "can_write": principal.can(Permission.OPERATIONS_RECORD),
        "days": THREAD_DAYS,
        "errors": errors,
    }
    return page(request, principal, "threads.html", context, status_code=status)


@router.get("/operaciones/centros/{centre_id}/mensajes")
def threads(request: Request, centre_id: PathId) -> Response:
    return _threads_page(request, require_user(request), centre_id, [])


@router.post("/operaciones/centros/{centre_id}/mensajes")
async def reply(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        try:
            child_id = int(str(form.get("child_id") or ""))
        except ValueError:
            raise InputError("elija a la niña o el niño / choose the child") from None
        event = EventIn(
            idempotency_key=str(uuid.uuid4()),
            kind=EventKind.MESSAGE,
            device_time=dt.datetime.now(dt.UTC),
            child_id=child_id,
            text=str(form.get("text") or "").strip(),
        )
        [result] = events.ingest(
            get_db(request),
            principal,
            centre_id,
            [event],
            tz=tz_of(request),
            rules=rules_of(request),
        )
        if result.status not in ("stored", "duplicate"):
            raise InputError(result.reason)
    except InputError as exc:
        return _threads_page(request, principal, centre_id, [str(exc)], 422)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _threads_page(request, principal, centre_id, [reasons], 422)
    return RedirectResponse(f"/operaciones/centros/{centre_id}/mensajes", status_code=303)
