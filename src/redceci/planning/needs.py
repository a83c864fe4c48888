"""Needs analysis: places reachable, accessibility, unmet demand and care deserts per unit and area.

Pure: takes demand units (with eligibility), providers and their travel pairs, returns frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.planning.access import reachable_sum, two_step_fca
from redceci.planning.parameters import DesertParameters
from redceci.planning.travel import Pairs

#: Unit columns summed when aggregating to an area.
SUMMED = ("POBTOT", "children", "need", "eligible", "unmet", "desert_children")


def assess_units(
    units: pd.DataFrame,
    supply_places: np.ndarray,
    pairs: Pairs,
    *,
    catchment_minutes: float,
    deserts: DesertParameters,
) -> pd.DataFrame:
    """Add accessibility, unmet demand and desert columns to eligibility-scored units.

    ``pairs`` go from the units (origins) to the providers (destinations).

    Added columns
    -------------
    places_reachable
        Places of all providers within the catchment.
    access_2sfca, access_e2sfca
        Places per child in need (2SFCA; enhanced 2SFCA with the Luo & Qi zone weights).
    covered_share
        min(1, access_2sfca): the share of need met by existing providers, which serve first.
    unmet
        IMSS-eligible demand not met: ``eligible * (1 - covered_share)``.
    children_per_place
        Age-eligible children per reachable place (1 / 2SFCA on all children); inf if none.
    desert
        More than ``min_children`` children and no place, or more than
        ``max_children_per_place`` children per place (Center for American Progress rule).
    """
    out = units.copy()
    children = out["children"].to_numpy(dtype=float)
    need = out["need"].to_numpy(dtype=float)
    out["places_reachable"] = reachable_sum(
        pairs, supply_places, catchment_minutes=catchment_minutes
    )
    a_need = two_step_fca(pairs, need, supply_places, catchment_minutes=catchment_minutes)
    out["access_2sfca"] = a_need
    out["access_e2sfca"] = two_step_fca(
        pairs,
        need,
        supply_places,
        catchment_minutes=catchment_minutes,
        weights=deserts.e2sfca_weights,
    )
    covered = np.clip(a_need, 0.0, 1.0)
    out["covered_share"] = covered
    out["unmet"] = out["eligible"].to_numpy(dtype=float) * (1.0 - covered)
    a_children = two_step_fca(pairs, children, supply_places, catchment_minutes=catchment_minutes)
    with np.errstate(divide="ignore"):
        per_place = np.where(a_children > 0, 1.0 / np.maximum(a_children, 1e-300), np.inf)
    out["children_per_place"] = per_place
    desert = (children > deserts.min_children) & (
        (out["places_reachable"].to_numpy() <= 0) | (per_place > deserts.max_children_per_place)
    )
    out["desert"] = desert
    out["desert_children"] = np.where(desert, children, 0.0)
    return out


def summarise(
    units: pd.DataFrame,
    supply: pd.DataFrame,
    by: str,
    *,
    labels: pd.Series | None = None,
    places: pd.Series | None = None,
) -> pd.DataFrame:
    """Aggregate assessed units and providers to areas keyed by the unit/provider column ``by``.

    Returns one row per area: population, children, need, eligible, unmet, places (located
    in the area, or ``places`` per area when given, e.g. places within reach of a locality),
    children per place, places per 100 children, desert children and their share.
    """
    agg = units.groupby(by)[list(SUMMED)].sum()
    agg["units"] = units.groupby(by).size()
    located = supply.groupby(by)["places"].sum() if places is None else places
    agg["places"] = located.reindex(agg.index).fillna(0.0)
    return _ratios(agg, labels)


def summarise_catchment(units: pd.DataFrame, reach: np.ndarray, places: float) -> dict[str, float]:
    """Totals over the units flagged in ``reach`` (e.g. those within reach of a polo)."""
    sub = units[reach]
    row = {c: float(sub[c].sum()) for c in SUMMED}
    row["units"] = float(len(sub))
    row["places"] = float(places)
    frame = _ratios(pd.DataFrame([row]), None)
    return {str(k): float(v) for k, v in frame.iloc[0].items()}


def _ratios(agg: pd.DataFrame, labels: pd.Series | None) -> pd.DataFrame:
    out = agg.copy()
    children = out["children"].to_numpy(dtype=float)
    places = out["places"].to_numpy(dtype=float)
    out["children_per_place"] = np.where(places > 0, children / np.maximum(places, 1e-9), np.inf)
    out["places_per_100"] = np.where(children > 0, 100 * places / np.maximum(children, 1e-9), 0.0)
    out["desert_share"] = np.where(
        children > 0, out["desert_children"].to_numpy(dtype=float) / np.maximum(children, 1e-9), 0.0
    )
    if labels is not None:
        out.insert(0, "name", labels.reindex(out.index))
    return out
