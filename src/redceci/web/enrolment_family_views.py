"""Parents' enrolment pages: register the family, apply ranking centres on a map, and see
places, round outcome, waitlist ranks and offers (accept or decline), own family only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db, get_settings
from redceci.enrolment import curp_birth_date, validate_curp, validate_nss
from redceci.errors import InputError
from redceci.store import families, waitlist
from redceci.store.access import Permission, Principal
from redceci.store.enrolment_pages import application_choices, family_form
from redceci.store.errors import ConflictError, NotFoundError
from redceci.store.families import (
    ApplicationData,
    AuthorisedData,
    ChildData,
    FamilyData,
    GuardianData,
)
from redceci.web.enrolment_map import centre_map
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import MAX_ID, PathId, form_of, render, require_user

router = APIRouter(include_in_schema=False)

Ref = Annotated[str, PathParam(min_length=1, max_length=64)]
Translate = Callable[..., str]
#: Blank rows offered on the registration form beyond those already filled.
SPARE = {"g": 1, "c": 1, "a": 1}
ROWS_MAX = {"g": 4, "c": 8, "a": 10}
#: The store's reasons for refusing an application, and the message shown for each.
APPLY_REFUSALS: tuple[tuple[str, str], ...] = (
    (r"at most (?P<n>\d+) are allowed", "err_too_many"),
    (r"ranked twice", "err_twice"),
    (r"unknown centre (?P<id>\d+)", "err_unknown_centre"),
    (r"centre (?P<id>\d+) takes no applications", "err_no_rooms"),
    (r"child (?P<curp>\S+) is outside the age range .* on (?P<date>\S+)", "err_age"),
)


def _family_path(ref: str, suffix: str = "") -> str:
    return f"/familias/{quote(ref, safe='')}{suffix}"


@router.get("/familia")
def my_family(request: Request, ref: str | None = None) -> Response:
    """A parent goes to their family; an administrator opens one by its reference."""
    principal = require_user(request)
    scope = principal.require(Permission.ENROLMENT_APPLY)
    if ref and ref.strip() and len(ref) <= 64:
        return RedirectResponse(_family_path(ref.strip()), status_code=303)
    if not scope.national and scope.families:
        return RedirectResponse(_family_path(sorted(scope.families)[0]), status_code=303)
    return render(request, "enrolment_lookup.html", {}, principal=principal)


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
        return render(request, "enrolment_family.html", blank, principal=principal)
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
    }
    return render(
        request, "enrolment_family.html", context, principal=principal, status_code=status_code
    )


@router.get("/familias/{ref}")
def family_page(request: Request, ref: Ref) -> Response:
    return _status_page(request, require_user(request), ref)


# -- registration --------------------------------------------------------------------------------


def _rows(form: dict[str, Any], prefix: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """The filled rows ``{prefix}{i}_{field}`` of the form, in order (blank rows dropped)."""
    rows = []
    for i in range(ROWS_MAX[prefix]):
        row = {f: str(form.get(f"{prefix}{i}_{f}") or "").strip() for f in fields}
        if any(v for k, v in row.items() if k not in ("works", "disability")):
            rows.append(row)
    return rows


def family_from(form: dict[str, Any], t: Translate) -> tuple[FamilyData | None, list[str]]:
    """The family of the registration form, or the problems found, each naming its row."""
    errors: list[str] = []
    guardians, children, authorised = [], [], []
    for n, g in enumerate(_rows(form, "g", ("name", "nss", "works", "employer")), 1):
        if not g["name"]:
            errors.append(t("err_guardian_name", n=n))
        if g["nss"]:
            try:
                g["nss"] = validate_nss(g["nss"])
            except InputError:
                errors.append(t("err_nss", n=n, nss=g["nss"]))
        guardians.append(g)
    if guardians and not any(g["nss"] for g in guardians):
        errors.append(t("err_no_nss"))
    for n, c in enumerate(_rows(form, "c", ("name", "curp", "birth", "disability")), 1):
        if not c["name"]:
            errors.append(t("err_child_name", n=n))
        try:
            birth: dt.date | None = dt.date.fromisoformat(c["birth"])
        except ValueError:
            birth = None
            errors.append(t("err_birth", n=n))
        try:
            c["curp"] = validate_curp(c["curp"])
        except InputError:
            errors.append(t("err_curp", n=n, curp=c["curp"]))
        else:
            if birth is not None and curp_birth_date(c["curp"]) != birth:
                errors.append(t("err_curp_birth", n=n, date=curp_birth_date(c["curp"])))
        children.append(c)
    for n, a in enumerate(_rows(form, "a", ("name", "relationship", "identification")), 1):
        if not all(a.values()):
            errors.append(t("err_authorised", n=n))
        authorised.append(a)
    if not guardians:
        errors.append(t("err_no_guardian"))
    if not children:
        errors.append(t("err_no_child"))
    if errors:
        return None, errors
    try:
        data = FamilyData(
            guardians=[
                GuardianData(
                    name=g["name"],
                    nss=g["nss"] or None,
                    works=bool(g["works"]),
                    employer=g["employer"] or None,
                )
                for g in guardians
            ],
            children=[
                ChildData(
                    name=c["name"],
                    curp=c["curp"],
                    birth_date=dt.date.fromisoformat(c["birth"]),
                    disability=bool(c["disability"]),
                )
                for c in children
            ],
            authorised=[AuthorisedData(**a) for a in authorised],
        )
    except ValidationError as exc:
        return None, [
            t("err_field", field=".".join(map(str, e["loc"])), msg=e["msg"]) for e in exc.errors()
        ]
    return data, []


def _form_fields(data: FamilyData | None) -> dict[str, Any]:
    """The registration form's values for a stored family."""
    if data is None:
        return {"g0_works": "on"}
    fields: dict[str, Any] = {}
    for i, g in enumerate(data.guardians):
        fields |= {
            f"g{i}_name": g.name,
            f"g{i}_nss": g.nss or "",
            f"g{i}_employer": g.employer or "",
        }
        fields[f"g{i}_works"] = "on" if g.works else ""
    for i, c in enumerate(data.children):
        fields |= {
            f"c{i}_name": c.name,
            f"c{i}_curp": c.curp,
            f"c{i}_birth": c.birth_date.isoformat(),
        }
        fields[f"c{i}_disability"] = "on" if c.disability else ""
    for i, a in enumerate(data.authorised):
        fields |= {f"a{i}_name": a.name, f"a{i}_relationship": a.relationship}
        fields[f"a{i}_identification"] = a.identification
    return fields


