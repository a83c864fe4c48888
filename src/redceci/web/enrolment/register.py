"""Parents register their family on a form: guardians (one with an NSS), children (CURP and
birth date) and authorised pick-up persons (with the kind and number of the identity document
they will show); each bad field is named in the page's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.enrolment import (
    IdDocument,
    person_birth_date,
    validate_insurance_id,
    validate_person_id,
)
from redceci.errors import ConflictError, InputError
from redceci.platform import validation
from redceci.platform.access import Principal
from redceci.store.enrolment import families
from redceci.store.enrolment.families import AuthorisedData, ChildData, FamilyData, GuardianData
from redceci.store.enrolment.pages import family_form
from redceci.store.platform import accounts
from redceci.web.enrolment.family import Ref, Translate, family_path
from redceci.web.pages import form_of, page_translator, render, require_user

router = APIRouter(include_in_schema=False)

#: Blank rows offered on the form beyond those filled, and rows at most (the store's limits).
SPARE = {"g": 1, "c": 1, "a": 1}
ROWS_MAX = {"g": 4, "c": 8, "a": 10}


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
    for n, g in enumerate(_rows(form, "g", ("name", "nss", "works", "employer", "phone")), 1):
        if not g["name"]:
            errors.append(t("err_guardian_name", n=n))
        if g["phone"] or n == 1:  # the first guardian's phone is asked for: centres call it
            try:
                g["phone"] = validation.phone(g["phone"])
            except ValueError:
                errors.append(t("err_guardian_phone", n=n, digits=validation.phone_digits()[0]))
        if g["nss"]:
            try:
                g["nss"] = validate_insurance_id(g["nss"])
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
            c["curp"] = validate_person_id(c["curp"])
        except InputError:
            errors.append(t("err_curp", n=n, curp=c["curp"]))
        else:
            encoded = person_birth_date(c["curp"])
            if birth is not None and encoded is not None and encoded != birth:
                errors.append(t("err_curp_birth", n=n, date=encoded))
        children.append(c)
    fields = ("name", "relationship", "document_type", "identification")
    for n, a in enumerate(_rows(form, "a", fields), 1):
        if not all(a.values()):
            errors.append(t("err_authorised", n=n))
        elif a["document_type"] not in set(IdDocument):
            errors.append(t("err_document_type", n=n))
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
                    phone=g["phone"] or None,
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
            authorised=[AuthorisedData.model_validate(a) for a in authorised],
        )
    except ValidationError as exc:
        return None, [
            t("err_field", field=".".join(map(str, e["loc"])), msg=e["msg"]) for e in exc.errors()
        ]
    return data, []


def _form_fields(data: FamilyData | None, *, name: str = "", phone: str = "") -> dict[str, Any]:
    """The registration form's values for a stored family; a new one starts with the account
    holder's own name and phone as its first guardian."""
    if data is None:
        return {"g0_works": "on", "g0_name": name, "g0_phone": phone}
    fields: dict[str, Any] = {}
    for i, g in enumerate(data.guardians):
        fields |= {
            f"g{i}_name": g.name,
            f"g{i}_nss": g.nss or "",
            f"g{i}_employer": g.employer or "",
            f"g{i}_phone": g.phone or "",
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
        fields[f"a{i}_document_type"] = str(a.document_type or "")
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
    context = {
        "ref": ref,
        "form": form,
        "errors": errors,
        "rows": counts,
        "documents": [str(d) for d in IdDocument],
    }
    return render(
        request, "enrolment/register.html", context, principal=principal, status_code=status_code
    )


@router.get("/familias/{ref}/registro")
def register_form(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    db = get_db(request)
    own = accounts.own_user(db, principal)
    fields = _form_fields(family_form(db, principal, ref), name=own.name, phone=own.phone or "")
    return _register_page(request, principal, ref, fields, [])


@router.post("/familias/{ref}/registro")
async def register(request: Request, ref: Ref) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    t = page_translator(request)
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
    return RedirectResponse(family_path(ref), status_code=303)
