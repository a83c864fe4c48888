"""Partner proposals: propose a site (map click or coordinates), read its automatic needs
analysis, and, for IMSS reviewers, comment, request changes, approve or reject."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db, get_settings
from redceci.api.planning.jobs import get_runner
from redceci.errors import InputError
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import PROPOSAL_TRANSITIONS, ProposalStatus
from redceci.store.db import Database
from redceci.store.planning import proposals
from redceci.store.planning.models import PartnerProposal
from redceci.store.planning.proposals import SHIFTS, ProposalData
from redceci.store.platform.models import Organisation
from redceci.store.platform.reference import state_names
from redceci.web.i18n import lang_of
from redceci.web.pages import (
    MAX_ID,
    PathId,
    country_of,
    form_of,
    one_language,
    render,
    require_user,
)
from redceci.web.planning.plan_fit import plan_fit
from redceci.web.planning.verdicts import verdict_in

router = APIRouter(include_in_schema=False)

#: The analysis figures shown, in order: key -> (Spanish, English, format filter).
ANALYSIS_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("catchment_minutes", "Área de influencia (min)", "Catchment (min)", "int"),
    ("population", "Población en el área", "Population in the catchment", "int"),
    ("eligible_under_3", "Elegibles de 43 días a 3 años", "Eligible, 43 days to 3 years", "int"),
    ("eligible_3_plus", "Elegibles de 3 años o más", "Eligible, 3 years and over", "int"),
    ("eligible", "Elegibles en total", "Eligible in total", "int"),
    ("existing_places", "Lugares existentes", "Existing places", "int"),
    ("providers", "Guarderías existentes", "Existing providers", "int"),
    ("unmet", "Demanda sin lugar", "Unmet demand", "int"),
    (
        "employees_children",
        "Hijas e hijos de su personal en edad de CECI",
        "Employees' children of CECI age",
        "int",
    ),
    (
        "employees_demand",
        "De ellos, demanda que se suma (usarían un lugar y viven fuera del área)",
        "Of them, demand added (would use a place, live outside the catchment)",
        "int",
    ),
    ("demand", "Demanda para el tamaño", "Demand the size is for", "int"),
    ("recommended_size", "Tamaño recomendado (lugares)", "Recommended size (places)", "int"),
    ("expected_occupancy", "Ocupación esperada", "Expected occupancy", "pct"),
    ("mothers_enabled_low", "Mujeres que podrían trabajar (bajo)", "Women enabled (low)", "int"),
    (
        "mothers_enabled_central",
        "Mujeres que podrían trabajar (central)",
        "Women enabled (central)",
        "int",
    ),
    ("mothers_enabled_high", "Mujeres que podrían trabajar (alto)", "Women enabled (high)", "int"),
    ("desert_share", "Parte de la demanda en desiertos", "Share of demand in deserts", "pct"),
    ("verdict", "Dictamen", "Verdict", "text"),
)


def own_organisations(db: Database, principal: Principal) -> dict[int, str]:
    """The organisations the user may propose for (all of them for an administrator)."""
    scope = principal.scope(Permission.PROPOSALS_SUBMIT)
    if scope.empty:
        return {}
    query = sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)
    if not scope.national:
        query = query.where(Organisation.id.in_(scope.organisations))
    with db.reading() as session:
        return dict(session.execute(query).all())


def _float(value: Any) -> float:
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError as exc:
        raise InputError(f"no es un número / not a number: {value!r}") from exc


def proposal_from(form: dict[str, Any]) -> ProposalData:
    shifts = form.get("shifts") or []
    organisation_id = int(_float(form.get("organisation_id")))
    if not 1 <= organisation_id <= MAX_ID:
        raise InputError(f"unknown organisation {organisation_id}")
    return ProposalData(
        organisation_id=organisation_id,
        site_name=str(form.get("site_name") or ""),
        state_code=str(form.get("state_code") or ""),
        lat=_float(form.get("lat")),
        lon=_float(form.get("lon")),
        plot_m2=_float(form.get("plot_m2")),
        employees=int(_float(form.get("employees"))),
        shifts=[shifts] if isinstance(shifts, str) else list(shifts),
    )


def _list_page(
    request: Request, principal: Principal, form: dict[str, Any], errors: list[str]
) -> Response:
    db = get_db(request)
    context = {
        "items": proposals.list_proposals(db, principal),
        "organisations": own_organisations(db, principal),
        "states": state_names(db),
        "shifts": SHIFTS,
        "form": form,
        "errors": errors,
    }
    return render(
        request,
        "planning/proposals.html",
        context,
        principal=principal,
        status_code=422 if errors else 200,
    )


@router.get("/propuestas")
def proposal_list(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.PROPOSALS_READ)
    return _list_page(request, principal, {"shifts": ["matutino"]}, [])


@router.post("/propuestas")
async def proposal_create(request: Request) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        proposal = proposals.submit_proposal(get_db(request), principal, proposal_from(form))
    except ValidationError as exc:
        errors = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        return _list_page(request, principal, form, errors)
    except InputError as exc:
        return _list_page(request, principal, form, [str(exc)])
    get_runner(request).submit_analysis(proposal.id)
    return RedirectResponse(f"/propuestas/{proposal.id}", status_code=303)


@router.get("/propuestas/{proposal_id}")
def proposal_page(request: Request, proposal_id: PathId) -> Response:
    principal = require_user(request)
    db = get_db(request)
    proposal = proposals.get_proposal(db, principal, proposal_id)
    reviewer = principal.can(Permission.PROPOSALS_REVIEW)
    can_revise = proposal.status == ProposalStatus.CHANGES_REQUESTED and principal.scope(
        Permission.PROPOSALS_SUBMIT
    ).covers_organisation(proposal.organisation_id)
    return _detail_page(request, principal, proposal, reviewer, can_revise, {}, [])


def _detail_page(
    request: Request,
    principal: Principal,
    proposal: PartnerProposal,
    reviewer: bool,
    can_revise: bool,
    form: dict[str, Any],
    errors: list[str],
    *,
    review: dict[str, str] | None = None,
    review_errors: dict[str, str] | None = None,
) -> Response:
    db = get_db(request)
    with db.reading() as session:
        organisation = session.get(Organisation, proposal.organisation_id)
    fields = {
        "organisation_id": str(proposal.organisation_id),
        "site_name": proposal.site_name,
        "state_code": proposal.state_code,
        "lat": str(proposal.lat),
        "lon": str(proposal.lon),
        "plot_m2": f"{proposal.plot_m2:g}",
        "employees": str(proposal.employees),
        "shifts": list(proposal.shifts),
    }
    context = {
        "p": proposal,
        "organisation": organisation.name if organisation else "",
        "states": state_names(db),
        "shifts": SHIFTS,
        "rows": ANALYSIS_ROWS,
        "reviewer": reviewer,
        "can_revise": can_revise,
        "form": form or fields,
        "errors": errors,
        "verdict": verdict_in((proposal.needs_analysis or {}).get("verdict"), lang_of(request)),
        "review": review or {},
        "review_errors": review_errors or {},
        "next_states": sorted(PROPOSAL_TRANSITIONS[proposal.status]),
        "fit": plan_fit(db, get_settings(request), principal, proposal.lat, proposal.lon),
    }
    return render(
        request,
        "planning/proposal.html",
        context,
        principal=principal,
        status_code=422 if errors or review_errors else 200,
    )


@router.post("/propuestas/{proposal_id}/cambios")
async def proposal_revise(request: Request, proposal_id: PathId) -> Response:
    """The partner answers a request for changes; the analysis is redone."""
    principal = require_user(request)
    form = await form_of(request, principal)
    db = get_db(request)
    try:
        proposal = proposals.revise_proposal(db, principal, proposal_id, proposal_from(form))
    except (ValidationError, InputError) as exc:
        errors = (
            [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
            if isinstance(exc, ValidationError)
            else [str(exc)]
        )
        current = proposals.get_proposal(db, principal, proposal_id)
        return _detail_page(request, principal, current, False, True, form, errors)
    get_runner(request).submit_analysis(proposal.id)
    return RedirectResponse(f"/propuestas/{proposal.id}", status_code=303)


@router.post("/propuestas/{proposal_id}/revision")
async def proposal_review(request: Request, proposal_id: PathId) -> Response:
    principal = require_user(request)
    principal.require(Permission.PROPOSALS_REVIEW)
    form = await form_of(request, principal)
    target = str(form.get("to_status") or "")
    comment = str(form.get("comment") or "")
    places = parse_places(str(form.get("places") or ""))
    kept = {"comment": comment, "to_status": target, "places": str(form.get("places") or "")}
    lang = lang_of(request)
    problems: dict[str, str] = {}
    if isinstance(places, str):
        problems["places"] = one_language(places, lang)
    elif not comment.strip():
        problems["comment"] = one_language(REVIEW_NEEDS_COMMENT, lang)
    else:
        try:
            proposals.review_proposal(
                get_db(request),
                principal,
                proposal_id,
                comment=comment,
                to_status=ProposalStatus(target) if target in set(ProposalStatus) else None,
                places=places,
                pack=country_of(request),
            )
        except InputError as exc:  # nothing was written: the reviewer's comment is kept
            field = "places" if "lugares" in str(exc) or "places" in str(exc) else "comment"
            problems[field] = one_language(str(exc), lang)
    if not problems:
        return RedirectResponse(f"/propuestas/{proposal_id}", status_code=303)
    db = get_db(request)
    proposal = proposals.get_proposal(db, principal, proposal_id)
    reviewer = principal.can(Permission.PROPOSALS_REVIEW)
    return _detail_page(
        request, principal, proposal, reviewer, False, {}, [], review=kept, review_errors=problems
    )


REVIEW_NEEDS_COMMENT = "escriba un comentario para la revisión / a review needs a comment"


def parse_places(text: str) -> int | str | None:
    """The places a reviewer approves (blank: the analysis' recommendation), or why not."""
    clean = text.strip().replace(",", "")
    if not clean:
        return None
    if not (clean.isdigit() and 1 <= int(clean) <= 1000):
        return "lugares: un entero de 1 a 1000 / places: a whole number from 1 to 1000"
    return int(clean)
