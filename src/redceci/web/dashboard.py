"""The national dashboard: registered centres and places against the 2030 goals by state,
scheme and polo, and places per 100 eligible children by state from the planning engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import Response

from redceci.api.deps import get_db, get_settings
from redceci.report.html import fmt_num
from redceci.store import centres
from redceci.store.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enums import CentreStatus
from redceci.store.models import Centre
from redceci.web import maps
from redceci.web.pages import render, require_user
from redceci.web.scenario_views import state_names
from redceci.web.worlds import world_for
from redceci.workflow import World, needs_table

router = APIRouter(include_in_schema=False)

GOAL_CENTRES = 1000
GOAL_PLACES = 500_000
#: Centres that count towards the goals.
COUNTED = (CentreStatus.APPROVED, CentreStatus.UNDER_CONSTRUCTION, CentreStatus.OPERATING)
#: A centre belongs to the nearest polo within this distance.
POLO_RADIUS_KM = 25.0


@dataclass
class Dashboard:
    centres: int
    places: int
    by_state: list[dict[str, Any]]
    by_scheme: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    by_polo: list[dict[str, Any]]
    coverage: pd.DataFrame
    bars: list[dict[str, Any]]
    months: list[dict[str, Any]]
    desert_children: float


def registry_frame(db: Database, principal: Principal) -> pd.DataFrame:
    """The centres the user may see, one row each."""
    rows, _total = centres.list_centres(db, principal, limit=1_000_000)
    columns = ["id", "state_code", "scheme", "status", "places", "lat", "lon", "since", "until"]
    return pd.DataFrame([_row(c) for c in rows], columns=columns)


def _row(c: Centre) -> tuple[object, ...]:
    since, until = _dates(c)
    return (
        c.id,
        c.state_code,
        c.scheme.value,
        c.status.value,
        c.capacity,
        c.lat,
        c.lon,
        since,
        until,
    )


def _dates(centre: Centre) -> tuple[dt.date | None, dt.date | None]:
    """When the centre began to count towards the goals, and when it closed (if it did)."""
    since = until = None
    for step in centre.transitions:
        if since is None and step.to_status in COUNTED:
            since = step.effective_on
        if step.to_status == CentreStatus.CLOSED:
            until = step.effective_on
    return since, until


def over_time(frame: pd.DataFrame, *, today: dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Centres counting towards the goals at the end of each of the last ``months`` months."""
    labels: list[str] = []
    counts: list[int] = []
    since = pd.to_datetime(frame["since"])
    until = pd.to_datetime(frame["until"])
    first = dt.date(today.year, today.month, 1)
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        start = dt.date(year, month + 1, 1)
        end = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)
        counted = since.notna() & (since <= pd.Timestamp(end))
        counted &= until.isna() | (until > pd.Timestamp(end))
        labels.append(start.strftime("%Y-%m"))
        counts.append(int(counted.sum()))
    top = max(counts, default=0)
    return [
        {"month": label, "centres": n, "width": round(100 * n / top, 1) if top else 0.0}
        for label, n in zip(labels, counts, strict=True)
    ]


def nearest_polo(frame: pd.DataFrame, polos: pd.DataFrame) -> pd.Series:
    """Each centre's nearest polo within ``POLO_RADIUS_KM`` (haversine), else missing."""
    if frame.empty or polos.empty:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    lat1 = np.radians(frame["lat"].to_numpy(dtype=float))[:, None]
    lon1 = np.radians(frame["lon"].to_numpy(dtype=float))[:, None]
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
    return pd.Series(np.where(near, names, None), index=frame.index, dtype=object)


def coverage_by_state(world: World) -> pd.DataFrame:
    """The engine's national needs table (``needs_table``): age-eligible children, existing
    places, places per 100 children and children in care deserts, by state, fewest first."""
    table = needs_table(world)
    return table.sort_values("places_per_100")


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


def _counts(frame: pd.DataFrame, key: str) -> list[dict[str, Any]]:
    if frame.empty:
        return []
    grouped = frame.groupby(key, dropna=True).agg(centres=("id", "size"), places=("places", "sum"))
    grouped = grouped.sort_values(["centres", "places"], ascending=False)
    return [
        {"key": str(k), "centres": int(r.centres), "places": int(r.places)}
        for k, r in grouped.iterrows()
    ]


def build(db: Database, principal: Principal, world: World) -> Dashboard:
    names = state_names(db)
    registry = registry_frame(db, principal)
    counted = registry[registry["status"].isin([s.value for s in COUNTED])].copy()
    counted["state"] = [names.get(c, c) for c in counted["state_code"]]
    counted["polo"] = nearest_polo(counted, world.polos)
    coverage = coverage_by_state(world)
    return Dashboard(
        centres=len(counted),
        places=int(counted["places"].sum()),
        by_state=_counts(counted, "state"),
        by_scheme=_counts(counted, "scheme"),
        by_status=_counts(registry, "status"),
        by_polo=_counts(counted.dropna(subset=["polo"]), "polo"),
        coverage=coverage,
        bars=coverage_bars(coverage),
        months=over_time(registry, today=dt.datetime.now(dt.UTC).date()),
        desert_children=float(coverage["desert_children"].sum()),
    )


@router.get("/tablero")
def dashboard(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.CENTRES_READ)
    db, settings = get_db(request), get_settings(request)
    board = build(db, principal, world_for(db, settings))
    per_100 = board.coverage["places_per_100"]
    top = float(per_100.max()) if len(per_100) else 0.0
    fills = {str(code): maps.ramp(float(v), top) for code, v in per_100.items()}
    titles = {
        str(code): f"{row['name']}: {fmt_num(row['places_per_100'], 1)}"
        for code, row in board.coverage.iterrows()
    }
    context = {
        "b": board,
        "goal_centres": GOAL_CENTRES,
        "goal_places": GOAL_PLACES,
        "map": maps.state_map(settings.data, fills=fills, titles=titles),
        "legend": maps.legend(top),
        "coverage_rows": board.coverage.reset_index().to_dict(orient="records"),
    }
    return render(request, "dashboard.html", context, principal=principal)
