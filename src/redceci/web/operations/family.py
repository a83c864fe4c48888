"""The parents' phone page: each child's day (arrival, departure, meals, naps, nappies,
activities, educators' notes), incidents to acknowledge, who may pick the child up, a one-time
pick-up code (shown once), an absence notice, and the messages with the centre."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError
from redceci.operations.events import EventKind
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.operations import events, family
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.pages import family_children
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import page, rules_of, tz_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)

#: What a notice shown after a form says (``?hecho=``), by key.
NOTICES = {
    "ausencia": "ops_absence_sent",
    "mensaje": "ops_message_sent",
    "enterado": "ops_acknowledged_done",
}


def _family_page(
    request: Request,
    principal: Principal,
    *,
    code: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    principal.require(Permission.OPERATIONS_FAMILY)
    db, tz = get_db(request), tz_of(request)
    today = utcnow().astimezone(tz).date()
    children, threads = [], []
    for child in family_children(db, principal):
        if child["centre_id"] is None:
            continue
        report = family.report(db, principal, child["id"], today, tz=tz, rules=rules_of(request))
        people = family.pickup_people(db, principal, child["id"])
        children.append(
            {
                **child,
                "report": report,
                "incidents": family.incidents(db, principal, child["id"]),
                "authorised": [
                    {"name": g["name"], "relationship": "tutor"} for g in people["guardians"]
                ]
                + [
                    {
                        "name": a["name"],
                        "relationship": a["relation"],
                        "document_type": a["document_type"],
                        "identification": a["identification"],
                        "photo": bool(a["photo_ref"]),
                    }
                    for a in people["authorised"]
                ],
            }
        )
        threads += [
            {**m, "child": child["name"]} for m in family.messages(db, principal, child["id"])
        ]
    t = translator(lang_of(request))
    done = NOTICES.get(request.query_params.get("hecho", ""))
    context = {
        "on": today,
        "tomorrow": today + dt.timedelta(days=1),
        "children": children,
        "messages": sorted(threads, key=lambda m: m["at"]),
        "code": code,
        "notice": t(done) if done else None,
        "errors": errors or [],
    }
    return page(request, principal, "family.html", context, status_code=status_code)


@router.get("/operaciones/familia")
def family_page(request: Request) -> Response:
    return _family_page(request, require_user(request))


def _child_id(form: dict[str, Any]) -> int:
    try:
        return int(str(form.get("child_id") or ""))
    except ValueError:
        raise InputError("elija a su hija o hijo / choose your child") from None


async def _guardian_event(request: Request, build: Any, done: str) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        child_id, fields = build(form)
        event = EventIn(
            idempotency_key=str(uuid.uuid4()),
            device_time=dt.datetime.now(dt.UTC),
            child_id=child_id,
            **fields,
        )
        result = events.guardian_event(
            get_db(request),
            principal,
            child_id,
            event,
            tz=tz_of(request),
            rules=rules_of(request),
        )
        if result.status not in ("stored", "duplicate"):
            raise InputError(result.reason)
    except InputError as exc:
        return _family_page(request, principal, errors=[str(exc)], status_code=422)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _family_page(request, principal, errors=[reasons], status_code=422)
    return RedirectResponse(f"/operaciones/familia?hecho={done}", status_code=303)


@router.post("/operaciones/familia/ausencias")
async def notify_absence(request: Request) -> Response:
    def build(form: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            day = dt.date.fromisoformat(str(form.get("day") or ""))
        except ValueError:
            raise InputError("no es una fecha / not a date (YYYY-MM-DD)") from None
        note = str(form.get("reason") or "").strip() or None
        fields = {"kind": EventKind.ABSENCE_NOTICE, "first_day": day, "until": day, "note": note}
        return _child_id(form), fields

    return await _guardian_event(request, build, "ausencia")


@router.post("/operaciones/familia/mensajes")
async def send_message(request: Request) -> Response:
    def build(form: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return _child_id(form), {"kind": EventKind.MESSAGE, "text": str(form.get("text") or "")}

    return await _guardian_event(request, build, "mensaje")


@router.post("/operaciones/familia/incidentes/{incident_id}/enterado")
async def acknowledge(request: Request, incident_id: PathId) -> Response:
    principal = require_user(request)
    db = get_db(request)
    owner = next(
        (
            c["id"]
            for c in family_children(db, principal)
            if c["centre_id"] is not None
            and any(i["id"] == incident_id for i in family.incidents(db, principal, c["id"]))
        ),
        None,
    )

    def build(form: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if owner is None:
            raise InputError(f"no incident {incident_id} of your children")
        return owner, {"kind": EventKind.INCIDENT_ACK, "incident_id": incident_id}

    return await _guardian_event(request, build, "enterado")


@router.post("/operaciones/familia/codigos")
async def issue_code(request: Request) -> Response:
    """A one-time pick-up code for one named person: shown once, on the answer page."""
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        name = str(form.get("person_name") or "").strip()
        if not name or len(name) > 200:
            raise InputError("escriba el nombre de quien recoge / name the person (1-200)")
        issued = family.issue_code(
            get_db(request), principal, _child_id(form), name, rules=rules_of(request)
        )
    except InputError as exc:
        return _family_page(request, principal, errors=[str(exc)], status_code=422)
    response = _family_page(request, principal, code=issued)
    response.headers["Cache-Control"] = "no-store"
    return response
