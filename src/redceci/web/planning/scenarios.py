"""Scenario pages: the parameter form, the list, progress while it runs, the result map."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db, get_settings
from redceci.api.planning.jobs import get_runner, scenario_dir
from redceci.api.planning.runs import OUTPUT_FILES, REPORTS
from redceci.errors import InputError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import ScenarioStatus
from redceci.report.formats import MDP, Millions
from redceci.report.planning.programme_view import (
    CAPITAL_COLOUR,
    CENTRES_COLOUR,
    OPERATING_COLOUR,
    column_chart,
)
from redceci.store.planning import scenarios
from redceci.store.planning.models import Scenario
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.platform.reference import state_names
from redceci.web.formats import parse_amount
from redceci.web.headers import REPORT_POLICY
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import (
    PathId,
    QueryId,
    country_of,
    form_of,
    page_translator,
    render,
    require_user,
)
from redceci.web.planning import explain, scenario_map
from redceci.web.planning.worlds import world_for
from redceci.web.refusals import field_problems, said

router = APIRouter(include_in_schema=False)

#: Chosen sites listed in the page's table (all of them are on the map and in plan.csv).
SITES_LISTED = 100
#: A finished result never changes: the browser may keep its map data for an hour, and the
#: process keeps the last ``MAP_DATA_KEPT`` results' map data (a national one is about 1 MB).
PRIVATE_CACHE = {"Cache-Control": "private, max-age=3600"}
MAP_DATA_KEPT = 8
_MAP_DATA: dict[tuple[Path, int, str], bytes] = {}
_MAP_DATA_LOCK = threading.Lock()


def _number(value: Any, kind: type[int] | type[float]) -> int | float | None:
    text = str(value or "").replace(",", "").replace("_", "").strip()
    if not text:
        return None
    try:
        return kind(float(text)) if kind is int else float(text)
    except ValueError as exc:
        raise InputError(f"no es un número / not a number: {value!r}") from exc


def _amount(value: Any) -> float | None:
    """A budget as people type it: ``36,100,000,000``, ``36 100 millones``, ``36100 mdp``."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return parse_amount(text)
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def numbers(text: Any, kind: type[int] | type[float]) -> list[Any] | None:
    """``"110, 250"`` as ``[110, 250]``; spaces and semicolons also separate, a comma with
    no space after it is a thousands separator (``"30,000,000"``). None if empty."""
    items = [item for item in re.split(r"[;\s]+|,\s+", str(text or "").strip()) if item]
    if not items:
        return None
    return [_number(item, kind) for item in items]


def pairs(text: Any) -> dict[str, int]:
    """``"07=20, 09=5"`` (or one per line) as ``{"07": 20, "09": 5}``."""
    out: dict[str, int] = {}
    for item in str(text or "").replace("\n", ",").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        number = _number(value, int) if sep else None
        if number is None or not key.strip():
            raise InputError(f"write pairs as KEY=NUMBER separated by commas, got {item.strip()!r}")
        out[key.strip()] = int(number)
    return out


def parameters_from(form: dict[str, Any]) -> ScenarioParameters:
    """The form's fields as scenario parameters (validated by the store's model)."""
    states = form.get("states") or []
    states = [states] if isinstance(states, str) else list(states)
    return ScenarioParameters(
        centres=_number(form.get("centres"), int),
        places=_number(form.get("places"), int),
        budget=_amount(form.get("budget")),
        states=[s for s in states if s],
        state_min=pairs(form.get("state_min")),
        state_max=pairs(form.get("state_max")),
        must_keep=pairs(form.get("must_keep")),
        catchment_minutes=_number(form.get("catchment_minutes"), float),
        sizes=numbers(form.get("sizes"), int),
        costs=numbers(form.get("costs"), float),
        use_registry=form.get("use_registry") == "on",
        programme=form.get("programme") == "on",
    )