def _register_page(
    request: Request,
    principal: Principal,
    ref: str,
    form: dict[str, Any],
    errors: list[str],
    status_code: int = 200,
) -> Response:
    counts = {}
    for prefix, spare in SPARE.items():
        filled = max(
            (i + 1 for i in range(ROWS_MAX[prefix]) if form.get(f"{prefix}{i}_name")), default=0
        )
        counts[prefix] = min(max(filled + spare, 2 if prefix == "g" else 1), ROWS_MAX[prefix])
    context = {"ref": ref, "form": form, "errors": errors, "rows": counts}
    return render(
        request, "enrolment_register.html", context, principal=principal, status_code=status_code
    )


@router.get("/familias/{ref}/registro")
def register_form(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    fields = _form_fields(family_form(get_db(request), principal, ref))
    return _register_page(request, principal, ref, fields, [])


@router.post("/familias/{ref}/registro")
async def register(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    t = translator(lang_of(request))
    family_form(get_db(request), principal, ref)  # 404 outside the scope, before anything else
    data, errors = family_from(form, t)
    if data is None:
        return _register_page(request, principal, ref, form, errors, 422)
    try:
        families.register_family(get_db(request), principal, ref, data)
    except InputError as exc:
        return _register_page(request, principal, ref, form, [t("err_not_saved", why=exc)], 422)
    except ConflictError as exc:
        return _register_page(request, principal, ref, form, [t("err_not_saved", why=exc)], 409)
    return RedirectResponse(_family_path(ref), status_code=303)


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
        "map": centre_map(get_settings(request).data, choices.centres, home=home, work=work),
        "form": form,
        "chosen": chosen,
        "errors": errors,
    }
    return render(
        request, "enrolment_apply.html", context, principal=principal, status_code=status_code
    )


@router.get("/familias/{ref}/solicitud")
def apply_form(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    query = dict(request.query_params)
    status = families.family_status(get_db(request), principal, ref)
    if status["applications"] and "ranked" not in query:  # the map's script sends "ranked"
        last = status["applications"][-1]
        query |= {f"choice_{i}": str(c) for i, c in enumerate(last["centres"], 1)}
        query |= {"start_date": last["start_date"], "together": "on" if last["together"] else ""}
    query.setdefault("together", "on")
    return _apply_page(request, principal, ref, query, [])


def application_from(form: dict[str, Any], max_choices: int, t: Translate) -> ApplicationData | str:
    """The application of the form, or why it cannot be sent."""
    try:
        start = dt.date.fromisoformat(str(form.get("start_date") or ""))
    except ValueError:
        return str(t("err_start"))
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
    data = application_from(form, application_choices(db, principal).max_choices, t)
    if isinstance(data, str):
        return _apply_page(request, principal, ref, form, [data], 422)
    try:
        families.apply(db, principal, ref, data)
    except InputError as exc:
        return _apply_page(request, principal, ref, form, [refusal(exc, t)], 422)
    return RedirectResponse(_family_path(ref), status_code=303)


# -- offers --------------------------------------------------------------------------------------


async def _answer(request: Request, offer_id: int, *, accept: bool) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    ref = str(form.get("ref") or "")
    try:
        waitlist.answer_offer(get_db(request), principal, offer_id, accept=accept)
    except ConflictError:
        t = translator(lang_of(request))
        return _status_page(request, principal, ref, error=t("err_offer_closed"), status_code=409)
    return RedirectResponse(_family_path(ref) if ref else "/familia", status_code=303)


@router.post("/ofertas/{offer_id}/aceptar")
async def accept_offer(request: Request, offer_id: PathId) -> Response:
    return await _answer(request, offer_id, accept=True)


@router.post("/ofertas/{offer_id}/rechazar")
async def decline_offer(request: Request, offer_id: PathId) -> Response:
    return await _answer(request, offer_id, accept=False)
