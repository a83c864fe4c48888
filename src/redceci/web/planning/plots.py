"""The plot registry's pages: register a plot (map click or coordinates), read its automatic
site report and land check, review it along its life (planners), and see the land gaps (planned
sites without land, offered plots in care deserts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db, get_settings
from redceci.api.planning.gaps import land_gaps
from redceci.api.planning.jobs import get_runner
from redceci.errors import InputError
from redceci.planning.land import PLOT_TRANSITIONS, OwnerKind, PlotStatus
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.planning import plots
from redceci.store.planning.models import Plot
from redceci.store.planning.plots import PlotData, PlotDocument
from redceci.store.platform.models import Organisation
from redceci.store.platform.reference import state_names
from redceci.web.maps import state_bounds
from redceci.web.pages import MAX_ID, PathId, QueryId, form_of, render, require_user
from redceci.web.planning.proposals import ANALYSIS_ROWS

router = APIRouter(include_in_schema=False)

#: The land check's figures, in order: key -> (i18n key of its label, format).
LAND_ROWS: tuple[tuple[str, str, str], ...] = (
    ("area_m2", "plot_area", "int"),
    ("best_size", "best_size", "int"),
    ("places_filled", "places_filled", "int"),
    ("min_area_m2", "min_area", "int"),
    ("area_enough", "area_enough", "yesno"),
    ("largest_size_fitting", "largest_fitting", "int"),
    ("in_desert", "in_desert", "yesno"),
)


def _organisations(db: Database, principal: Principal) -> dict[int, str]:
    """Organisations the user may register plots for (all for national roles)."""
    scope = principal.scope(Permission.PLOTS_REGISTER)
    if scope.empty:
        return {}
    query = sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)
    if not scope.national:
        query = query.where(Organisation.id.in_(scope.organisations))
    with db.reading() as session:
        return dict(session.execute(query).all())


def _float(value: Any, what: str) -> float:
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError as exc:
        raise InputError(f"{what}: not a number: {value!r}") from exc


def documents_from(text: str) -> list[PlotDocument]:
    """One document a line: ``name | reference`` (the reference may be left out)."""
    out = []
    for line in text.splitlines():
        if line.strip():
            name, _, reference = line.partition("|")
            out.append(PlotDocument(name=name.strip(), reference=reference.strip()))
    return out


def plot_from(form: dict[str, Any]) -> PlotData:
    organisation = str(form.get("organisation_id") or "").strip()
    organisation_id = int(_float(organisation, "organisation")) if organisation else None
    if organisation_id is not None and not 1 <= organisation_id <= MAX_ID:
        raise InputError(f"unknown organisation {organisation_id}")
    offered = str(form.get("offered_on") or "").strip()
    try:
        offered_on = dt.date.fromisoformat(offered) if offered else None
    except ValueError as exc:
        raise InputError(f"offered on: not a date YYYY-MM-DD: {offered!r}") from exc
    return PlotData(
        name=str(form.get("name") or ""),
        state_code=str(form.get("state_code") or ""),
        municipality=str(form.get("municipality") or ""),
        lat=_float(form.get("lat"), "lat"),
        lon=_float(form.get("lon"), "lon"),
        area_m2=_float(form.get("area_m2"), "area"),
        owner_kind=OwnerKind(str(form.get("owner_kind") or "other"))
        if str(form.get("owner_kind") or "other") in set(OwnerKind)
        else OwnerKind.OTHER,
        owner_name=str(form.get("owner_name") or ""),
        organisation_id=organisation_id,
        documents=documents_from(str(form.get("documents") or "")),
        notes=str(form.get("notes") or ""),
        offered_on=offered_on,
    )


def _list_page(
    request: Request, principal: Principal, form: dict[str, Any], errors: list[str]
) -> Response:
    db = get_db(request)
    status = str(request.query_params.get("status") or "")
    scope = principal.scope(Permission.PLOTS_REGISTER)  # a coordinator's picker opens on the state
    context = {
        "items": plots.list_plots(
            db, principal, status=PlotStatus(status) if status in set(PlotStatus) else None
        ),
        "can_register": principal.can(Permission.PLOTS_REGISTER),
        "organisations": _organisations(db, principal),
        "states": state_names(db),
        "owner_kinds": list(OwnerKind),
        "statuses": list(PlotStatus),
        "status": status,
        "form": form,
        "errors": errors,
        "bounds": "" if scope.national else state_bounds(get_settings(request).data, scope.states),
    }
    return render(
        request,
        "planning/plots.html",
        context,
        principal=principal,
        status_code=422 if errors else 200,
    )


@router.get("/predios")
def plot_list(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.PLOTS_READ)
    return _list_page(request, principal, {"owner_kind": "municipality"}, [])


@router.post("/predios")
async def plot_create(request: Request) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        plot = plots.register_plot(get_db(request), principal, plot_from(form))
    except ValidationError as exc:
        errors = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        return _list_page(request, principal, form, errors)
    except InputError as exc:
        return _list_page(request, principal, form, [str(exc)])
    get_runner(request).submit_plot_analysis(plot.id)
    return RedirectResponse(f"/predios/{plot.id}", status_code=303)


@router.get("/predios/faltantes")
def plot_gaps(request: Request, scenario: QueryId | None = None) -> Response:
    """Planned sites of a scenario still without land, and offered plots in care deserts."""
    principal = require_user(request)
    gaps = land_gaps(get_db(request), get_settings(request), principal, scenario)
    return render(request, "planning/land_gaps.html", {"gaps": gaps}, principal=principal)


@router.get("/predios/{plot_id}")
def plot_page(request: Request, plot_id: PathId) -> Response:
    principal = require_user(request)
    plot = plots.get_plot(get_db(request), principal, plot_id)
    return _detail_page(request, principal, plot, [])


def _detail_page(request: Request, principal: Principal, plot: Plot, errors: list[str]) -> Response:
    db = get_db(request)
    with db.reading() as session:
        organisation = (
            session.get(Organisation, plot.organisation_id) if plot.organisation_id else None
        )
    context = {
        "p": plot,
        "organisation": organisation.name if organisation else "",
        "rows": ANALYSIS_ROWS,
        "land_rows": LAND_ROWS,
        "reviewer": principal.can(Permission.PLOTS_REVIEW),
        "next_states": sorted(PLOT_TRANSITIONS[plot.status]),
        "errors": errors,
        "today": dt.datetime.now(dt.UTC).date().isoformat(),
    }
    return render(
        request,
        "planning/plot.html",
        context,
        principal=principal,
        status_code=422 if errors else 200,
    )


@router.post("/predios/{plot_id}/revision")
async def plot_review(request: Request, plot_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    db = get_db(request)
    target = str(form.get("to_status") or "")
    day = str(form.get("effective_on") or "").strip()
    try:
        effective_on = dt.date.fromisoformat(day) if day else None
        plots.change_status(
            db,
            principal,
            plot_id,
            to_status=PlotStatus(target) if target in set(PlotStatus) else None,
            comment=str(form.get("comment") or ""),
            effective_on=effective_on,
        )
    except (ValueError, InputError) as exc:
        return _detail_page(request, principal, plots.get_plot(db, principal, plot_id), [str(exc)])
    return RedirectResponse(f"/predios/{plot_id}", status_code=303)
