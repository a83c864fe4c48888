"""The centres registry: the list with filters, one centre with its rooms and dated pipeline,
moving a centre along its pipeline, and the CSV bulk import with row-level errors."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from redceci.api.deps import get_db
from redceci.errors import ImportRowsError, InputError, PermissionDeniedError, RowError
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import CENTRE_TRANSITIONS, CentreStatus
from redceci.store.platform import centres
from redceci.store.platform.centre_import import MAX_IMPORT_BYTES, import_centres_csv
from redceci.store.platform.centres import CentreChanges
from redceci.store.platform.reference import state_names
from redceci.store.platform.security import same_secret
from redceci.store.versions import kept
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import (
    CSRF_FIELD,
    PathId,
    country_of,
    form_of,
    fragment,
    one_language,
    render,
    require_user,
)

router = APIRouter(include_in_schema=False)

PAGE = 50
MAX_PAGE = 100_000
#: Centres drawn on the registry's map at most (all that match the filters, up to this).
MAX_ON_MAP = 10_000
#: Mark colours by stage: operating green, on the way blue or amber, proposed grey-blue,
#: closed grey (Okabe-Ito, readable by colour-blind readers).
STATUS_COLOURS = {
    CentreStatus.PROPOSED: "#56b4e9",
    CentreStatus.APPROVED: "#0072b2",
    CentreStatus.UNDER_CONSTRUCTION: "#e69f00",
    CentreStatus.OPERATING: "#009e73",
    CentreStatus.CLOSED: "#7f7f7f",
}


def _choice(value: str | None, allowed: type[CentreStatus]) -> Any:
    return allowed(value) if value and value in set(allowed) else None


def _filters(request: Request) -> tuple[str | None, Any, Any]:
    """The list's and the map's filters: state, stage and scheme (unknown values ignored)."""
    query = request.query_params
    state = query.get("state") or None
    if state is not None and not (len(state) == 2 and state.isdigit()):
        state = None
    scheme = query.get("scheme") or None
    if scheme not in country_of(request).words.schemes:  # the pack's schemes only
        scheme = None
    return state, _choice(query.get("status"), CentreStatus), scheme


def _list_page(
    request: Request,
    principal: Principal,
    *,
    imported: int | None = None,
    errors: list[RowError] | None = None,
    error_file: str | None = None,
    status_code: int = 200,
) -> Response:
    query = request.query_params
    state, status, scheme = _filters(request)
    text = query.get("page", "1")
    page = min(max(int(text) if text.isdigit() and len(text) < 7 else 1, 1), MAX_PAGE)
    items, total = centres.list_centre_records(  # records, not objects: a page lists many
        get_db(request),
        principal,
        state_code=state,
        status=status,
        scheme=scheme,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    context = {
        "items": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE)),
        "states": state_names(get_db(request)),
        "statuses": list(CentreStatus),
        "schemes": country_of(request).words.schemes,
        "chosen": {"state": state or "", "status": status or "", "scheme": scheme or ""},
        "writer": principal.can(Permission.CENTRES_WRITE),
        "imported": imported,
        "import_errors": errors or [],
        "import_file": error_file,
        "status_colours": STATUS_COLOURS,
    }
    scope = principal.require(Permission.CENTRES_READ)
    key = ("rows", lang_of(request), scope, state, status, scheme, page)
    rows = kept(
        get_db(request),
        ("centres", "states"),
        key,
        lambda: fragment(request, "platform/_centre_rows.html", context),
        size=len,
    )
    return render(
        request,
        "platform/centres.html",
        context | {"rows": rows},
        principal=principal,
        status_code=status_code,
    )


@router.get("/centros")
def centre_list(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.CENTRES_READ)
    return _list_page(request, principal)


@router.get("/centros/mapa.json")
def centre_map_data(request: Request) -> Response:
    """The registry's map: every centre the caller may see that matches the list's filters,
    coloured by stage, with its name, code, scheme, stage and places."""
    principal = require_user(request)
    principal.require(Permission.CENTRES_READ)
    state, status, scheme = _filters(request)
    records, total = centres.list_centre_records(
        get_db(request),
        principal,
        state_code=state,
        status=status,
        scheme=scheme,
        limit=MAX_ON_MAP,
    )
    t = translator(lang_of(request))
    points = [
        [
            round(float(r["lat"]), 5),
            round(float(r["lon"]), 5),
            10,
            f"{r['name']} ({r['code']})\n{t('scheme')}: {r['scheme']}\n"
            f"{t('status')}: {t('c_' + str(r['status']))}\n{t('places')}: {int(r['capacity'])}",
            STATUS_COLOURS.get(CentreStatus(r["status"]), "#0072b2"),
            f"/centros/{r['id']}",
        ]
        for r in records
    ]
    lats = [float(r["lat"]) for r in records]
    lons = [float(r["lon"]) for r in records]
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]] if records else None
    layer = {"id": "centres", "kind": "cluster", "on": True, "points": points, "total": total}
    body = json.dumps({"layers": [layer], "bounds": bounds}, ensure_ascii=False)
    return Response(body, media_type="application/json")


@router.post("/centros/importar")
async def centre_import(request: Request) -> Response:
    """A CSV of centres: all rows stored, or none and every bad row listed."""
    principal = require_user(request)
    async with request.form() as form:
        if not same_secret(str(form.get(CSRF_FIELD) or ""), principal.csrf_token):
            raise PermissionDeniedError("the form has expired or its CSRF token is wrong; reload")
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError("choose a CSV file to import")
        content = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        error = RowError(1, None, f"the file is over {MAX_IMPORT_BYTES // 1024 // 1024} MB")
        return _list_page(request, principal, errors=[error], status_code=413)
    try:
        created = await run_in_threadpool(
            partial(import_centres_csv, filename=upload.filename),
            get_db(request),
            principal,
            content,
        )
    except ImportRowsError as exc:
        return _list_page(
            request, principal, errors=exc.errors, error_file=exc.file, status_code=422
        )
    return _list_page(request, principal, imported=len(created))


@router.get("/centros/{centre_id}")
def centre_page(request: Request, centre_id: PathId) -> Response:
    return _centre_page(request, centre_id)


def _centre_page(
    request: Request, centre_id: int, *, contact_error: str = "", status_code: int = 200
) -> Response:
    principal = require_user(request)
    centre = centres.get_centre(get_db(request), principal, centre_id)
    writer = principal.scope(Permission.CENTRES_WRITE).covers_state(centre.state_code)
    context = {
        "c": centre,
        "state_name": state_names(get_db(request)).get(centre.state_code, centre.state_code),
        "writer": writer,
        "next_states": sorted(CENTRE_TRANSITIONS[centre.status]),
        "today": dt.datetime.now(dt.UTC).date().isoformat(),
        "contact_error": contact_error,
    }
    return render(
        request, "platform/centre.html", context, principal=principal, status_code=status_code
    )


@router.post("/centros/{centre_id}/contacto")
async def centre_contact(request: Request, centre_id: PathId) -> Response:
    """A centre's address, phone and opening hours, which families see in their confirmations."""
    principal = require_user(request)
    form = await form_of(request, principal)
    values = {k: str(form.get(k) or "").strip() or None for k in ("address", "phone", "hours")}
    try:
        changes = CentreChanges.model_validate(values)
    except ValidationError as exc:
        lang = lang_of(request)
        message = "; ".join(
            one_language(str(e["msg"]).removeprefix("Value error, "), lang) for e in exc.errors()
        )
        return _centre_page(request, centre_id, contact_error=message, status_code=422)
    centres.update_centre(get_db(request), principal, centre_id, changes)
    return RedirectResponse(f"/centros/{centre_id}", status_code=303)


@router.post("/centros/{centre_id}/etapa")
async def centre_transition(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        effective_on = dt.date.fromisoformat(str(form.get("effective_on") or ""))
        to_status = CentreStatus(str(form.get("to_status") or ""))
    except ValueError as exc:
        raise InputError(f"choose a stage and a date (YYYY-MM-DD): {exc}") from exc
    centres.transition_centre(
        get_db(request),
        principal,
        centre_id,
        to_status=to_status,
        effective_on=effective_on,
        note=str(form.get("note") or "").strip() or None,
    )
    return RedirectResponse(f"/centros/{centre_id}", status_code=303)
