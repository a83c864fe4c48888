"""SYNTHETIC maximal-covering instances from a seeded generator, for tests and benchmarks.

Nothing here is real data: demand points and candidate sites are drawn in the unit square
(half of them around a few "towns", half uniformly), each demand point holds 1-99 people,
and a point is covered by the sites within a radius chosen so that a point has
``sites_per_unit`` sites within reach on average. The instance is a ``SitingProblem`` made
uncapacitated (one size holding all the demand, one centre per site, ``p`` centres), so its
objective is the maximal covering objective.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial import cKDTree

from redceci.planning.siting.problem import FloatArray, SitingProblem

__all__ = ["random_covering"]


def random_covering(
    n_units: int,
    n_sites: int,
    p: int,
    *,
    seed: int,
    sites_per_unit: float = 8.0,
    towns: int = 20,
) -> SitingProblem:
    """A SYNTHETIC maximal covering instance (see the module docstring).

    Parameters
    ----------
    n_units, n_sites
        Demand points and candidate sites.
    p
        Centres to open.
    seed
        Seed of the generator (same seed, same instance).
    sites_per_unit
        Mean number of sites within reach of a uniformly placed point; sets the radius.
    towns
        Clusters holding half of the points and sites.
    """
    rng = np.random.default_rng(seed)
    centres = rng.random((max(towns, 1), 2))
    units = _points(rng, n_units, centres)
    sites = _points(rng, n_sites, centres)
    radius = math.sqrt(sites_per_unit / (math.pi * max(n_sites, 1)))
    reach = cKDTree(sites).query_ball_point(units, radius)
    counts = np.fromiter((len(r) for r in reach), dtype=np.int64, count=n_units)
    pair_unit = np.repeat(np.arange(n_units, dtype=np.int64), counts)
    pair_site = (
        np.concatenate([np.asarray(r, dtype=np.int64) for r in reach])
        if counts.sum()
        else np.zeros(0, dtype=np.int64)
    )
    order = np.lexsort((pair_site, pair_unit))
    pair_unit, pair_site = pair_unit[order], pair_site[order]
    distance = np.linalg.norm(units[pair_unit] - sites[pair_site], axis=1)
    people = rng.integers(1, 100, n_units).astype(np.float64)
    return SitingProblem(
        demand=people,
        weight=np.ones(n_units),
        pair_unit=pair_unit.astype(np.int32),
        pair_site=pair_site.astype(np.int32),
        pair_minutes=(20.0 * distance / radius).astype(np.float32),
        n_sites=n_sites,
        site_state=np.ones(n_sites, dtype=np.int32),
        site_max_centres=np.ones(n_sites, dtype=np.int32),
        sizes=(int(people.sum()) + 1,),
        costs=(1.0,),
        max_centres=p,
    )


def _points(rng: np.random.Generator, n: int, centres: FloatArray) -> FloatArray:
    """Half uniform in the unit square, half normal around the towns (clipped to it)."""
    clustered = n // 2
    town = rng.integers(0, centres.shape[0], clustered)
    near = centres[town] + rng.normal(0.0, 0.03, (clustered, 2))
    spread = rng.random((n - clustered, 2))
    return np.clip(np.vstack([near, spread]), 0.0, 1.0)
