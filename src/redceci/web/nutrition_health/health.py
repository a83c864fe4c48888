"""Health pages: a centre's children, allergy alerts and overdue vaccines; a child's health
record (growth chart against the WHO curves, vaccines, allergies and diets, development,
medication) with the medical staff's forms; every view of a record is an audited read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import ConflictError, InputError, PermissionDeniedError
from redceci.nutrition_health.foods import Allergen
from redceci.platform.access import Permission, Principal
from redceci.store.nutrition_health import (
    development,
    growth,
    kitchen,
    medication,
    restrictions,
    vaccines,
)
from redceci.store.nutrition_health.children import (
    centre_for,
    centres_in_scope,
    enrolled_children,
    family_children_of,
)
from redceci.web.i18n import lang_of
from redceci.web.nutrition_health.chart import growth_chart
from redceci.web.nutrition_health.messages import nh_translator
from redceci.web.pages import PathId, country_of, form_of, render, require_user

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    principal: Principal,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> Response:
    context = {"t": nh_translator(lang_of(request), country_of(request).messages), **context}
    return render(
        request,
        f"nutrition_health/{template}",
        context,
        principal=principal,
        status_code=status_code,
    )


def _day(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}") from None


@router.get("/salud")
def health_home(request: Request) -> Response:
    """Staff of one centre go to it; others choose among the centres they reach."""
    principal = require_user(request)
    with get_db(request).reading() as session:
        centres = [(c.id, c.name) for c in centres_in_scope(session, principal, Permission.KITCHEN)]
    if len(centres) == 1:
        return RedirectResponse(f"/salud/centros/{centres[0][0]}", status_code=303)
    return _page(request, principal, "centres.html", {"centres": centres})


@router.get("/salud/centros/{centre_id}")
def centre_health(
    request: Request, centre_id: PathId, fecha: str | None = Query(None, max_length=10)
) -> Response:
    """The centre's children (links to their records), today's allergy alerts and, for medical
    staff and the director, the overdue vaccines."""
    principal = require_user(request)
    db = get_db(request)
    on = _day(fecha)
    with db.reading() as session:
        centre = centre_for(session, principal, centre_id, Permission.KITCHEN)
        children = [
            {"id": c.id, "name": c.name, "birth_date": c.birth_date.isoformat()}
            for c in enrolled_children(session, centre.id)
        ]
        name = centre.name
    can_read = principal.can(Permission.HEALTH_READ)
    context = {
        "centre_id": centre_id,
        "centre": name,
        "on": on,
        "children": children,
        "alerts": kitchen.allergy_alerts(db, principal, centre_id, on),
        "overdue": (
            vaccines.overdue_list(db, principal, centre_id, country_of(request).vaccines, on)
            if can_read
            else None
        ),
        "can_read": can_read,
    }
    return _page(request, principal, "centre.html", context)


@router.get("/nutricion/centros/{centre_id}/cocina")
def kitchen_page(
    request: Request, centre_id: PathId, fecha: str | None = Query(None, max_length=10)
) -> Response:
    principal = require_user(request)
    db = get_db(request)
    on = _day(fecha)
    monday = on - dt.timedelta(days=on.weekday())
    context = {
        "sheet": kitchen.kitchen_sheet(db, principal, centre_id, on),
        "purchases": kitchen.week_purchases(db, principal, centre_id, monday),
        "on": on,
    }
    return _page(request, principal, "kitchen.html", context)


def _child_page(
    request: Request, principal: Principal, child_id: int, errors: list[str], status_code: int = 200
) -> Response:
    db = get_db(request)
    record = growth.child_growth(db, principal, child_id)
    context = {
        "child_id": child_id,
        "record": record,
        "weight_chart": growth_chart(record, "weight"),
        "length_chart": growth_chart(record, "length"),
        "vaccines": vaccines.child_vaccines(db, principal, child_id, country_of(request).vaccines),
        "restrictions": restrictions.child_restrictions(db, principal, child_id),
        "development": development.child_development(db, principal, child_id),
        "medication": medication.child_medication(db, principal, child_id),
        "writer": principal.can(Permission.HEALTH_WRITE),
        "allergens": [str(a) for a in Allergen],
        "today": dt.date.today(),
        "errors": errors,
    }
    return _page(request, principal, "child.html", context, status_code)


@router.get("/salud/ninos/{child_id}")
def child_page(request: Request, child_id: PathId) -> Response:
    return _child_page(request, require_user(request), child_id, [])


async def _post(request: Request, child_id: int, action: Any) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        action(get_db(request), principal, form)
    except (InputError, ConflictError) as exc:
        return _child_page(request, principal, child_id, [str(exc)], 422)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _child_page(request, principal, child_id, [reasons], 422)
    return RedirectResponse(f"/salud/ninos/{child_id}", status_code=303)


def _number(text: object) -> float | None:
    value = str(text or "").strip().replace(",", ".")
    return float(value) if value else None


@router.post("/salud/ninos/{child_id}/mediciones")
async def add_measurement(request: Request, child_id: PathId) -> Response:
    def act(db: Any, principal: Principal, form: dict[str, Any]) -> None:
        try:
            weight, length = _number(form.get("weight_kg")), _number(form.get("length_cm"))
        except ValueError:
            raise InputError(
                "peso y talla deben ser números / weight and length are numbers"
            ) from None
        growth.add_measurement(
            db,
            principal,
            child_id,
            growth.MeasurementData(
                measured_on=form.get("measured_on"),
                weight_kg=weight,
                length_cm=length,
                position=str(form.get("position") or ""),
            ),
        )

    return await _post(request, child_id, act)


@router.post("/salud/ninos/{child_id}/vacunas")
async def record_dose(request: Request, child_id: PathId) -> Response:
    def act(db: Any, principal: Principal, form: dict[str, Any]) -> None:
        vaccine, _, number = str(form.get("dose") or "").partition(":")
        vaccines.record_dose(
            db,
            principal,
            child_id,
            vaccines.DoseData(
                vaccine=vaccine, dose_number=number or 0, given_on=form.get("given_on")
            ),
            country_of(request).vaccines,
        )

    return await _post(request, child_id, act)


@router.post("/salud/ninos/{child_id}/alergias")
async def add_restriction(request: Request, child_id: PathId) -> Response:
    def act(db: Any, principal: Principal, form: dict[str, Any]) -> None:
        restrictions.add_restriction(
            db,
            principal,
            child_id,
            restrictions.RestrictionData(
                kind=form.get("kind") or "allergy",
                allergen=form.get("allergen") or None,
                ingredient=form.get("ingredient") or None,
                document=form.get("document") or "",
                notes=form.get("notes") or None,
            ),
        )

    return await _post(request, child_id, act)


@router.post("/salud/ninos/{child_id}/medicamentos")
async def authorise(request: Request, child_id: PathId) -> Response:
    def act(db: Any, principal: Principal, form: dict[str, Any]) -> None:
        times = [t.strip() for t in str(form.get("times") or "").split(",") if t.strip()]
        medication.authorise(
            db,
            principal,
            child_id,
            medication.AuthorisationData(
                medicine=form.get("medicine") or "",
                dose=form.get("dose") or "",
                times=times,
                starts_on=form.get("starts_on"),
                ends_on=form.get("ends_on"),
                guardian=form.get("guardian") or "",
                document=form.get("document") or "",
            ),
        )

    return await _post(request, child_id, act)


@router.post("/salud/ninos/{child_id}/medicamentos/{authorisation_id}/dosis")
async def give_dose(request: Request, child_id: PathId, authorisation_id: PathId) -> Response:
    def act(db: Any, principal: Principal, form: dict[str, Any]) -> None:
        medication.give(
            db,
            principal,
            authorisation_id,
            medication.DoseGiven(given_at=dt.datetime.now(dt.UTC), dose=form.get("dose") or ""),
        )

    return await _post(request, child_id, act)


@router.get("/salud/familia")
def family_children(request: Request) -> Response:
    """A guardian's children, each with a link to the health record."""
    principal = require_user(request)
    scope = principal.require(Permission.HEALTH_READ)
    if not scope.families:
        raise PermissionDeniedError("this page is for a child's guardians")
    with get_db(request).reading() as session:
        children = [(c.id, c.name) for c in family_children_of(session, scope.families)]
    return _page(request, principal, "family.html", {"children": children})
