"""Parents' enrolment pages: apply ranking centres on a map, and see places, round outcome,
waitlist ranks and offers (accept or decline), own family only (registration: its module)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db, get_settings
from redceci.enrolment.documents import next_steps
from redceci.errors import ConflictError, InputError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.enrolment import confirmations, families, privacy, waitlist
from redceci.store.enrolment.families import ApplicationData
from redceci.store.enrolment.models import ArcoKind
from redceci.store.enrolment.pages import application_choices, family_form
from redceci.store.enrolment.rules import public_rules
from redceci.web.enrolment.map import centre_map
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import MAX_ID, PathId, country_of, form_of, render, require_user

router = APIRouter(include_in_schema=False)

Ref = Annotated[str, PathParam(min_length=1, max_length=64)]
Translate = Callable[..., str]
#: The store's reasons for refusing an application, and the message shown for each.
APPLY_REFUSALS: tuple[tuple[str, str], ...] = (
    (r"at most (?P<n>\d+) are allowed", "err_too_many"),
    (r"ranked twice", "err_twice"),
    (r"unknown centre (?P<id>\d+)", "err_unknown_centre"),
    (r"centre (?P<id>\d+) takes no applications", "err_no_rooms"),
    (r"child (?P<curp>\S+) is outside the age range .* on (?P<date>\S+)", "err_age"),
)


def family_path(ref: str, suffix: str = "") -> str:
    """A family's page (or one under it), its reference quoted."""
    return f"/familias/{quote(ref, safe='')}{suffix}"


@router.get("/familia")
def my_family(request: Request, ref: str | None = None) -> Response:
    """A parent goes to their family; an administrator opens one by its reference."""
    principal = require_user(request)
    scope = principal.require(Permission.ENROLMENT_APPLY)
    if ref and ref.strip() and len(ref) <= 64:
        return RedirectResponse(family_path(ref.strip()), status_code=303)
    if not scope.national and scope.families:
        return RedirectResponse(family_path(sorted(scope.families)[0]), status_code=303)
    return render(request, "enrolment/lookup.html", {}, principal=principal)


def _status_page(
    request: Request, principal: Principal, ref: str, *, error: str = "", status_code: int = 200
) -> Response:
    db = get_db(request)
    try:
        status = families.family_status(db, principal, ref)
    except NotFoundError:
        if family_form(db, principal, ref) is not None:  # 404 outside the scope
            raise
        blank = {"ref": ref, "status": None, "error": error}
        return render(request, "enrolment/family.html", blank, principal=principal)
    choices = application_choices(db, principal)
    names = {c.id: c.name for c in choices.centres}
    by_code = {c.code: c.name for c in choices.centres}
    kids = {c["child_id"]: c["name"] for c in status["children"]}
    context = {
        "ref": ref,
        "status": status,
        "centre_names": names,
        "names_by_code": by_code,
        "kids": kids,
        "pending": [o for o in status["offers"] if o["status"] == "pending"],
        "answered": [o for o in status["offers"] if o["status"] != "pending"],
        "error": error,
        "contacts": confirmations.family_centres(db, principal, ref),
    }
    return render(
        request, "enrolment/family.html", context, principal=principal, status_code=status_code
    )


@router.get("/familias/{ref}")
def family_page(request: Request, ref: Ref) -> Response:
    return _status_page(request, require_user(request), ref)


# -- applying ------------------------------------------------------------------------------------


def _point(form: dict[str, Any], key: str) -> tuple[float, float] | None:
    try:
        lat, lon = float(str(form.get(f"{key}_lat"))), float(str(form.get(f"{key}_lon")))
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _apply_page(
    request: Request,
    principal: Principal,
    ref: str,
    form: dict[str, Any],
    errors: list[str],
    status_code: int = 200,
) -> Response:
    db = get_db(request)
    status = families.family_status(db, principal, ref)
    choices = application_choices(db, principal)
    home, work = _point(form, "home"), _point(form, "work")
    chosen = [str(form.get(f"choice_{i}") or "") for i in range(1, choices.max_choices + 1)]
    context = {
        "ref": ref,
        "status": status,
        "max_choices": choices.max_choices,
        "map": centre_map(choices.centres, home=home, work=work),
        "form": form,
        "chosen": chosen,
        "errors": errors,
    }
    return render(
        request, "enrolment/apply.html", context, principal=principal, status_code=status_code
    )


