"""Same input, same plan: every stage of ``solve_greedy`` stops on work, not on the clock, so a
run on a machine kept busy by another process gives exactly the plan and bound of a quiet one."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest

from redceci.planning.siting import SitingProblem, SitingResult, solve_greedy
from redceci.planning.siting.synthetic import random_covering


@contextmanager
def busy_cpu(processes: int = 2) -> Iterator[None]:
    """Spinning child processes competing for the CPU while the block runs."""
    spin = "import time\nend = time.time() + 120\nwhile time.time() < end: pass\n"
    children = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(processes)]
    try:
        yield
    finally:
        for child in children:
            child.kill()
            child.wait()


def capacitated(problem: SitingProblem) -> SitingProblem:
    """The covering instance with two centre sizes that most sites' demand cannot fill:
    capacities bind (sorted bound) and the plan is not certified by the coverable bound."""
    return dataclasses.replace(
        problem,
        sizes=(1500, 4000),
        costs=(1.0, 1.8),
        site_max_centres=np.full(problem.n_sites, 2, dtype=np.int32),
        max_centres=40,
        max_places=90_000,
    )


def signature(result: SitingResult) -> tuple[object, ...]:
    return (
        tuple((c.site, c.size_index) for c in result.centres),
        result.objective,
        result.bound,
        result.bound_source,
        dict(result.iterations),
    )


@pytest.mark.parametrize("kind", ["covering", "capacitated"])
def test_a_busy_machine_gives_the_same_plan_and_bound(kind: str) -> None:
    problem = random_covering(2500, 500, 25, seed=11)
    if kind == "capacitated":
        problem = capacitated(problem)
    quiet = solve_greedy(problem, lp_max_pairs=0)
    with busy_cpu():
        busy = solve_greedy(problem, lp_max_pairs=0)
    assert quiet.limits_hit == busy.limits_hit == ()
    assert signature(busy) == signature(quiet)
    assert quiet.iterations["bound_iterations"] >= 2
    assert quiet.gap == busy.gap


def test_a_safety_net_that_stops_a_stage_is_reported() -> None:
    problem = capacitated(random_covering(1500, 300, 20, seed=12))
    result = solve_greedy(problem, lp_max_pairs=0, bound_time_limit=0.0, time_limit=0.0)
    assert "bound" in result.limits_hit
    assert "local_search" in result.limits_hit
    assert result.bound >= result.objective


def _sum_product_under(blas_threads: int) -> str:
    """``sum_product`` of two seeded million-long vectors, in a child running that many BLAS
    threads (the number is read when numpy loads)."""
    code = (
        "import numpy as np\n"
        "from redceci.planning.siting.problem import sum_product\n"
        "rng = np.random.default_rng(1)\n"
        "a, b = rng.random(1_000_000), rng.random(1_000_000)\n"
        "print(repr(sum_product(a, b)), repr(float(np.sum(a * b))))\n"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": str(blas_threads), "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_sums_of_products_do_not_depend_on_the_blas_threads() -> None:
    # A BLAS dot product splits the sum over its threads, so its last digits change with
    # their number (and so, through the chaotic local search, the plan); sum_product does not.
    one, two = _sum_product_under(1), _sum_product_under(2)
    assert one == two
    value, reference = (float(x) for x in one.split())
    assert value == pytest.approx(reference, rel=1e-12)