def _form_page(
    request: Request, principal: Principal, form: dict[str, Any], errors: list[str]
) -> Response:
    settings = get_settings(request)
    try:
        asked = parameters_from(form).model_dump()
    except (InputError, ValidationError):
        asked = {}
    context = {
        "warnings": explain.warnings_for(asked, settings, page_translator(request)),
        "states": state_names(get_db(request)),
        "form": form,
        "errors": errors,
        "catchment": settings.model.travel.catchment_minutes,
        "sizes": ", ".join(str(s) for s in settings.model.siting.sizes),
        "costs": " ".join(f"{c:.0f}" for c in settings.model.siting.costs),
        "items": scenarios.list_scenarios(get_db(request), principal, limit=50)[0],
    }
    return render(
        request,
        "planning/scenarios.html",
        context,
        principal=principal,
        status_code=422 if errors else 200,
    )


@router.get("/escenarios")
def scenario_list(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.SCENARIOS_READ)
    defaults = {"name": "", "centres": "1000", "places": "500000", "use_registry": "on"}
    return _form_page(request, principal, defaults, [])


@router.post("/escenarios")
async def scenario_create(request: Request) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    try:
        parameters = parameters_from(form)
        scenario = scenarios.create_scenario(
            get_db(request), principal, name=str(form.get("name") or ""), parameters=parameters
        )
    except ValidationError as exc:
        errors = field_problems(exc.errors(), lang_of(request))
        return _form_page(request, principal, form, errors)
    except InputError as exc:
        return _form_page(request, principal, form, [said(str(exc), lang_of(request))])
    get_runner(request).submit(scenario.id)
    return RedirectResponse(f"/escenarios/{scenario.id}", status_code=303)


def _out_dir(request: Request, scenario: Scenario) -> Path | None:
    """A finished scenario's output folder (None while it runs, if it failed or lost it)."""
    out_dir = scenario_dir(get_settings(request), scenario.id)
    if scenario.status != ScenarioStatus.SUCCEEDED or not (out_dir / "plan.csv").is_file():
        return None
    return out_dir


def explained(request: Request, scenario: Scenario) -> dict[str, Any]:
    """The scenario's figures in words: warnings on its places, the gap's sentence(s) and the
    solver's outcome (never its method's name)."""
    t = page_translator(request)
    result = scenario.result or {}
    finished = scenario.status == ScenarioStatus.SUCCEEDED and "places" in result
    states = list(scenario.parameters.get("states") or [])
    return {
        "warnings": explain.warnings_for(
            scenario.parameters,
            get_settings(request),
            t,
            planned=int(result["places"]) if finished else None,
        ),
        "gap": explain.gap_text(result.get("gap"), t, states=len(states)) if finished else [],
        "outcome": explain.outcome_text(result.get("status"), t),
    }


def _result(request: Request, scenario: Scenario) -> dict[str, Any]:
    """The sites of a finished scenario (empty while it runs or if it failed); its map's
    data come apart (``/escenarios/{id}/mapa.json``) so the page stays light."""
    out_dir = _out_dir(request, scenario)
    if out_dir is None:
        return {}
    sites = scenario_map.read_sites(out_dir)
    return {
        "map": True,
        "sites": sites.head(SITES_LISTED).to_dict(orient="records"),
        "sites_total": len(sites),
    }


def programme_view(
    summary: dict[str, Any] | None,
    lang: str,
    *,
    t: explain.Translate | None = None,
    millions: Millions = MDP,
) -> dict[str, Any] | None:
    """A phased scenario's yearly chart (centres open against the goal) and tables, amounts in
    ``millions`` of the country pack's currency, sentences by ``t`` (the page's translator;
    default: the catalogue's in ``lang``)."""
    if not summary:
        return None
    years = [int(r["year"]) for r in summary["by_year"]]
    chart = column_chart(
        ("Centros abiertos al cierre de cada año", "Centres open at each year's end"),
        years,
        [(("Centros", "Centres"), CENTRES_COLOUR, [r["centres_open"] for r in summary["by_year"]])],
    )
    spending = column_chart(
        (
            f"Gasto anual ({millions[0]})",
            f"Yearly spending ({millions[1]})",
        ),
        years,
        [
            (
                ("Construcción", "Capital"),
                CAPITAL_COLOUR,
                [r["capital"] / 1e6 for r in summary["by_year"]],
            ),
            (
                ("Operación", "Running"),
                OPERATING_COLOUR,
                [r["operating"] / 1e6 for r in summary["by_year"]],
            ),
        ],
    )
    gap_sentence = explain.programme_gap_text(summary.get("gap"), t or translator(lang))
    return {
        "summary": summary,
        "charts": [chart, spending],
        "years": years,
        "lang": lang,
        "gap_sentence": gap_sentence,
    }