@router.get("/familias/{ref}/solicitud")
def apply_form(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    query = dict(request.query_params)
    try:
        status = families.family_status(get_db(request), principal, ref)
    except NotFoundError:
        if family_form(get_db(request), principal, ref) is not None:  # 404 outside the scope
            raise
        return RedirectResponse(family_path(ref, "/registro"), status_code=303)
    if status["applications"] and "ranked" not in query:  # the map's script sends "ranked"
        last = status["applications"][-1]
        query |= {f"choice_{i}": str(c) for i, c in enumerate(last["centres"], 1)}
        query |= {"start_date": last["start_date"], "together": "on" if last["together"] else ""}
    query.setdefault("together", "on")
    return _apply_page(request, principal, ref, query, [])


def application_from(
    form: dict[str, Any], max_choices: int, t: Translate, *, today: dt.date
) -> ApplicationData | str:
    """The application of the form, or why it cannot be sent (a start date before ``today``,
    the platform's date, cannot be asked for)."""
    try:
        start = dt.date.fromisoformat(str(form.get("start_date") or ""))
    except ValueError:
        return str(t("err_start"))
    if start < today:
        return str(t("err_start_past", today=today.isoformat()))
    beyond = [k for k, v in form.items() if re.fullmatch(r"choice_\d+", k) and str(v).strip()]
    if any(int(k[7:]) > max_choices for k in beyond):
        return str(t("err_too_many", n=max_choices))
    ranked: list[int] = []
    for i in range(1, max_choices + 1):
        value = str(form.get(f"choice_{i}") or "").strip()
        if not value:
            continue
        if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
            return str(t("err_unknown_centre", id=value))
        if int(value) in ranked:
            return str(t("err_twice"))
        ranked.append(int(value))
    if not ranked:
        return str(t("err_no_choice"))
    return ApplicationData(
        start_date=start,
        centres=ranked,
        together=bool(form.get("together")),
        transfer=bool(form.get("transfer")),
    )


def refusal(exc: InputError, t: Translate) -> str:
    """The store's refusal of an application, in the page's language."""
    for pattern, key in APPLY_REFUSALS:
        found = re.search(pattern, str(exc))
        if found:
            return str(t(key, **found.groupdict()))
    return str(t("err_not_sent", why=exc))


@router.post("/familias/{ref}/solicitud")
async def apply(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    t = translator(lang_of(request))
    db = get_db(request)
    families.family_status(db, principal, ref)  # 404 outside the scope, before anything else
    today = dt.datetime.now(ZoneInfo(get_settings(request).timezone)).date()
    data = application_from(form, application_choices(db, principal).max_choices, t, today=today)
    if isinstance(data, str):
        return _apply_page(request, principal, ref, form, [data], 422)
    try:
        families.apply(db, principal, ref, data)
    except InputError as exc:
        return _apply_page(request, principal, ref, form, [refusal(exc, t)], 422)
    return RedirectResponse(family_path(ref, "/solicitud/enviada"), status_code=303)


@router.get("/familias/{ref}/solicitud/enviada")
def applied(request: Request, ref: Ref) -> Response:
    """The confirmation of the family's latest application: its folio, the centres ranked,
    what comes next and when, and the documents to gather."""
    principal = require_user(request)
    db = get_db(request)
    status = families.family_status(db, principal, ref)
    if not status["applications"]:
        return RedirectResponse(family_path(ref, "/solicitud"), status_code=303)
    names = {c.id: c.name for c in application_choices(db, principal).centres}
    context = {
        "ref": ref,
        "application": status["applications"][-1],
        "centre_names": names,
        "steps": next_steps("applied", offer_days=_offer_days(request)),
        "documents": country_of(request).admission_documents,
    }
    return render(request, "enrolment/applied.html", context, principal=principal)


# -- offers --------------------------------------------------------------------------------------


def _offer_days(request: Request) -> int:
    return public_rules(get_db(request)).offer_days


@router.get("/ofertas/{offer_id}/aceptar")
def accept_form(request: Request, offer_id: PathId) -> Response:
    """Accepting asks first: the place, its centre's contacts, and a warning when siblings
    would be at different centres."""
    principal = require_user(request)
    detail = confirmations.offer_detail(get_db(request), principal, offer_id)
    if detail.status != "pending":
        return RedirectResponse(f"/ofertas/{offer_id}", status_code=303)
    context = {"o": detail, "ref": detail.family_ref}
    return render(request, "enrolment/offer_confirm.html", context, principal=principal)


@router.get("/ofertas/{offer_id}")
def offer_page(request: Request, offer_id: PathId) -> Response:
    """The offer after its answer: a confirmation with folio, what comes next, the documents
    and the centre's address, phone and hours."""
    principal = require_user(request)
    detail = confirmations.offer_detail(get_db(request), principal, offer_id)
    event = {"accepted": "accepted", "declined": "declined"}.get(detail.status, "placed")
    context = {
        "o": detail,
        "ref": detail.family_ref,
        "steps": next_steps(event, offer_days=_offer_days(request)),
        "documents": (
            country_of(request).admission_documents
            if detail.status in {"accepted", "pending"}
            else None
        ),
    }
    return render(request, "enrolment/offer.html", context, principal=principal)


async def _answer(request: Request, offer_id: int, *, accept: bool) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    ref = str(form.get("ref") or "")
    try:
        waitlist.answer_offer(get_db(request), principal, offer_id, accept=accept)
    except ConflictError:
        t = translator(lang_of(request))
        return _status_page(request, principal, ref, error=t("err_offer_closed"), status_code=409)
    return RedirectResponse(f"/ofertas/{offer_id}", status_code=303)


@router.post("/ofertas/{offer_id}/aceptar")
async def accept_offer(request: Request, offer_id: PathId) -> Response:
    return await _answer(request, offer_id, accept=True)


@router.post("/ofertas/{offer_id}/rechazar")
async def decline_offer(request: Request, offer_id: PathId) -> Response:
    return await _answer(request, offer_id, accept=False)


# -- ARCO rights: my data ------------------------------------------------------------------------


@router.get("/familias/{ref}/datos")
def my_data(request: Request, ref: Ref, sent: bool = False) -> Response:
    """Everything held on the family, shown and downloadable, and the ARCO request form."""
    principal = require_user(request)
    data = privacy.export_family(get_db(request), principal, ref)
    context = {"ref": ref, "data": data, "sent": sent}
    return render(request, "enrolment/data.html", context, principal=principal)


@router.post("/familias/{ref}/derechos")
async def arco_request(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        kind = ArcoKind(str(form.get("kind") or ""))
    except ValueError as exc:
        raise InputError("choose rectification, cancellation or opposition") from exc
    if kind is ArcoKind.ACCESS:
        raise InputError("access is the download on this page")
    privacy.request_arco(get_db(request), principal, ref, kind, str(form.get("detail") or ""))
    return RedirectResponse(family_path(ref, "/datos?sent=1"), status_code=303)
