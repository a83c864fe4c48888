"""Spatial accessibility of places: two-step floating catchment area (2SFCA) and enhanced 2SFCA.

Origins are demand units, destinations are providers; the index is places per person reachable.
"""

from __future__ import annotations

import numpy as np

from redceci.planning.travel import Pairs


def zone_weights(
    pairs: Pairs, catchment_minutes: float, weights: tuple[float, ...] | None
) -> np.ndarray:
    """Distance-decay weight of each pair: ``weights[k]`` for the k-th equal slice of the
    catchment (E2SFCA), or 1 everywhere (plain 2SFCA)."""
    if weights is None:
        return np.ones(len(pairs))
    w = np.asarray(weights, dtype=float)
    zone = np.minimum((pairs.minutes / catchment_minutes * w.size).astype(int), w.size - 1)
    return np.asarray(w[zone])


def two_step_fca(
    pairs: Pairs,
    demand: np.ndarray,
    supply: np.ndarray,
    *,
    catchment_minutes: float,
    weights: tuple[float, ...] | None = None,
) -> np.ndarray:
    """Accessibility A_i = sum_j W_ij R_j with R_j = S_j / sum_k W_kj D_k (Luo & Wang 2003).

    With ``weights`` = None this is the 2SFCA; with zone weights it is the enhanced 2SFCA of
    Luo & Qi (2009). Pairs beyond ``catchment_minutes`` are ignored. A provider with no demand
    in reach has ratio 0 (its places help nobody in the study area).
    """
    p = pairs.within(catchment_minutes)
    w = zone_weights(p, catchment_minutes, weights)
    demand = np.asarray(demand, dtype=float)
    supply = np.asarray(supply, dtype=float)
    reach = np.bincount(p.dest, weights=w * demand[p.origin], minlength=p.n_dests)
    ratio = np.divide(supply, reach, out=np.zeros(p.n_dests), where=reach > 0)
    return np.bincount(p.origin, weights=w * ratio[p.dest], minlength=p.n_origins)


def reachable_sum(pairs: Pairs, values: np.ndarray, *, catchment_minutes: float) -> np.ndarray:
    """For each origin, the sum of destination ``values`` within the catchment."""
    p = pairs.within(catchment_minutes)
    v = np.asarray(values, dtype=float)
    return np.bincount(p.origin, weights=v[p.dest], minlength=p.n_origins)
