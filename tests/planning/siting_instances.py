"""Hand-built siting instances shared by the siting tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st

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


def sometimes(draw: st.DrawFn) -> bool:
    """True one time in four: limits that often make a tiny instance infeasible or empty."""
    return draw(st.integers(0, 3)) == 0


@st.composite
def small_problems(
    draw: st.DrawFn,
    *,
    most: int = 6,
    max_size: int = 40,
    max_demand: int = 50,
    site_max: Sequence[int] = (1, 2, 3, 1, 2, 3, 0),
    counts: Sequence[int | None] = (None, 1, 2, 3, 4, 0),
    max_places: int = 100,
    max_budget: int = 30,
    state_max: Sequence[int] = (1, 2, 3, 0),
) -> SitingProblem:
    """Up to ``most`` units and sites, 2 sizes (sizes and costs drawn independently: a larger
    centre may cost less), 2 states, and every kind of limit, each present or not."""
    n = draw(st.integers(1, most))
    m = draw(st.integers(1, most))
    n_sizes = draw(st.integers(1, 2))
    sizes = tuple(draw(st.lists(st.integers(1, max_size), min_size=n_sizes, max_size=n_sizes)))
    costs = tuple(
        float(c) for c in draw(st.lists(st.integers(1, 10), min_size=n_sizes, max_size=n_sizes))
    )
    links = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    pairs = [(q // m, q % m) for q in range(n * m) if links[q]]
    return SitingProblem(
        demand=np.array(draw(st.lists(st.integers(1, max_demand), min_size=n, max_size=n)), float),
        weight=np.array(draw(st.lists(st.integers(0, 12), min_size=n, max_size=n)), float) / 4,
        pair_unit=np.array([u for u, _ in pairs], dtype=np.int32),
        pair_site=np.array([s for _, s in pairs], dtype=np.int32),
        pair_minutes=np.array(
            draw(st.lists(st.integers(1, 30), min_size=len(pairs), max_size=len(pairs))),
            dtype=np.float32,
        ),
        n_sites=m,
        site_state=np.array(
            draw(st.lists(st.sampled_from([1, 2]), min_size=m, max_size=m)), np.int32
        ),
        site_max_centres=np.array(
            draw(st.lists(st.sampled_from(list(site_max)), min_size=m, max_size=m)), np.int32
        ),
        sizes=sizes,
        costs=costs,
        max_centres=draw(st.sampled_from(list(counts))),
        max_places=draw(st.none() | st.integers(0, max_places)),
        budget=draw(st.none() | st.integers(0, max_budget).map(float)),
        state_min={g: draw(st.integers(1, 2)) for g in (1, 2) if sometimes(draw)},
        state_max={g: draw(st.sampled_from(list(state_max))) for g in (1, 2) if sometimes(draw)},
        must_keep={
            j: draw(st.integers(0, n_sizes - 1))
            for j in draw(st.lists(st.integers(0, m - 1), max_size=2, unique=True))
            if sometimes(draw)
        },
        min_occupancy=draw(st.sampled_from([0.0, 0.5, 1.0])),
    )
