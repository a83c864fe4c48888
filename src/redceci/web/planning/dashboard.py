"""The dashboard: registered centres and places against the 2030 goals by state, scheme and
polo, and places per 100 eligible children by state from the planning engine; each caller sees
their scope (a state coordinator their states, a partner their centres and proposals, a
centre's staff their centre)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from redceci.api.deps import get_db, get_settings
from redceci.platform.access import Permission, Principal
from redceci.report.formats import fmt_num
from redceci.store.db import Database
from redceci.store.planning import proposals
from redceci.store.platform import accounts, centres
from redceci.store.platform.centres import Tally
from redceci.store.platform.reference import state_names
from redceci.store.versions import kept
from redceci.web import maps
from redceci.web.i18n import lang_of
from redceci.web.pages import fragment, render, require_user
from redceci.web.planning.worlds import world_for
from redceci.workflow import World, needs_table

router = APIRouter(include_in_schema=False)

GOAL_CENTRES = 1000
GOAL_PLACES = 500_000
#: A centre belongs to the nearest polo within this distance.
POLO_RADIUS_KM = 25.0


@dataclass(frozen=True)
class Coverage:
    """The engine's places per 100 eligible children by state, fewest first (table rows, bars,
    choropleth map and legend), and the children in care deserts: one world's, built once."""

    rows: list[dict[Hashable, Any]]
    bars: list[dict[str, Any]]
    map: maps.StateMap
    legend: list[dict[str, str]]
    desert_children: float


@dataclass(frozen=True)
class BoardScope:
    """Whose board it is: national, some states (a coordinator), organisations (a partner) or
    centres (their staff); ``names`` say which."""

    kind: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    """Everything the page shows: the caller's registry summed, and the world's coverage."""

    scope: BoardScope
    centres: int
    places: int
    by_state: list[Tally]
    by_scheme: list[Tally]
    by_status: list[Tally]
    by_polo: list[Tally]
    months: list[dict[str, Any]]
    coverage: Coverage | None
    proposals: list[Any]
    own_centres: list[tuple[int, str]]


def last_months(today: dt.date, months: int = 12) -> list[tuple[str, dt.date]]:
    """The last ``months`` months up to ``today``'s, oldest first: label and last day."""
    out = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        after = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        out.append((f"{year:04d}-{month + 1:02d}", after - dt.timedelta(days=1)))
    return out


def series(labels: Sequence[str], counts: Sequence[int]) -> list[dict[str, Any]]:
    """Centres counted each month, as bars scaled to the busiest month (widths in percent)."""
    top = max(counts, default=0)
    return [
        {"month": label, "centres": n, "width": round(100 * n / top, 1) if top else 0.0}
        for label, n in zip(labels, counts, strict=True)
    ]


def nearest_polo(
    lat: Sequence[float], lon: Sequence[float], polos: pd.DataFrame
) -> list[str | None]:
    """Each point's nearest polo within ``POLO_RADIUS_KM`` (haversine), else ``None``."""
    if not len(lat) or polos.empty:
        return [None] * len(lat)
    lat1 = np.radians(np.asarray(lat, dtype=float))[:, None]
    lon1 = np.radians(np.asarray(lon, dtype=float))[:, None]
    lat2 = np.radians(polos["lat"].to_numpy(dtype=float))[None, :]
    lon2 = np.radians(polos["lon"].to_numpy(dtype=float))[None, :]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    best = km.argmin(axis=1)
    names = polos["polo"].astype(str).to_numpy()[best]
    near = km[np.arange(len(best)), best] <= POLO_RADIUS_KM
    return [str(name) if ok else None for name, ok in zip(names, near, strict=True)]


def coverage_bars(coverage: pd.DataFrame) -> list[dict[str, Any]]:
    """One bar per state for an HTML chart (readable on a phone), widths in percent."""
    top = float(coverage["places_per_100"].max()) if len(coverage) else 0.0
    return [
        {
            "name": str(row["name"]),
            "value": fmt_num(row["places_per_100"], 1),
            "width": round(100 * float(row["places_per_100"]) / top, 1) if top > 0 else 0.0,
        }
        for _, row in coverage.iterrows()
    ]


def coverage_of(world: World, data: Path, *, states: frozenset[str] | None = None) -> Coverage:
    """The engine's needs table (``needs_table``) drawn for the dashboard: national, or only
    ``states`` (a state coordinator's)."""
    table = needs_table(world).sort_values("places_per_100")
    if states is not None:
        table = table[[str(code) in states for code in table.index]]
    per_100 = table["places_per_100"]
    top = float(per_100.max()) if len(per_100) else 0.0
    fills = {str(code): maps.ramp(float(v), top) for code, v in per_100.items()}
    titles = {
        str(code): f"{row['name']}: {fmt_num(row['places_per_100'], 1)}"
        for code, row in table.iterrows()
    }
    return Coverage(
        rows=table.reset_index().to_dict(orient="records"),
        bars=coverage_bars(table),
        map=maps.state_map(data, fills=fills, titles=titles),
        legend=maps.legend(top),
        desert_children=float(table["desert_children"].sum()),
    )


