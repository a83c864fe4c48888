"""The search parts of the siting solver on real states: absorbing swaps, Lagrangian restarts,
MIP starts and the occupancy rows of the exact model."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from redceci.planning.plan import build_problem
from redceci.planning.siting import SitingProblem, solve_exact, solve_greedy
from redceci.workflow import World, unit_pairs
from tests.planning.siting.instances import tiny
from tests.planning.siting.test_exact import brute_force_optimum


def _state_problem(world: World, code: str) -> SitingProblem:
    units = world.units[world.units["CVE_ENT"] == code].reset_index(drop=True)
    cands = world.candidates[world.candidates["CVE_ENT"] == code].reset_index(drop=True)
    pairs = unit_pairs(
        units,
        world.params,
        None,
        cands["lat"].to_numpy(),
        cands["lon"].to_numpy(),
        pd.Index(cands["site_id"]),
    )
    return build_problem(units, cands, pairs, world.params)


def _coverage(problem: SitingProblem, sites: list[int]) -> float:
    value = np.asarray(problem.weight) * np.asarray(problem.demand)
    hit = np.isin(np.asarray(problem.pair_site), sites)
    return float(value[np.unique(np.asarray(problem.pair_unit)[hit])].sum())


@pytest.fixture(scope="module")
def queretaro_mclp(locality_world: World) -> SitingProblem:
    """Querétaro as uncapacitated maximal covering with 10 centres (one per site)."""
    base = _state_problem(locality_world, "22")
    big = int(np.ceil(np.asarray(base.demand).sum())) + 1
    return dataclasses.replace(
        base,
        site_max_centres=np.ones(base.n_sites, dtype=np.int32),
        sizes=(big,),
        costs=(1.0,),
        max_centres=10,
        max_places=None,
        budget=None,
        min_occupancy=0.0,
    )


def test_mclp_plan_is_a_one_swap_local_optimum(queretaro_mclp: SitingProblem) -> None:
    """No single exchange of a chosen site for another improves coverage (brute force)."""
    result = solve_greedy(queretaro_mclp)
    chosen = [c.site for c in result.centres]
    assert len(chosen) == 10
    base = _coverage(queretaro_mclp, chosen)
    assert result.objective == pytest.approx(base, rel=1e-9)
    for i in range(len(chosen)):
        for j in range(queretaro_mclp.n_sites):
            if j not in chosen:
                swapped = [*chosen[:i], j, *chosen[i + 1 :]]
                assert _coverage(queretaro_mclp, swapped) <= base * (1 + 1e-9)


def test_mclp_plan_matches_the_exact_optimum(locality_world: World) -> None:
    """On Aguascalientes with 20 centres the restarts reach HiGHS's proven optimum."""
    base = _state_problem(locality_world, "01")
    big = int(np.ceil(np.asarray(base.demand).sum())) + 1
    problem = dataclasses.replace(
        base,
        site_max_centres=np.ones(base.n_sites, dtype=np.int32),
        sizes=(big,),
        costs=(1.0,),
        max_centres=20,
        max_places=None,
        budget=None,
        min_occupancy=0.0,
    )
    exact = solve_exact(problem, time_limit=120)
    assert exact.status == "optimal"
    result = solve_greedy(problem)
    assert result.objective >= exact.objective * (1 - 1e-6)
    assert result.bound >= exact.objective * (1 - 1e-9)


def test_restarts_never_lose_to_the_plain_greedy(locality_world: World) -> None:
    problem = dataclasses.replace(_state_problem(locality_world, "22"), max_centres=40)
    plain = solve_greedy(problem, restart_time_limit=0.0)
    full = solve_greedy(problem)
    assert full.objective >= plain.objective * (1 - 1e-12)
    assert full.iterations["restarts"] >= 1
    assert full.bound >= full.objective


