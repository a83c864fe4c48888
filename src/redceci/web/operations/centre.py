"""A centre's operations pages: the landing (the director's live board, or the rooms for
staff), the staff tablet page of a room, and starting a drill or a real evacuation."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db
from redceci.errors import InputError
from redceci.operations.daily import AMOUNTS, ENTRIES, MEALS, NAPPIES
from redceci.operations.events import EventKind
from redceci.operations.health import SIGNS
from redceci.platform.access import Permission
from redceci.store.base import utcnow
from redceci.store.operations import events, live
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.pages import (
    centre_rooms,
    centres_of,
    ratio_weights,
    synthetic_centres,
)
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import alert_text, api, page, room_reason, rules_of, tz_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)

#: Whoever holds one of these may open the operations landing page.
OPERATIONS_PAGES = (
    Permission.OPERATIONS_RECORD,
    Permission.OPERATIONS_BOARD,
    Permission.OPERATIONS_NETWORK,
)


@router.get("/operaciones")
def operations_home(request: Request) -> Response:
    """Staff and directors of one centre go to it; others choose among the centres they reach
    (coordinators and planners: the network's page lists them)."""
    principal = require_user(request)
    if not any(principal.can(p) for p in OPERATIONS_PAGES):
        principal.require(Permission.OPERATIONS_RECORD)  # 403, with the reason
    centres = centres_of(get_db(request), principal)
    if len(centres) == 1:
        return RedirectResponse(f"/operaciones/centros/{centres[0]['id']}", status_code=303)
    network = principal.can(Permission.OPERATIONS_NETWORK)
    return page(request, principal, "centres.html", {"centres": centres, "network": network})


@router.get("/operaciones/centros/{centre_id}")
def centre_page(request: Request, centre_id: PathId) -> Response:
    """The director's live board (polled every 2 s); staff without the board get the rooms."""
    principal = require_user(request)
    db, tz, rules = get_db(request), tz_of(request), rules_of(request)
    if not principal.can(Permission.OPERATIONS_BOARD):
        return page(request, principal, "rooms.html", centre_rooms(db, principal, centre_id))
    board = live.board(db, principal, centre_id, tz=tz, rules=rules)
    t = translator(lang_of(request))
    for room in board["rooms"]:
        room["reason_text"] = room_reason(room, t)
    for alert in board["alerts"]:
        alert["text"] = alert_text(alert, board, t)
    context = {
        "centre": {"id": centre_id, "name": board["centre"]},
        "board": board,
        "endpoints": api(centre_id),
        "now": utcnow(),
        "can_start": principal.can(Permission.OPERATIONS_RECORD),
        "can_manage": principal.can(Permission.OPERATIONS_MANAGE),
        "synthetic": bool(synthetic_centres(db, [centre_id])),
    }
    return page(request, principal, "board.html", context)


@router.get("/operaciones/centros/{centre_id}/salas/{room_id}")
def room_page(request: Request, centre_id: PathId, room_id: PathId) -> Response:
    """The staff tablet page of one room (kept by the service worker for offline use)."""
    principal = require_user(request)
    lang = lang_of(request)
    t = translator(lang)
    db, tz, rules = get_db(request), tz_of(request), rules_of(request)
    room = live.room_view(db, principal, centre_id, room_id, tz=tz, rules=rules)
    today = utcnow().astimezone(tz).date()
    weights = ratio_weights(db, principal, centre_id, room_id, rules.ratios, today)
    reasons = [
        (r["code"], r["label_en" if lang == "en" else "label_es"]) for r in room["exclusion_rules"]
    ]
    reasons.append(("other", t("ops_reason_other")))
    context = {
        "centre": centre_rooms(db, principal, centre_id)["centre"],
        "room": room,
        "weights": weights,
        "leads_per_room": rules.ratios.leads_per_room,
        "mixing": rules.ratios.mixing,
        "signs": [(s, t(f"ops_sign_{s}")) for s in SIGNS],
        "entries": list(ENTRIES),
        "meals": list(MEALS),
        "amounts": list(AMOUNTS),
        "nappies": list(NAPPIES),
        "reasons": reasons,
        "endpoints": {
            **api(centre_id),
            "live": f"/api/operations/centres/{centre_id}/rooms/{room_id}",
        },
    }
    return page(request, principal, "room.html", context)


@router.post("/operaciones/centros/{centre_id}/simulacros")
async def start_drill(request: Request, centre_id: PathId) -> Response:
    """Start a drill or a real evacuation: the roll-call lists who is present now."""
    principal = require_user(request)
    form = await form_of(request, principal)
    kind = str(form.get("kind") or "drill")
    if kind not in ("drill", "evacuation"):
        raise InputError(f"not a drill or an evacuation: {kind!r}")
    event = EventIn(
        idempotency_key=str(uuid.uuid4()),
        kind=EventKind.ROLL_CALL_START,
        device_time=dt.datetime.now(dt.UTC),
        drill=kind == "drill",
        hypothesis=str(form.get("hypothesis") or "")[:80] or None,
    )
    [result] = events.ingest(
        get_db(request), principal, centre_id, [event], tz=tz_of(request), rules=rules_of(request)
    )
    if result.status not in ("stored", "duplicate"):
        raise InputError(result.reason)
    return RedirectResponse(f"/operaciones/centros/{centre_id}/pase-de-lista", status_code=303)
