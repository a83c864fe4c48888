"""Administrators' enrolment pages: the priority rules, assignment rounds (preview, then
publish, with their seed), a round's placement statistics and its CSV."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.api.enrolment.insurance import insurance_registry
from redceci.errors import ConflictError
from redceci.platform.access import Permission, Principal
from redceci.store.enrolment import reports, rounds, rules
from redceci.store.enrolment.pages import list_rounds
from redceci.store.enrolment.rules import RULES, RulesData
from redceci.store.platform.reference import state_names
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import PathId, form_of, render, require_user

router = APIRouter(include_in_schema=False)

#: Seeds a round accepts (the API's bound).
MAX_SEED = 2**62


def _rules_page(
    request: Request,
    principal: Principal,
    form: dict[str, Any],
    errors: list[str],
    *,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    context = {"rules": list(RULES), "form": form, "errors": errors, "saved": saved}
    return render(
        request, "enrolment/rules.html", context, principal=principal, status_code=status_code
    )


@router.get("/inscripcion/reglas")
def rules_form(request: Request) -> Response:
    principal = require_user(request)
    row = rules.get_rules(get_db(request), principal)
    form: dict[str, Any] = {f"pos_{name}": str(i) for i, name in enumerate(row.rules, 1)}
    form |= {"max_choices": str(row.max_choices), "offer_days": str(row.offer_days)}
    saved = request.query_params.get("guardado") == "1"
    return _rules_page(request, principal, form, [], saved=saved)


def rules_from(form: dict[str, Any]) -> RulesData | str:
    """The rules of the form (each rule with its position, blank = not used), or the message
    key of what is wrong."""
    ranked: dict[int, str] = {}
    for name in RULES:
        text = str(form.get(f"pos_{name}") or "").strip()
        if not text:
            continue
        if not text.isdigit() or int(text) in ranked:
            return "err_rule_order"
        ranked[int(text)] = name
    try:
        return RulesData(
            rules=[ranked[k] for k in sorted(ranked)],
            max_choices=int(str(form.get("max_choices") or "0")),
            offer_days=int(str(form.get("offer_days") or "0")),
        )
    except (ValueError, ValidationError):
        return "err_rule_limits"


@router.post("/inscripcion/reglas")
async def rules_save(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.ENROLMENT_MANAGE)
    form = await form_of(request, principal)
    data = rules_from(form)
    if isinstance(data, str):
        return _rules_page(
            request, principal, form, [translator(lang_of(request))(data)], status_code=422
        )
    rules.set_rules(get_db(request), principal, data)
    return RedirectResponse("/inscripcion/reglas?guardado=1", status_code=303)


def _rounds_page(
    request: Request, principal: Principal, errors: list[str], status_code: int = 200
) -> Response:
    context = {"rounds": list_rounds(get_db(request), principal), "errors": errors}
    return render(
        request, "enrolment/rounds.html", context, principal=principal, status_code=status_code
    )


@router.get("/inscripcion/rondas")
def round_list(request: Request) -> Response:
    return _rounds_page(request, require_user(request), [])


@router.post("/inscripcion/rondas")
async def round_preview(request: Request) -> Response:
    """Run a round as a preview, with the seed given or a random one."""
    principal = require_user(request)
    principal.require(Permission.ENROLMENT_MANAGE)
    form = await form_of(request, principal)
    text = str(form.get("seed") or "").strip()
    if text and not (text.isdigit() and len(text) < 20 and int(text) < MAX_SEED):
        t = translator(lang_of(request))
        return _rounds_page(request, principal, [t("err_seed")], 422)
    rnd = rounds.run_round(
        get_db(request),
        principal,
        seed=int(text) if text else None,
        registry=insurance_registry(request),
    )
    return RedirectResponse(f"/inscripcion/rondas/{rnd.id}", status_code=303)


def _round_page(
    request: Request, principal: Principal, round_id: int, error: str = "", status_code: int = 200
) -> Response:
    db = get_db(request)
    rnd = rounds.get_round(db, principal, round_id)
    stats = reports.statistics(db, principal, round_id)
    context = {"r": rnd, "stats": stats, "states": state_names(db), "error": error}
    return render(
        request, "enrolment/round.html", context, principal=principal, status_code=status_code
    )


@router.get("/inscripcion/rondas/{round_id}")
def round_page(request: Request, round_id: PathId) -> Response:
    return _round_page(request, require_user(request), round_id)


@router.post("/inscripcion/rondas/{round_id}/publicar")
async def round_publish(request: Request, round_id: PathId) -> Response:
    principal = require_user(request)
    await form_of(request, principal)
    try:
        rounds.publish_round(
            get_db(request), principal, round_id, registry=insurance_registry(request)
        )
    except ConflictError as exc:
        t = translator(lang_of(request))
        return _round_page(request, principal, round_id, t("err_publish", why=exc), 409)
    return RedirectResponse(f"/inscripcion/rondas/{round_id}", status_code=303)