def test_mip_start_and_occupancy_rows(locality_world: World) -> None:
    """A MIP-started, time-limited exact run is never worse than its start, and with the
    occupancy rows every site is at least rho full."""
    problem = dataclasses.replace(_state_problem(locality_world, "01"), max_centres=8)
    greedy = solve_greedy(problem)
    start = [(c.site, c.size_index) for c in greedy.centres]
    exact = solve_exact(problem, time_limit=0.5, start=start, occupancy=True)
    assert exact.objective >= greedy.objective * (1 - 1e-6)
    places = np.zeros(problem.n_sites)
    for c in exact.centres:
        places[c.site] += c.places
    served = np.bincount(exact.flow_site, weights=exact.flow_amount, minlength=problem.n_sites)
    open_sites = places > 0
    assert np.all(served[open_sites] >= problem.min_occupancy * places[open_sites] - 1e-6)


def _tiny(**change: object) -> SitingProblem:
    base = SitingProblem(
        demand=np.array([2.0]),
        weight=np.array([0.25]),
        pair_unit=np.array([0], dtype=np.int32),
        pair_site=np.array([0], dtype=np.int32),
        pair_minutes=np.array([1.0], dtype=np.float32),
        n_sites=1,
        site_state=np.array([1], dtype=np.int32),
        site_max_centres=np.array([1], dtype=np.int32),
        sizes=(1, 2),
        costs=(2.0, 1.0),
    )
    return dataclasses.replace(base, **change)  # type: ignore[arg-type]


def test_resizing_never_breaks_the_places_limit() -> None:
    """The larger size is cheaper, but only one place may be planned."""
    result = solve_greedy(_tiny(max_centres=1, max_places=1))
    assert result.places == 1
    assert result.objective == pytest.approx(0.25)


def test_a_state_minimum_is_reached_by_shrinking_an_earlier_centre() -> None:
    """Opening the cheap 20-place centre first leaves no budget for the other state's centre;
    shrinking it to 10 places makes room (the exact optimum is 10)."""
    problem = _tiny(
        demand=np.array([40.0]),
        weight=np.array([1.0]),
        n_sites=2,
        site_state=np.array([1, 2], dtype=np.int32),
        site_max_centres=np.array([1, 1], dtype=np.int32),
        sizes=(10, 20),
        costs=(6.0, 9.0),
        budget=13.0,
        state_min={1: 1, 2: 1},
    )
    result = solve_greedy(problem)
    assert sorted(c.site for c in result.centres) == [0, 1]
    assert result.cost <= 13.0
    assert result.objective == pytest.approx(solve_exact(problem).objective)


def test_no_site_no_gap() -> None:
    """Nothing can be opened: both solvers prove the empty plan optimal."""
    problem = _tiny(budget=0.0)
    assert solve_greedy(problem).status == "optimal"
    empty = _tiny(
        pair_unit=np.array([], dtype=np.int32),
        pair_site=np.array([], dtype=np.int32),
        pair_minutes=np.array([], dtype=np.float32),
        n_sites=0,
        site_state=np.array([], dtype=np.int32),
        site_max_centres=np.array([], dtype=np.int32),
    )
    assert solve_exact(empty).status == "optimal"
    assert solve_greedy(empty).objective == 0.0


def test_a_count_bound_plan_enlarges_a_centre_with_the_places_left() -> None:
    """Two centres, four places, sizes 1 and 3: ranked by gain per place, the greedy opens
    two 1-place centres (value 2 + 1); enlarging the first to 3 places gives the optimum 7
    (6 + 1), checked by brute force."""
    problem = tiny(
        [3, 1],
        [2.0, 1.0],
        [(0, 0), (1, 1)],
        n_sites=2,
        sizes=(1, 3),
        costs=(1.0, 2.0),
        max_centres=2,
        max_places=4,
    )
    assert brute_force_optimum(problem) == pytest.approx(7.0)
    result = solve_greedy(problem)
    assert result.objective == pytest.approx(7.0)
    assert sorted((c.site, c.size_index) for c in result.centres) == [(0, 1), (1, 0)]
    assert result.iterations["enlarged"] >= 1
