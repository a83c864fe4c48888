"""Land for centres: a plot's life (offered → validated → donated → under construction →
operating), when it lets a centre open, whether its area holds a centre of a size, and plots as
candidate sites."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from redceci.planning.candidates import CANDIDATE_COLUMNS
from redceci.planning.parameters import LandParameters, ProgrammeParameters

#: How a planned site gets its land.
LAND_PLOT = "plot"  # an offered plot of the registry
LAND_REGISTERED = "registered"  # a registered centre (approved or under construction)
LAND_NEEDED = "land_needed"  # no plot yet


class OwnerKind(StrEnum):
    """Who offers a plot."""

    MUNICIPALITY = "municipality"
    STATE = "state"
    COMPANY = "company"
    OTHER = "other"


class PlotStatus(StrEnum):
    """Where a plot offered for a centre is."""

    OFFERED = "offered"
    VALIDATED = "validated"
    DONATED = "donated"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATING = "operating"
    REJECTED = "rejected"


PLOT_TRANSITIONS: dict[PlotStatus, frozenset[PlotStatus]] = {
    PlotStatus.OFFERED: frozenset({PlotStatus.VALIDATED, PlotStatus.REJECTED}),
    PlotStatus.VALIDATED: frozenset({PlotStatus.DONATED, PlotStatus.REJECTED}),
    PlotStatus.DONATED: frozenset({PlotStatus.UNDER_CONSTRUCTION}),
    PlotStatus.UNDER_CONSTRUCTION: frozenset({PlotStatus.OPERATING}),
    PlotStatus.OPERATING: frozenset(),
    PlotStatus.REJECTED: frozenset(),
}

#: Plots a plan may build on (not yet a centre, not turned down).
OPEN_STATUSES = (
    PlotStatus.OFFERED,
    PlotStatus.VALIDATED,
    PlotStatus.DONATED,
    PlotStatus.UNDER_CONSTRUCTION,
)


def min_area_m2(places: int, params: LandParameters) -> float:
    """Smallest plot for a centre of ``places``: the listed size's area, else the next larger
    listed size's area scaled by places (the largest listed, scaled, above them all)."""
    table = dict(sorted(params.min_area_m2.items()))
    if not table:
        return 0.0
    if places in table:
        return float(table[places])
    larger = [s for s in table if s >= places]
    ref = larger[0] if larger else max(table)
    return float(table[ref]) * places / ref


def largest_size_fitting(
    area_m2: float, sizes: tuple[int, ...], params: LandParameters
) -> int | None:
    """The largest centre size whose minimum area the plot meets (None if none)."""
    fitting = [s for s in sizes if area_m2 >= min_area_m2(s, params)]
    return max(fitting) if fitting else None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months (the day clamped to the month's length)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def opening_date(
    status: PlotStatus | str,
    since: dt.date | None,
    params: ProgrammeParameters,
) -> dt.date | None:
    """The earliest day a centre on a plot can open: its land first (offered plots wait
    ``land_months``, validated ones ``donation_months``), then ``construction_months`` of
    building (counted from the start of works for a plot under construction), from ``since``
    (default: the programme's start). None for a rejected plot; an operating one is open
    already (``since``)."""
    since = since or dt.date(params.first_year, 1, 1)
    build = params.construction_months
    match PlotStatus(status):
        case PlotStatus.OFFERED:
            return add_months(since, params.land_months + build)
        case PlotStatus.VALIDATED:
            return add_months(since, params.donation_months + build)
        case PlotStatus.DONATED | PlotStatus.UNDER_CONSTRUCTION:
            return add_months(since, build)
        case PlotStatus.OPERATING:
            return since
        case PlotStatus.REJECTED:
            return None


def land_needed_year(params: ProgrammeParameters) -> int:
    """The first year a site with no plot yet can open: a plot found and donated
    (``land_months``) and built (``construction_months``) from the programme's start."""
    start = dt.date(params.first_year, 1, 1)
    return add_months(start, params.land_months + params.construction_months).year


