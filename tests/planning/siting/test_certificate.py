"""The certificate: every bound it takes the least of is valid on its own, reduced-cost fixing
never closes a site a better plan needs, and a plan that meets a bound is called optimal.

References are the exact optimum (``solve_exact``, itself checked by brute force in
``test_exact.py``) on small random instances.
"""

from __future__ import annotations

import dataclasses

import highspy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redceci.errors import InfeasibleError
from redceci.planning.siting import SitingProblem, solve_exact, solve_greedy
from redceci.planning.siting.bound import LagrangianDual
from redceci.planning.siting.certificate import (
    certify,
    coverable_bound,
    covering_lp_bound,
    dual_bound,
    lp_bound,
)
from redceci.planning.siting.milp import (
    covering_model,
    covering_rows,
    milp_model,
    run_covering_milp,
)
from redceci.planning.siting.synthetic import random_covering
from tests.planning.siting.instances import small_problems

TOL = 1e-6


def optimum_or_none(problem: SitingProblem) -> float | None:
    try:
        result = solve_exact(problem, heuristic_start=False)
    except InfeasibleError:
        return None
    assert result.status == "optimal"
    return result.objective


@settings(max_examples=50, deadline=None)
@given(small_problems(), st.lists(st.floats(-3.0, 3.0), min_size=40, max_size=40))
def test_every_bound_is_at_least_the_optimum(problem: SitingProblem, noise: list[float]) -> None:
    optimum = optimum_or_none(problem)
    if optimum is None:
        return
    tol = TOL * max(optimum, 1.0)
    assert coverable_bound(problem) >= optimum - tol
    lp = lp_bound(problem, time_limit=30.0)
    assert lp is not None
    assert lp >= optimum - tol
    # Any row multipliers at all give a valid dual bound (weak duality, bounded columns).
    model = milp_model(problem)
    rows = model.row_lower.size
    duals = np.resize(np.asarray(noise), rows)
    assert dual_bound(model, duals) >= optimum - tol
    assert dual_bound(model, np.zeros(rows)) >= optimum - tol


@settings(max_examples=40, deadline=None)
@given(small_problems(), st.lists(st.floats(0.0, 1.2), min_size=6, max_size=6))
def test_reduced_cost_fixing_never_closes_a_site_a_better_plan_opens(
    problem: SitingProblem, factors: list[float]
) -> None:
    optimum = optimum_or_none(problem)
    if optimum is None:
        return
    lam = np.asarray(factors[: problem.n_units]) * np.asarray(problem.weight)
    dual = LagrangianDual(problem, lam)
    dual.run(10, target=optimum, gap_tolerance=0.0, deadline=float("inf"))
    # Take a slightly worse incumbent: a site may be closed only if every plan opening it
    # is worth less than that, so the optimum with the site forced open must be too.
    incumbent = optimum * (1 - 1e-3) - 1e-6
    for j in np.nonzero(dual.closed_sites(incumbent))[0]:
        for k in range(len(problem.sizes)):
            forced = dataclasses.replace(problem, must_keep={**problem.must_keep, int(j): k})
            try:
                forced.validate()
            except InfeasibleError:
                continue
            value = optimum_or_none(forced)
            if value is not None:
                assert value < incumbent + TOL * max(optimum, 1.0)


def test_the_least_bound_wins_and_is_named() -> None:
    cert = certify({"lagrangian": 12.0, "coverable": 10.0, "lp": float("nan")})
    assert (cert.bound, cert.source) == (10.0, "coverable")
    assert certify({}).source == "none"


def test_a_plan_covering_all_demand_is_reported_optimal() -> None:
    # Issue 12: a plan that serves every coverable child meets the coverable bound.
    problem = random_covering(300, 60, 60, seed=3)
    result = solve_greedy(problem, lp_max_pairs=0)
    coverable = coverable_bound(problem)
    assert result.objective == pytest.approx(coverable, rel=1e-9)
    assert result.status == "optimal"
    assert result.gap == 0.0
    assert result.bounds["coverable"] >= result.objective


def test_the_lp_relaxation_certifies_a_small_instance_the_subgradient_leaves_open() -> None:
    problem = random_covering(1200, 250, 8, seed=5)
    assert problem.n_pairs <= 20_000
    loose = solve_greedy(
        problem, lp_max_pairs=0, covering_bound_iterations=5, covering_exact_max_sites=0
    )
    tight = solve_greedy(problem, covering_bound_iterations=5, covering_exact_max_sites=0)
    assert "lp" not in loose.bounds
    assert "lp" in tight.bounds
    assert tight.objective == loose.objective  # the certificate never changes the plan
    assert tight.bound <= loose.bound
    assert tight.bound == min(tight.bounds.values()) or tight.bound == tight.objective
    exact = solve_exact(problem, heuristic_start=False, strong=True, time_limit=120)
    assert exact.status == "optimal"
    assert tight.bound >= exact.objective * (1 - 1e-9)
    assert tight.objective <= exact.objective * (1 + 1e-9)


def test_the_exact_resolve_keeps_a_valid_bound_and_never_loses_value() -> None:
    problem = random_covering(600, 120, 6, seed=7)
    # Few bound steps leave a gap, so the re-solve runs (on every site it cannot close).
    plain = solve_greedy(
        problem,
        lp_max_pairs=0,
        covering_bound_iterations=5,
        covering_exact_max_sites=0,
        covering_lp_max_pairs=0,
    )
    resolved = solve_greedy(problem, lp_max_pairs=0, covering_bound_iterations=5)
    assert plain.gap > 1e-6
    assert "exact" in resolved.bounds
    assert resolved.objective >= plain.objective * (1 - 1e-12)
    exact = solve_exact(problem, heuristic_start=False, strong=True, time_limit=120)
    assert resolved.bound >= exact.objective * (1 - 1e-9)
    assert resolved.status == "optimal"