@router.get("/escenarios/comparar")
def scenario_compare(request: Request, a: QueryId, b: QueryId) -> Response:
    """Two scenarios side by side: their figures and their maps."""
    principal = require_user(request)
    db = get_db(request)
    shown = [scenarios.get_scenario(db, principal, i) for i in (a, b)]
    context = {
        "pair": [(s, _result(request, s) | {"explained": explained(request, s)}) for s in shown],
        "names": state_names(db),
    }
    return render(request, "planning/compare.html", context, principal=principal)


@router.get("/escenarios/{scenario_id}/mapa.json")
def scenario_map_data(request: Request, scenario_id: PathId) -> Response:
    """The result map's overlays (sites, deserts, demand, supply, polos, parks) as JSON."""
    principal = require_user(request)
    db, settings = get_db(request), get_settings(request)
    scenario = scenarios.get_scenario(db, principal, scenario_id)
    out_dir = _out_dir(request, scenario)
    if out_dir is None:
        raise NotFoundError(f"scenario {scenario_id} has no result yet")
    key = (out_dir, (out_dir / "plan.csv").stat().st_mtime_ns, lang_of(request))
    body = _MAP_DATA.get(key)
    if body is None:
        states = list(scenario.parameters.get("states") or [])
        use_registry = bool(scenario.parameters.get("use_registry"))
        world = world_for(db, settings, use_registry=use_registry)
        layers = scenario_map.scenario_layers(
            settings.data, world, scenario_map.read_sites(out_dir), states, lang_of(request)
        )
        body = json.dumps(layers, ensure_ascii=False, separators=(",", ":")).encode()
        with _MAP_DATA_LOCK:
            while len(_MAP_DATA) >= MAP_DATA_KEPT:
                _MAP_DATA.pop(next(iter(_MAP_DATA)))
            _MAP_DATA[key] = body
    return Response(body, media_type="application/json", headers=PRIVATE_CACHE)


@router.get("/escenarios/{scenario_id}/informe")
def scenario_report(request: Request, scenario_id: PathId) -> Response:
    """The scenario's report, opened in the browser (not downloaded) in the reader's language
    (Spanish when an older run wrote only that one), sandboxed like a download."""
    principal = require_user(request)
    scenario = scenarios.get_scenario(get_db(request), principal, scenario_id)
    out_dir = _out_dir(request, scenario)
    if out_dir is None:
        raise NotFoundError(f"scenario {scenario_id} has no report yet")
    lang = lang_of(request)
    path = out_dir / REPORTS.get(lang, REPORTS["es"])
    if not path.is_file():
        path, lang = out_dir / REPORTS["es"], "es"
    if not path.is_file():
        raise NotFoundError(f"scenario {scenario_id} has no report")
    headers = {
        "Content-Disposition": "inline",
        "Content-Security-Policy": REPORT_POLICY,
        "Content-Language": lang,
    }
    return Response(path.read_bytes(), media_type="text/html; charset=utf-8", headers=headers)


@router.get("/escenarios/{scenario_id}")
def scenario_page(request: Request, scenario_id: PathId) -> Response:
    principal = require_user(request)
    db = get_db(request)
    scenario = scenarios.get_scenario(db, principal, scenario_id)
    result = scenario.result or {}
    context: dict[str, Any] = {"scenario": scenario, "files": result.get("files", OUTPUT_FILES)}
    words = country_of(request).words
    context["programme"] = programme_view(
        result.get("programme"),
        lang_of(request),
        t=page_translator(request),
        millions=(words.money_millions("es"), words.money_millions("en")),
    )
    context |= {"names": state_names(db), **_result(request, scenario)}
    context["explained"] = explained(request, scenario)
    return render(request, "planning/scenario.html", context, principal=principal)
