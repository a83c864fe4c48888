"""The chosen sites as CSV and as GeoJSON points, in a stable column order.

Amounts are plain numbers in the country pack's currency; a ``currency`` column (a property in
the GeoJSON) gives its ISO 4217 code (MXN, GTQ). The GeoJSON is strict JSON: NaN and infinities
become null."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from redceci.planning.plan import Plan
    from redceci.planning.programme import Programme

#: Leading columns of the sites table, in this order; ``centres_<size>`` follow ``currency``.
SITE_COLUMNS_HEAD = (
    "site_id",
    "name",
    "kind",
    "scheme",
    "MUN_CVEGEO",
    "CVE_ENT",
    "lat",
    "lon",
    "centres",
    "places",
    "served",
    "mothers_enabled",
    "cost",
    "currency",
)
SITE_COLUMNS_TAIL = ("occupancy", "eligible_in_catchment", "must_keep")


def site_columns(sites: pd.DataFrame, sizes: tuple[int, ...]) -> list[str]:
    """The sites table's columns in a stable order: known ones first, any others after."""
    known = [
        *SITE_COLUMNS_HEAD,
        *(f"centres_{s}" for s in sizes),
        *SITE_COLUMNS_TAIL,
    ]
    present = [c for c in known if c in sites.columns]
    extra = [c for c in sites.columns if c not in set(known)]
    return present + [str(c) for c in extra]


def _sites(plan: Plan) -> pd.DataFrame:
    """The plan's sites in the stable column order, with the ``currency`` of their cost."""
    sites = plan.sites.assign(currency=plan.params.currency)
    return sites[site_columns(sites, tuple(plan.params.siting.sizes))]


def write_plan_csv(plan: Plan, path: Path) -> Path:
    """Write the chosen sites (one row per site) as UTF-8 CSV; returns ``path``."""
    path = Path(path)
    sites = _sites(plan)
    path.parent.mkdir(parents=True, exist_ok=True)
    sites.to_csv(path, index=False, encoding="utf-8")
    return path


def jsonable(value: Any) -> Any:
    """A JSON-safe Python scalar: numpy/pandas scalars unwrapped, NaN/inf/NA become None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def plan_features(plan: Plan) -> dict[str, Any]:
    """The chosen sites as a GeoJSON FeatureCollection of points (lon, lat to 6 decimals)."""
    sites = _sites(plan)
    prop_cols = [c for c in sites.columns if c not in ("lat", "lon")]
    features: list[dict[str, Any]] = []
    for row in sites.to_dict(orient="records"):
        lon, lat = jsonable(row["lon"]), jsonable(row["lat"])
        geometry = (
            None
            if lon is None or lat is None
            else {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}
        )
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {c: jsonable(row[c]) for c in prop_cols},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_plan_geojson(plan: Plan, path: Path) -> Path:
    """Write the chosen sites as a GeoJSON FeatureCollection of points; returns ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(plan_features(plan), ensure_ascii=False, allow_nan=False)
    path.write_text(text, encoding="utf-8")
    return path


#: Columns of programme.csv, one row per centre, in this order (staff roles follow).
PROGRAMME_COLUMNS = (
    "centre",
    "year",
    "earliest_year",
    "land",
    "site_id",
    "name",
    "kind",
    "scheme",
    "CVE_ENT",
    "MUN_CVEGEO",
    "lat",
    "lon",
    "places",
    "cost",
    "currency",
    "served_2030",
)


def write_programme_csv(programme: Programme, path: Path) -> Path:
    """Write one row per centre with its opening year (empty if not scheduled by the last
    year), land, site, size, cost, staff by role and yearly running cost (amounts in
    ``currency``); returns ``path``."""
    path = Path(path)
    rows = programme.centres.assign(currency=programme.params.currency)
    cols = [c for c in PROGRAMME_COLUMNS if c in rows] + [
        c for c in rows.columns if c not in PROGRAMME_COLUMNS
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    rows[cols].sort_values(["year", "centre"], na_position="last").to_csv(
        path, index=False, encoding="utf-8"
    )
    return path
