"""The siting heuristic: feasible plans, never above the optimum, honest gap and status.

Optima of the hand-built instances are worked out in the comments; on random instances the
reference is ``solve_exact``, itself checked against brute force in ``test_exact.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from redceci.errors import InfeasibleError, InputError
from redceci.planning.siting import (
    OPTIMAL_GAP,
    SitingProblem,
    SitingResult,
    lagrangian_bound,
    solve_exact,
    solve_greedy,
)
from tests.planning.siting.instances import HAND_OPTIMA, small_problems, tiny

TOL = 1e-6  # relative tolerance on objective values and resources


def assert_feasible(problem: SitingProblem, result: SitingResult) -> None:
    """Every constraint of the model (``SitingProblem`` docstring) holds for the plan."""
    sites = np.array([c.site for c in result.centres], dtype=np.int64)
    per_site = np.bincount(sites, minlength=problem.n_sites)
    for c in result.centres:
        assert c.places == problem.sizes[c.size_index]
        assert c.cost == problem.costs[c.size_index]
    if problem.max_centres is not None:
        assert result.n_centres <= problem.max_centres
    if problem.max_places is not None:
        assert result.places <= problem.max_places
    if problem.budget is not None:
        assert result.cost <= problem.budget * (1 + 1e-9) + 1e-9
    assert np.all(per_site <= np.asarray(problem.site_max_centres))
    state = np.asarray(problem.site_state)
    for code, low in problem.state_min.items():
        assert np.sum(state[sites] == code) >= low, f"state {code} below its minimum"
    for code, high in problem.state_max.items():
        assert np.sum(state[sites] == code) <= high, f"state {code} above its maximum"
    for j, k in problem.must_keep.items():
        assert any(c.site == j and c.size_index == k for c in result.centres), f"site {j} closed"
    # Flows: positive, on listed pairs only, within demand and within the site's places.
    unit, site = np.asarray(problem.pair_unit).tolist(), np.asarray(problem.pair_site).tolist()
    listed = set(zip(unit, site, strict=True))
    assert set(zip(result.flow_unit.tolist(), result.flow_site.tolist(), strict=True)) <= listed
    assert np.all(result.flow_amount > 0)
    places = np.bincount(
        sites, weights=[c.places for c in result.centres], minlength=problem.n_sites
    )
    served = np.bincount(result.flow_site, weights=result.flow_amount, minlength=problem.n_sites)
    assert np.all(served <= places * (1 + 1e-9) + 1e-9)
    demand = np.asarray(problem.demand)
    taken = np.bincount(result.flow_unit, weights=result.flow_amount, minlength=problem.n_units)
    assert np.all(taken <= demand * (1 + 1e-9) + 1e-9)
    # The objective is the weighted flow, and the centres split their site's flow.
    weight = np.asarray(problem.weight)
    assert result.objective == pytest.approx(
        float(weight[result.flow_unit] @ result.flow_amount), rel=1e-9, abs=1e-12
    )
    assert sum(c.served for c in result.centres) == pytest.approx(result.served, abs=1e-9)
    assert sum(c.served_weight for c in result.centres) == pytest.approx(result.objective, abs=1e-9)


def assert_honest_gap(problem: SitingProblem, result: SitingResult) -> None:
    """gap = (bound - objective) / bound (0 when the difference is below 1e-9 of the total
    weighted demand: rounding), and "optimal" only when it is closed."""
    assert result.bound >= result.objective
    scale = float(np.asarray(problem.weight) @ np.asarray(problem.demand))
    if result.bound - result.objective <= 1e-9 * scale:
        assert result.gap == 0.0
    else:
        assert result.gap == pytest.approx(
            (result.bound - result.objective) / max(result.bound, 1e-12), abs=1e-12
        )
    assert (result.status == "optimal") == (result.gap <= OPTIMAL_GAP)
    assert result.status in {"optimal", "feasible"}


# --------------------------------------------------------------------------- tiny instances


@pytest.mark.parametrize("name", HAND_OPTIMA)
def test_greedy_never_beats_the_hand_optimum_and_its_bound_never_falls_below_it(
    name: str,
) -> None:
    problem, optimum = HAND_OPTIMA[name]
    result = solve_greedy(problem)
    assert_feasible(problem, result)
    assert_honest_gap(problem, result)
    assert result.objective <= optimum * (1 + TOL)
    assert result.bound >= optimum * (1 - TOL)
    if result.objective < optimum * (1 - TOL):  # a heuristic miss is never called optimal
        assert result.status == "feasible"
        assert result.gap >= (optimum - result.objective) / result.bound * (1 - TOL)


def test_a_centre_takes_the_children_worth_most_first() -> None:
    # One centre of 60 places, 50 children worth 1 and 50 worth 0.2: 50 + 10 x 0.2 = 52.
    problem = tiny([50, 50], [1.0, 0.2], [(0, 0), (1, 0)], n_sites=1, sizes=(60,), max_centres=1)
    result = solve_greedy(problem)
    assert result.objective == pytest.approx(52.0)
    taken = np.bincount(result.flow_unit, weights=result.flow_amount, minlength=2)
    np.testing.assert_allclose(taken, [50.0, 10.0])
    assert_honest_gap(problem, result)


def test_approved_sites_are_opened_with_their_size_even_when_others_serve_more() -> None:
    # The only centre allowed must be the approved one at site 1 (5 children), not site 0 (100).
    problem = tiny(
        [100, 5],
        [1, 1],
        [(0, 0), (1, 1)],
        n_sites=2,
        sizes=(10, 20),
        costs=(1.0, 2.0),
        max_centres=1,
        must_keep={1: 1},
    )
    result = solve_greedy(problem)
    assert [(c.site, c.size_index, c.places) for c in result.centres] == [(1, 1, 20)]
    assert result.objective == pytest.approx(5.0)
    assert_feasible(problem, result)


def test_a_state_minimum_moves_a_centre_to_a_state_with_little_demand() -> None:
    # Two centres of 10; state 2 must get one (3 children); site 0 in state 1 gets the other.
    problem = tiny(
        [100, 3],
        [1, 1],
        [(0, 0), (1, 1)],
        n_sites=2,
        site_max=2,
        states=[1, 2],
        max_centres=2,
        state_min={2: 1},
    )
    result = solve_greedy(problem)
    assert sorted(c.site for c in result.centres) == [0, 1]
    assert result.objective == pytest.approx(13.0)
    assert_feasible(problem, result)


def test_a_state_maximum_caps_the_centres_of_a_busy_state() -> None:
    # Site 0 (state 1, 100 children) could take two centres, but state 1 may have one.
    problem = tiny(
        [100, 3], [1, 1], [(0, 0), (1, 1)], n_sites=2, site_max=2, states=[1, 2], state_max={1: 1}
    )
    result = solve_greedy(problem)
    assert sorted(c.site for c in result.centres) == [0, 1]
    assert result.objective == pytest.approx(13.0)
    assert_feasible(problem, result)


@pytest.mark.parametrize(("rho", "opened"), [(0.0, 1), (0.2, 1), (0.21, 0), (0.5, 0)])
def test_no_centre_is_opened_below_the_minimum_occupancy(rho: float, opened: int) -> None:
    # 20 children for a 100-place centre: 20% full.
    problem = tiny([20], [1], [(0, 0)], n_sites=1, sizes=(100,), max_centres=1, min_occupancy=rho)
    result = solve_greedy(problem)
    assert result.n_centres == opened
    assert result.objective == pytest.approx(20.0 * opened)


def test_progress_is_reported_stage_by_stage() -> None:
    problem, _ = HAND_OPTIMA["shared_unit"]
    calls: list[tuple[str, float]] = []
    solve_greedy(problem, progress=lambda stage, fraction: calls.append((stage, fraction)))
    stages = list(dict.fromkeys(stage for stage, _ in calls))
    assert stages == ["greedy", "local_search", "polish", "bound"]
    assert all(0.0 <= fraction <= 1.0 for _, fraction in calls)
    assert calls[-1] == ("bound", 1.0)


# --------------------------------------------------------------------------- random instances


@settings(max_examples=80, deadline=None)
@given(small_problems())
def test_greedy_plans_are_feasible_and_between_zero_and_the_optimum(
    problem: SitingProblem,
) -> None:
    try:
        exact = solve_exact(problem)
    except InfeasibleError:
        with pytest.raises(InfeasibleError):
            solve_greedy(problem)
        return
    assert exact.status == "optimal"
    assert_feasible(problem, exact)
    result = solve_greedy(problem)
    assert_feasible(problem, result)
    assert_honest_gap(problem, result)
    scale = max(exact.objective, 1.0)
    assert 0.0 <= result.objective <= exact.objective + TOL * scale
    assert result.bound >= exact.objective - TOL * scale


# --------------------------------------------------------------------------- errors


def base_problem(**change: Any) -> SitingProblem:
    problem = tiny(
        [30, 30],
        [1, 1],
        [(0, 0), (1, 1)],
        n_sites=2,
        states=[1, 2],
        sizes=(10, 20),
        costs=(4.0, 9.0),
    )
    return dataclasses.replace(problem, **change)


SOLVERS: dict[str, Callable[[SitingProblem], object]] = {
    "greedy": solve_greedy,
    "bound": lagrangian_bound,
    "exact": solve_exact,
}

# case -> (change to a valid problem, what the message names)
MALFORMED: dict[str, tuple[dict[str, Any], str]] = {
    "negative_demand": ({"demand": np.array([30.0, -1.0])}, "demand"),
    "nan_weight": ({"weight": np.array([1.0, np.nan])}, "weight"),
    "pair_unit_out_of_range": ({"pair_unit": np.array([0, 2], dtype=np.int32)}, "pair_unit"),
    "pair_site_out_of_range": ({"pair_site": np.array([0, 2], dtype=np.int32)}, "pair_site"),
    "negative_pair_site": ({"pair_site": np.array([0, -1], dtype=np.int32)}, "pair_site"),
    "duplicated_pair": (
        {"pair_unit": np.array([0, 0], dtype=np.int32), "pair_site": np.array([1, 1], np.int32)},
        "duplicated",
    ),
    "weight_length": ({"weight": np.array([1.0])}, "weight"),
    "pair_site_length": ({"pair_site": np.array([0], dtype=np.int32)}, "pair_site"),
    "minutes_length": ({"pair_minutes": np.array([1, 2, 3], dtype=np.float32)}, "pair_minutes"),
    "site_state_length": ({"site_state": np.array([1], dtype=np.int32)}, "site_state"),
    "site_max_length": ({"site_max_centres": np.array([1, 1, 1], np.int32)}, "site_max_centres"),
    "costs_length": ({"costs": (4.0,)}, "costs"),
    "no_sizes": ({"sizes": (), "costs": ()}, "sizes"),
    "zero_size": ({"sizes": (0, 20)}, "size"),
    "zero_cost": ({"costs": (0.0, 9.0)}, "cost"),
    "negative_budget": ({"budget": -1.0}, "budget"),
    "occupancy_above_one": ({"min_occupancy": 1.5}, "min_occupancy"),
    "must_keep_unknown_site": ({"must_keep": {5: 0}}, "must_keep"),
    "must_keep_unknown_size": ({"must_keep": {0: 2}}, "must_keep"),
}


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_problem_is_an_input_error_naming_the_field(case: str, solver: str) -> None:
    change, field = MALFORMED[case]
    with pytest.raises(InputError, match=field):
        SOLVERS[solver](base_problem(**change))


# case -> (change to a feasible problem, what the message names)
IMPOSSIBLE: dict[str, tuple[dict[str, Any], str]] = {
    # The approved 20-place centre costs 9; the budget is 5.
    "must_keep_over_budget": ({"must_keep": {0: 1}, "budget": 5.0}, "budget"),
    # Two approved sites, one centre allowed.
    "must_keep_over_count": ({"must_keep": {0: 0, 1: 0}, "max_centres": 1}, "max_centres"),
    # The approved 20-place centre does not fit in 15 places.
    "must_keep_over_places": ({"must_keep": {0: 1}, "max_places": 15}, "max_places"),
    # State 2 has one site, which holds one centre.
    "state_min_over_room": ({"state_min": {2: 2}}, "state 2"),
    "state_min_above_state_max": ({"state_min": {1: 1}, "state_max": {1: 0}}, "state 1"),
    # Two states need a centre each, at least 4 pesos apiece; the budget is 7.
    "state_minima_over_budget": ({"state_min": {1: 1, 2: 1}, "budget": 7.0}, "budget"),
    "must_keep_over_state_max": ({"must_keep": {1: 0}, "state_max": {2: 0}}, "state 2"),
    "must_keep_site_without_room": (
        {"must_keep": {1: 0}, "site_max_centres": np.array([1, 0], dtype=np.int32)},
        "site 1",
    ),
}


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("case", IMPOSSIBLE)
def test_an_impossible_problem_is_infeasible(case: str, solver: str) -> None:
    change, reason = IMPOSSIBLE[case]
    with pytest.raises(InfeasibleError, match=reason):
        SOLVERS[solver](base_problem(**change))