def test_the_covering_resolve_reaches_the_optimum_of_every_site() -> None:
    """Maximal covering: after reduced-cost fixing, the compact MILP on the sites left open
    finds and proves the optimum that the same MILP on all 400 sites finds."""
    problem = random_covering(2000, 400, 30, seed=3)
    heuristic = solve_greedy(problem, lp_max_pairs=0, covering_exact_max_sites=0)
    result = solve_greedy(problem, lp_max_pairs=0)
    every_site = run_covering_milp(
        problem,
        np.arange(problem.n_sites),
        np.array([c.site for c in heuristic.centres]),
        count=30,
        max_nodes=100_000,
        time_limit=300.0,
    )
    assert every_site is not None
    assert heuristic.gap > 1e-4  # the heuristic alone leaves a gap (measured 0.12 %)
    assert result.iterations["exact_sites"] < problem.n_sites
    assert result.objective == pytest.approx(every_site.bound, rel=1e-9)
    assert result.status == "optimal"
    assert result.bound_source == "exact"


def test_covering_rows_merge_units_reached_by_the_same_sites_without_changing_any_plan() -> None:
    """The compact covering model gives units with the same sites one row: fewer rows, and
    every plan (random sets of the kept sites) covers exactly the same weighted demand."""
    problem = random_covering(3000, 600, 20, seed=5)
    sites = np.arange(0, problem.n_sites, 2)
    row_unit, row_site, value = covering_rows(problem, sites)
    unit, site = np.asarray(problem.pair_unit), np.asarray(problem.pair_site)
    kept = np.isin(site, sites)
    worth = np.asarray(problem.weight) * np.asarray(problem.demand)
    assert value.size < np.unique(unit[kept]).size  # rows were merged
    assert value.sum() == pytest.approx(worth[np.unique(unit[kept])].sum(), rel=1e-12)
    rng = np.random.default_rng(0)
    for _ in range(20):
        plan = rng.choice(sites, size=20, replace=False)
        by_units = worth[np.unique(unit[kept & np.isin(site, plan)])].sum()
        by_rows = value[np.unique(row_unit[np.isin(row_site, plan)])].sum()
        assert by_rows == pytest.approx(by_units, rel=1e-12)


def test_the_covering_lp_bound_is_valid_tight_and_below_the_lagrangian_bound() -> None:
    """Maximal covering with many centres (p = 60 of 400 sites, the exact re-solve off): the
    compact covering LP, from interior-point duals, lies between the proven optimum and the
    Lagrangian bound, within 1e-6 of the LP's optimum (simplex), and the plan takes it."""
    problem = random_covering(2000, 400, 60, seed=7)
    sites = np.arange(problem.n_sites)
    without = solve_greedy(
        problem, lp_max_pairs=0, covering_exact_max_sites=0, covering_lp_max_pairs=0
    )
    result = solve_greedy(problem, lp_max_pairs=0, covering_exact_max_sites=0)
    start = np.array([c.site for c in without.centres])
    optimum = run_covering_milp(
        problem, sites, start, count=60, max_nodes=1_000_000, time_limit=300.0
    )
    assert optimum is not None and not optimum.stopped_early
    lp = covering_lp_bound(problem, sites, 60, time_limit=60.0)
    assert lp is not None
    bound = lp.bound
    model = covering_model(problem, sites, 60)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(model.lp)
    h.run()
    lp_value = h.getInfo().objective_function_value
    assert bound >= optimum.bound * (1 - 1e-9)
    assert bound == pytest.approx(lp_value, rel=1e-6)
    assert "covering_lp" not in without.bounds
    assert result.bounds["covering_lp"] == pytest.approx(bound, rel=1e-9)
    assert bound < without.bounds["lagrangian"]  # the LP is tighter than the steps reached
    assert result.bound == pytest.approx(min(result.bounds.values()), rel=1e-12)
    assert result.gap < without.gap


def test_the_covering_lp_support_resolve_finds_a_better_plan_and_leaves_the_bound() -> None:
    """SYNTHETIC 5,000 x 1,000, p = 100 (1,000 sites left open: no exact re-solve): the
    covering MILP on the LP's support (measured 279 sites) finds a better plan than the
    search (216,820 -> 217,464 of a proven optimum 217,513, ``bench/siting.py``); the bound
    is the same LP bound, and the plan's value is what its sites really cover."""
    problem = random_covering(5000, 1000, 100, seed=1)
    without = solve_greedy(problem, covering_lp_resolve_max_sites=0)
    result = solve_greedy(problem)
    assert 100 <= result.iterations["lp_support_sites"] <= 400
    assert result.iterations.get("lp_support_improved") == 1
    assert result.objective > without.objective
    assert result.bounds["covering_lp"] == pytest.approx(without.bounds["covering_lp"], rel=1e-9)
    assert result.bound == pytest.approx(without.bound, rel=1e-9)
    assert result.gap < without.gap
    opened = np.array(sorted({c.site for c in result.centres}))
    assert opened.size <= 100
    unit, site = np.asarray(problem.pair_unit), np.asarray(problem.pair_site)
    worth = np.asarray(problem.weight) * np.asarray(problem.demand)
    covered = worth[np.unique(unit[np.isin(site, opened)])].sum()
    assert result.objective == pytest.approx(covered, rel=1e-9)
    assert result.objective <= result.bound
