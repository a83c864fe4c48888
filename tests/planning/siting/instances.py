"""Hand-built siting instances shared by the siting tests, and the catalogue of small ones whose
optimum was worked out by hand (checked by brute force in test_exact.py)."""

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


#: (instance, optimum worked out by hand)
HAND_OPTIMA: dict[str, tuple[SitingProblem, float]] = {
    # Site 0 covers units 0-3, site 1 units 0, 1, 4, site 2 units 2, 3, 5 (one child each);
    # two centres. Site 0 alone covers most, but sites 1 + 2 cover all 6.
    "covering": (
        tiny(
            [1] * 6,
            [1] * 6,
            [(0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (1, 1), (4, 1), (2, 2), (3, 2), (5, 2)],
            n_sites=3,
            max_centres=2,
        ),
        6,
    ),
    # Unit 0 (10 children) reaches sites 0 and 1, unit 1 (10) only site 0; two centres of 10:
    # site 0 must take unit 1 and site 1 unit 0.
    "exchange": (tiny([10, 10], [1, 1], [(0, 0), (1, 0), (0, 1)], n_sites=2, max_centres=2), 20),
    # One centre of 60 places: the 50 children worth 1 first, then 10 of those worth 0.2.
    "weights_first": (
        tiny([50, 50], [1.0, 0.2], [(0, 0), (1, 0)], n_sites=1, sizes=(60,), max_centres=1),
        52,
    ),
    # Budget 5 buys 10+25 places (cost 2+3); 25+25 costs 6, 10+10 gives only 20.
    "budget_mix": (
        tiny(
            [40], [1], [(0, 0)], n_sites=1, site_max=2, sizes=(10, 25), costs=(2.0, 3.0), budget=5.0
        ),
        35,
    ),
    # The only centre allowed must go to the approved site 1, which has 5 children.
    "must_keep": (
        tiny([100, 5], [1, 1], [(0, 0), (1, 1)], n_sites=2, max_centres=1, must_keep={1: 0}),
        5,
    ),
    # Two centres; state 2 needs one, so the busy site 0 gets only one: 10 + 3.
    "state_min": (
        tiny(
            [100, 3],
            [1, 1],
            [(0, 0), (1, 1)],
            n_sites=2,
            site_max=2,
            states=[1, 2],
            max_centres=2,
            state_min={2: 1},
        ),
        13,
    ),
    # State 1 may have one centre: 10 there and 3 in state 2.
    "state_max": (
        tiny(
            [100, 3],
            [1, 1],
            [(0, 0), (1, 1)],
            n_sites=2,
            site_max=2,
            states=[1, 2],
            state_max={1: 1},
        ),
        13,
    ),
    # 30 places at most, whichever sizes hold them.
    "places": (
        tiny(
            [100],
            [1],
            [(0, 0)],
            n_sites=1,
            site_max=3,
            sizes=(10, 30),
            costs=(1.0, 2.0),
            max_places=30,
            max_centres=3,
        ),
        30,
    ),
    # 20 places for unit 0 (15, worth 1) and unit 1 (10, worth 0.5, only at site 0): 15 + 2.5.
    "shared_unit": (
        tiny([15, 10], [1, 0.5], [(0, 0), (1, 0), (0, 1)], n_sites=2, max_centres=2),
        17.5,
    ),
}


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
