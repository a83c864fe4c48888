"""Hand-built siting instances shared by the siting tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from redceci.planning.siting import SitingProblem


def tiny(
    demand: Sequence[float],
    weight: Sequence[float],
    pairs: Sequence[tuple[int, int]],
    *,
    n_sites: int,
    sizes: tuple[int, ...] = (10,),
    costs: tuple[float, ...] = (1.0,),
    site_max: int | Sequence[int] = 1,
    states: Sequence[int] | None = None,
    **limits: Any,
) -> SitingProblem:
    """A hand-built instance; ``pairs`` are (unit, site), the k-th pair k+1 minutes long."""
    return SitingProblem(
        demand=np.asarray(demand, dtype=np.float64),
        weight=np.asarray(weight, dtype=np.float64),
        pair_unit=np.asarray([u for u, _ in pairs], dtype=np.int32),
        pair_site=np.asarray([s for _, s in pairs], dtype=np.int32),
        pair_minutes=np.arange(1, len(pairs) + 1, dtype=np.float32),
        n_sites=n_sites,
        site_state=np.asarray(states if states is not None else [1] * n_sites, dtype=np.int32),
        site_max_centres=np.broadcast_to(np.asarray(site_max, dtype=np.int32), (n_sites,)).copy(),
        sizes=sizes,
        costs=costs,
        **limits,
    )
