"""Women enabled to work: a dose-response of participation on places per 100 eligible children.

After Calderón & De la Cruz Toledo (2018); low, central and high scenarios are parameters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.planning.parameters import ImpactParameters


def participation_gain_pp(
    coverage: np.ndarray, curve: tuple[tuple[float, float], ...]
) -> np.ndarray:
    """Percentage-point rise in mothers' participation at ``coverage`` places per 100 children.

    Piecewise linear through the curve's points, flat beyond the last one.
    """
    xs = np.array([p[0] for p in curve], dtype=float)
    ys = np.array([p[1] for p in curve], dtype=float)
    return np.asarray(np.interp(np.asarray(coverage, dtype=float), xs, ys))


def mothers_enabled(
    children: np.ndarray,
    places_before: np.ndarray,
    places_after: np.ndarray,
    params: ImpactParameters,
    scenario: str = "central",
) -> np.ndarray:
    """Mothers entering work per area when places rise from ``places_before`` to ``places_after``.

    mothers = children / children_per_mother; gain = mothers x (pp(after) - pp(before)) / 100,
    with coverage measured as places per 100 age-eligible children in the area.
    """
    curve = params.dose_response_pp[scenario]
    children = np.asarray(children, dtype=float)
    safe = np.maximum(children, 1e-9)
    before = participation_gain_pp(100 * np.asarray(places_before) / safe, curve)
    after = participation_gain_pp(100 * np.asarray(places_after) / safe, curve)
    mothers = children / params.children_per_mother
    return np.where(children > 0, mothers * (after - before) / 100.0, 0.0)


def siting_weights(
    employed_share: np.ndarray, children: np.ndarray, params: ImpactParameters
) -> np.ndarray:
    """Expected mothers enabled per child served, per demand unit (the siting objective weight).

    At low coverage the central curve gives ``pp(10)/10`` points per place per 100 children, so
    one place enables ``pp(10) / 10 / children_per_mother`` mothers; with ``headroom_weighting``
    this is scaled by (1 - employment rate) / (1 - mean rate), clipped to [0.5, 2], the mean
    being weighted by children.
    """
    curve = params.dose_response_pp["central"]
    per_place = float(participation_gain_pp(np.array([10.0]), curve)[0]) / 10.0
    base = per_place / params.children_per_mother
    e = np.asarray(employed_share, dtype=float)
    if not params.headroom_weighting or e.size == 0:
        return np.full(e.shape, base)
    w = np.asarray(children, dtype=float)
    mean_e = float(np.average(e, weights=w)) if w.sum() > 0 else float(np.mean(e))
    mean_room = max(1.0 - mean_e, 1e-9)
    return np.asarray(base * np.clip((1.0 - e) / mean_room, 0.5, 2.0))


def impact_by_area(
    areas: pd.DataFrame, new_places: pd.Series, params: ImpactParameters
) -> pd.DataFrame:
    """Per area: places per 100 children before/after and mothers enabled in each scenario.

    ``areas`` needs ``children`` and ``places`` columns; ``new_places`` is indexed like it.
    """
    out = pd.DataFrame(index=areas.index)
    children = areas["children"].to_numpy(dtype=float)
    before = areas["places"].to_numpy(dtype=float)
    added = new_places.reindex(areas.index).fillna(0.0).to_numpy(dtype=float)
    after = before + added
    safe = np.maximum(children, 1e-9)
    out["new_places"] = added
    out["places_per_100_before"] = np.where(children > 0, 100 * before / safe, 0.0)
    out["places_per_100_after"] = np.where(children > 0, 100 * after / safe, 0.0)
    for scenario in params.dose_response_pp:
        out[f"mothers_enabled_{scenario}"] = mothers_enabled(
            children, before, after, params, scenario
        )
    return out
