"""The director's list of who may pick up the centre's children: each family's authorised
persons with their identity document, and the reference of the photo the centre keeps of
each (recorded here; the staff's pick-up sheet shows it before a check-out)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.enrolment import PHOTO_REF_MAX
from redceci.platform.access import Principal
from redceci.store.operations import pickup
from redceci.store.operations.pages import centre_rooms
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import page
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)


def _path(centre_id: int) -> str:
    return f"/operaciones/centros/{centre_id}/personas-autorizadas"


def _people_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    *,
    errors: dict[int, str] | None = None,
    values: dict[int, str] | None = None,
    status_code: int = 200,
) -> Response:
    db = get_db(request)
    families = pickup.authorised_people(db, principal, centre_id)  # directors only
    t = translator(lang_of(request))
    context = {
        "centre": centre_rooms(db, principal, centre_id)["centre"],
        "families": families,
        "errors": errors or {},
        "values": values or {},
        "saved": request.query_params.get("hecho") == "foto",
        "photo_max": PHOTO_REF_MAX,
        "doc": lambda kind: t(f"id_doc_{kind}") if kind else t("ops_doc_unrecorded"),
    }
    return page(request, principal, "authorised.html", context, status_code=status_code)


@router.get("/operaciones/centros/{centre_id}/personas-autorizadas")
def people_page(request: Request, centre_id: PathId) -> Response:
    return _people_page(request, require_user(request), centre_id)


@router.post("/operaciones/centros/{centre_id}/personas-autorizadas/{person_id}/foto")
async def set_photo(request: Request, centre_id: PathId, person_id: PathId) -> Response:
    """Record (or clear, when empty) the photo reference of one authorised person; a bad value
    comes back beside its field (422) and nothing changes."""
    principal = require_user(request)
    form: dict[str, Any] = await form_of(request, principal)
    value = str(form.get("photo_ref") or "").strip()
    try:
        data = pickup.PhotoRefData(photo_ref=value)
    except ValidationError as exc:
        reason = "; ".join(str(e["msg"]) for e in exc.errors())
        return _people_page(
            request,
            principal,
            centre_id,
            errors={person_id: reason},
            values={person_id: value},
            status_code=422,
        )
    pickup.set_photo_ref(get_db(request), principal, centre_id, person_id, data)
    return RedirectResponse(_path(centre_id) + "?hecho=foto", status_code=303)
