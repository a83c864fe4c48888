"""The Lagrangian bound: never below the optimum, for any multipliers, and tight where it can be.

Optima of the hand-built instances are worked out in the comments; on random instances the
reference is ``solve_exact``, itself checked against brute force in ``test_exact.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redceci.errors import InfeasibleError, InputError
from redceci.planning.siting import (
    SitingProblem,
    lagrangian_bound,
    lagrangian_bound_details,
    solve_exact,
)
from redceci.planning.siting.relaxation import Relaxations
from tests.planning.siting.instances import HAND_OPTIMA, small_problems, tiny

TOL = 1e-6  # relative tolerance on objective values


#: The bound at zero multipliers, worked out by hand: in "covering" the sites taken alone are
#: worth 4, 3 and 3, so the count relaxation gives 4 + 3 = 7; in "must_keep" the bound forces
#: approved centres, so it does not count site 0; in "places" the count relaxation allows 3
#: centres of 30 but the places relaxation only 30 places; in "budget_mix" every peso buys at
#: most 25/3 places, so no plan has more than 41.7 places and the bound is the 40 children.
COVERING = HAND_OPTIMA["covering"][0]

AT_ZERO = {
    "covering": 7,
    "exchange": 20,
    "weights_first": 52,
    "must_keep": 5,
    "places": 30,
    "state_max": 13,
    "budget_mix": 40,
}


@pytest.mark.parametrize("name", HAND_OPTIMA)
def test_the_bound_is_never_below_the_hand_optimum(name: str) -> None:
    problem, optimum = HAND_OPTIMA[name]
    assert lagrangian_bound(problem) >= optimum


@pytest.mark.parametrize("name", AT_ZERO)
def test_at_zero_multipliers_the_bound_is_the_relaxation_worked_out_by_hand(name: str) -> None:
    problem, at_zero = HAND_OPTIMA[name][0], AT_ZERO[name]
    bound = lagrangian_bound(problem, iterations=1)
    assert bound >= at_zero  # the rounding margin only ever adds
    assert bound == pytest.approx(at_zero, rel=1e-9)


def test_subgradient_steps_tighten_the_bound_of_the_covering_instance() -> None:
    at_zero = lagrangian_bound(COVERING, iterations=1)
    tightened = lagrangian_bound(COVERING, iterations=60)
    assert 6 <= tightened < at_zero - 0.5


def test_a_known_plan_value_as_target_stops_the_steps_once_the_bound_meets_it() -> None:
    details = lagrangian_bound_details(COVERING, iterations=200, target=6.0)
    assert details.bound >= 6
    assert details.iterations < 200


def test_the_details_return_the_multipliers_that_give_the_bound() -> None:
    details = lagrangian_bound_details(COVERING, iterations=60)
    weight = np.asarray(COVERING.weight)
    assert details.lam.shape == (COVERING.n_units,)
    assert np.all((details.lam >= 0) & (details.lam <= weight))
    assert 1 <= details.iterations <= 60
    assert details.relaxation in {"A", "B"}
    again = lagrangian_bound(COVERING, details.lam, iterations=1)
    assert again == pytest.approx(details.bound, rel=1e-12)


def test_no_new_step_starts_after_the_time_limit() -> None:
    details = lagrangian_bound_details(COVERING, iterations=60, time_limit=0.0)
    assert details.iterations == 1
    assert details.bound >= 6


@pytest.mark.parametrize(
    "lam0",
    [np.full(6, -5.0), np.full(6, np.nan), np.full(6, 7.0)],
    ids=["negative", "nan", "above_weight"],
)
def test_multipliers_outside_zero_to_weight_are_clipped_into_a_valid_bound(
    lam0: np.ndarray,
) -> None:
    bound = lagrangian_bound(COVERING, lam0, iterations=1)
    clipped = np.clip(np.nan_to_num(lam0, nan=0.0), 0.0, 1.0)
    assert bound >= 6
    assert bound == pytest.approx(lagrangian_bound(COVERING, clipped, iterations=1), rel=1e-12)


def test_starting_multipliers_of_the_wrong_shape_are_an_input_error() -> None:
    with pytest.raises(InputError, match="lam0"):
        lagrangian_bound(COVERING, np.zeros(5))


def test_the_bound_validates_its_problem() -> None:
    bad = tiny([1, -1], [1, 1], [(0, 0)], n_sites=1)
    with pytest.raises(InputError, match="demand"):
        lagrangian_bound(bad)


def test_nothing_to_serve_gives_a_zero_bound() -> None:
    assert lagrangian_bound(tiny([0, 0], [1, 1], [(0, 0), (1, 0)], n_sites=1)) == 0.0
    assert lagrangian_bound(tiny([5, 5], [0, 0], [(0, 0), (1, 0)], n_sites=1)) == 0.0
    assert lagrangian_bound(tiny([5], [1], [], n_sites=1)) == 0.0


# --------------------------------------------------------------------------- random instances


def optimum_or_none(problem: SitingProblem) -> float | None:
    try:
        result = solve_exact(problem)
    except InfeasibleError:
        return None
    assert result.status == "optimal"
    return result.objective


@settings(max_examples=60, deadline=None)
@given(small_problems(), st.lists(st.floats(-0.5, 1.5), min_size=6, max_size=6))
def test_any_multipliers_give_a_bound_above_the_optimum(
    problem: SitingProblem, factors: list[float]
) -> None:
    optimum = optimum_or_none(problem)
    if optimum is None:  # infeasible: no optimum to bound
        return
    tol = TOL * max(optimum, 1.0)
    lam0 = np.asarray(factors[: problem.n_units]) * np.asarray(problem.weight)
    at_lam0 = lagrangian_bound(problem, lam0, iterations=1)
    assert at_lam0 >= optimum - tol  # weak duality, at whatever multipliers
    stepped = lagrangian_bound(problem, lam0, iterations=40)
    assert optimum - tol <= stepped <= at_lam0  # steps only ever keep a lower valid value
    assert lagrangian_bound(problem, target=optimum) >= optimum - tol


@settings(max_examples=80, deadline=None)
@given(small_problems(), st.lists(st.floats(-0.5, 1.5), min_size=6, max_size=6))
def test_whole_sites_left_unsorted_give_the_value_of_sorting_every_site(
    problem: SitingProblem, factors: list[float]
) -> None:
    """A site whose first centre holds all it reaches is summed, not sorted: same L, same
    subgradient and same site choices as sorting every site."""
    lam = np.clip(np.asarray(factors[: problem.n_units]), 0, None) * np.asarray(problem.weight)
    split = Relaxations(problem).evaluate(lam)
    sorted_all = Relaxations(problem, split_whole=False).evaluate(lam)
    assert split[0] == pytest.approx(sorted_all[0], rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(split[1], sorted_all[1], rtol=1e-9, atol=1e-9)
    assert split[2] == sorted_all[2]
    np.testing.assert_array_equal(split[3], sorted_all[3])


def test_the_national_shape_mixes_whole_and_cut_sites() -> None:
    """Sites reaching fewer children than a centre holds are whole; the others are cut."""
    problem = tiny(
        [30, 30, 5, 5],
        [1, 1, 1, 1],
        [(0, 0), (1, 0), (2, 1), (3, 1), (2, 2)],
        n_sites=3,
        sizes=(20,),
        max_centres=2,
    )
    data = Relaxations(problem)
    assert data.n_cut == 2  # site 0's two pairs: 60 children for 20 places
    value, _, _, counts = data.evaluate(np.zeros(4))
    assert value == pytest.approx(30)  # 20 at site 0 + 10 at site 1
    np.testing.assert_array_equal(counts, [1, 1, 0])