_COVERAGE: dict[tuple[int, Path], tuple[weakref.ref[World], Coverage]] = {}


def cached_coverage(world: World, data: Path) -> Coverage:
    """``coverage_of`` once per world object (the API's cache hands out the same one until
    the registry or the parameters change); an entry goes when its world does."""
    key = (id(world), data)
    hit = _COVERAGE.get(key)
    if hit is not None and hit[0]() is world:
        return hit[1]
    coverage = coverage_of(world, data)
    _COVERAGE[key] = (weakref.ref(world, lambda _gone: _COVERAGE.pop(key, None)), coverage)
    return coverage


def board_scope(db: Database, principal: Principal) -> BoardScope:
    """National for national roles; else the states, organisations or centres of the caller."""
    scope = principal.scope(Permission.CENTRES_READ)
    if scope.national:
        return BoardScope("national")
    if scope.states:
        names = state_names(db)
        return BoardScope("states", tuple(names.get(c, c) for c in sorted(scope.states)))
    if scope.organisations:
        orgs = {o.id: o.name for o in accounts.list_organisations(db, principal)}
        return BoardScope("organisations", tuple(orgs.get(i, str(i)) for i in scope.organisations))
    if scope.centres:
        names_of = {c.id: c.name for c in centres.list_centres(db, principal)[0]}
        return BoardScope("centres", tuple(names_of.get(i, str(i)) for i in sorted(scope.centres)))
    return BoardScope("national")


def build(db: Database, principal: Principal, world: World, data: Path) -> Dashboard:
    """The dashboard for ``principal`` (their scope of the registry) on ``world``: a state
    coordinator's states, a partner's centres and proposals, a centre's own staff's centre."""
    months = last_months(dt.datetime.now(dt.UTC).date())
    scope = principal.scope(Permission.CENTRES_READ)
    kind = board_scope(db, principal)
    figures = centres.registry_figures(db, principal, days=[day for _, day in months])
    lat, lon, places = zip(*figures.positions, strict=True) if figures.positions else ((), (), ())
    polos = nearest_polo(lat, lon, world.polos)
    if kind.kind == "national":
        coverage: Coverage | None = cached_coverage(world, data)
    elif kind.kind == "states":
        coverage = coverage_of(world, data, states=scope.states)
    else:
        coverage = None
    own = [(c.id, c.name) for c in centres.list_centres(db, principal)[0]] if scope.centres else []
    mine = []
    if kind.kind == "organisations" and principal.can(Permission.PROPOSALS_READ):
        mine = proposals.list_proposals(db, principal)[:20]
    return Dashboard(
        scope=kind,
        centres=sum(t.centres for t in figures.by_scheme),
        places=sum(t.places for t in figures.by_scheme),
        by_state=figures.by_state,
        by_scheme=figures.by_scheme,
        by_status=figures.by_status,
        by_polo=centres.tally(
            (polo, 1, p) for polo, p in zip(polos, places, strict=True) if polo is not None
        ),
        months=series([label for label, _ in months], figures.counted_on),
        coverage=coverage,
        proposals=mine,
        own_centres=own[:50],
    )


@router.get("/tablero")
def dashboard(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.CENTRES_READ)
    db, settings = get_db(request), get_settings(request)
    board = build(db, principal, world_for(db, settings, summary=True), settings.data)
    context = {"b": board, "goal_centres": GOAL_CENTRES, "goal_places": GOAL_PLACES}
    return render(
        request,
        "planning/dashboard.html",
        context | {"main": _body(request, db, board, context)},
        principal=principal,
    )


def _body(request: Request, db: Database, board: Dashboard, context: dict[str, Any]) -> Markup:
    """The page's body, kept between requests for the same board (its figures, by value, and
    its world's coverage, by identity: held by the kept answer) in the same language. A
    partner's board (its proposals are not versioned) is rendered every time."""
    if board.scope.kind == "organisations":
        return fragment(request, BODY, context)
    figures = dataclasses.replace(board, coverage=None)
    key = ("dashboard", lang_of(request), repr(figures), id(board.coverage))

    def rendered() -> tuple[Coverage | None, Markup]:
        return board.coverage, fragment(request, BODY, context)

    _coverage, html = kept(db, ("centres", "states"), key, rendered, size=lambda a: len(a[1]))
    return html


#: The dashboard's body (``_body``).
BODY = "planning/_dashboard_main.html"