def plots_as_candidates(plots: pd.DataFrame, *, scheme: str) -> pd.DataFrame:
    """Open plots (``OPEN_STATUSES``) as candidate sites of one centre each: ``id``, ``name``,
    ``lat``, ``lon`` and optionally ``scheme`` (default ``scheme``: the country pack's direct
    scheme)."""
    sel = plots[plots["status"].isin([str(s) for s in OPEN_STATUSES])]
    given = sel["scheme"] if "scheme" in sel else pd.Series(scheme, index=sel.index)
    out = pd.DataFrame(
        {
            "site_id": "plot:" + sel["id"].astype(str),
            "name": sel["name"].fillna("Predio " + sel["id"].astype(str)),
            "kind": "plot",
            "scheme": given.fillna(scheme),
            "MUN_CVEGEO": None,
            "lat": sel["lat"].astype(float),
            "lon": sel["lon"].astype(float),
            "max_centres": 1.0,
        }
    )
    return out.reindex(columns=list(CANDIDATE_COLUMNS))


def plot_years(plots: pd.DataFrame, params: ProgrammeParameters) -> dict[str, int]:
    """Site id (``plot:<id>``) -> the first year a centre can open on the plot."""
    out: dict[str, int] = {}
    for _, p in plots.iterrows():
        since = p.get("status_date")
        day = since if isinstance(since, dt.date) else None
        opens = opening_date(str(p["status"]), day, params)
        if opens is not None:
            out[f"plot:{p['id']}"] = max(opens.year, params.first_year)
    return out


def assess_plot(
    area_m2: float,
    recommended_size: int | None,
    desert_share: float,
    sizes: tuple[int, ...],
    params: LandParameters,
) -> dict[str, object]:
    """A plot's land figures for its site report: the best size for its catchment, the area
    that size needs and whether the plot has it, the largest size the plot holds, and whether
    it lies in a care desert."""
    need = min_area_m2(recommended_size, params) if recommended_size else None
    return {
        "area_m2": float(area_m2),
        "best_size": recommended_size,
        "min_area_m2": need,
        "area_enough": None if need is None else bool(area_m2 >= need),
        "largest_size_fitting": largest_size_fitting(area_m2, sizes, params),
        "in_desert": bool(desert_share >= params.desert_share_flag),
    }


def site_land(
    site_ids: pd.Series,
    plots: pd.DataFrame | None,
    registered: set[str],
    params: ProgrammeParameters,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.str_]]:
    """Each candidate site's earliest opening year and how it gets its land: a registry plot
    (its status and date), a registered centre (built from the programme's start), or none yet
    (``land_needed_year``)."""
    by_plot = plot_years(plots, params) if plots is not None and len(plots) else {}
    built = add_months(dt.date(params.first_year, 1, 1), params.construction_months).year
    needed = land_needed_year(params)
    ids = site_ids.astype(str)
    is_plot = ids.isin(list(by_plot)).to_numpy()
    is_registered = ids.isin(list(registered)).to_numpy() & ~is_plot
    years = np.where(
        is_plot, ids.map(by_plot).fillna(needed).to_numpy(), np.where(is_registered, built, needed)
    ).astype(np.int64)
    land = np.where(is_plot, LAND_PLOT, np.where(is_registered, LAND_REGISTERED, LAND_NEEDED))
    return years, land


def nearest_plots(sites: pd.DataFrame, plots: pd.DataFrame, *, within_km: float) -> pd.DataFrame:
    """For each site (``lat``, ``lon``): the nearest plot (``id``, ``lat``, ``lon``) within
    ``within_km`` and its distance; ``plot_id`` and ``plot_km`` are missing where none is."""
    out = pd.DataFrame(index=sites.index)
    out["plot_id"] = pd.Series([None] * len(sites), index=sites.index, dtype=object)
    out["plot_km"] = np.nan
    if sites.empty or plots.empty:
        return out
    from scipy.spatial import cKDTree

    from redceci.planning.travel import haversine_km

    scale = np.cos(np.radians(sites["lat"].to_numpy(dtype=float).mean()))
    tree = cKDTree(
        np.column_stack([plots["lat"].to_numpy(float), plots["lon"].to_numpy(float) * scale])
    )
    _, idx = tree.query(
        np.column_stack([sites["lat"].to_numpy(float), sites["lon"].to_numpy(float) * scale])
    )
    km = haversine_km(
        sites["lat"].to_numpy(float),
        sites["lon"].to_numpy(float),
        plots["lat"].to_numpy(float)[idx],
        plots["lon"].to_numpy(float)[idx],
    )
    near = km <= within_km
    ids = plots["id"].to_numpy(dtype=object)[idx]
    out["plot_id"] = pd.Series(
        [i if ok else None for i, ok in zip(ids, near, strict=True)], index=out.index, dtype=object
    )
    out["plot_km"] = np.where(near, km, np.nan)
    return out
