"""The siting engine against HiGHS's proven optimum (and spopt) on SYNTHETIC covering instances.

Run from the repository root (``make bench`` runs it; alone: ``bench/.venv-bench/bin/python
bench/siting.py``). Writes ``bench/results/siting.json``.

For each instance of ``redceci.planning.siting.synthetic.random_covering`` (seeded, SYNTHETIC:
5,000 points x 1,000 sites and 20,000 x 5,000, p = 20 and 100), in one process, one after the
other:

* **ours**: ``solve_greedy`` with the work limits of ``SitingParameters`` (as ``redceci plan``
  uses them): time, coverage, certified bound, gap, status, bound source, limits hit;
* **HiGHS**: the compact maximal covering MILP (``x_j`` binary, ``z_i`` in [0, 1], ``z_i <=
  sum_{j covers i} x_j``, ``sum x_j <= p``), one thread, ``--time-limit`` (300 s): status,
  time, its best plan's coverage (recomputed from the chosen sites) and its dual bound;
* **spopt** (``--spopt``, only up to ``--spopt-max-cells`` dense cells: its dense cost matrix
  makes 20,000 x 5,000 take minutes just to build): ``MCLP.from_cost_matrix`` solved by PuLP
  with HiGHS, coverage recomputed from its chosen sites.

Ratios in the same run: value = ours / HiGHS's best, time = HiGHS / ours; ``bound_valid`` checks
that our certified bound is at least HiGHS's best plan. Then one end-to-end national plan
(``redceci plan --centres 1000 --places 500000`` as a child process: wall time, peak memory,
gap, status). The load average is recorded before and after each run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import highspy
import numpy as np

from machine import Load, describe_machine
from national import plan_command, run_plan
from redceci.planning.parameters import SitingParameters
from redceci.planning.siting import SitingProblem, solve_greedy
from redceci.planning.siting.synthetic import random_covering

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
#: (demand points, candidate sites, p) of issue 12.
INSTANCES = ((5000, 1000, 20), (5000, 1000, 100), (20000, 5000, 20), (20000, 5000, 100))


@dataclass(frozen=True)
class Ours:
    """``solve_greedy`` on one instance."""

    seconds: float
    objective: float
    bound: float
    gap: float
    status: str
    bound_source: str
    limits_hit: list[str]
    bounds: dict[str, float]
    load_before: Load
    load_after: Load


@dataclass(frozen=True)
class Highs:
    """HiGHS on the compact MILP of one instance."""

    seconds: float
    status: str
    objective: float | None  # coverage of its best plan, recomputed
    dual_bound: float | None
    load_before: Load
    load_after: Load


@dataclass(frozen=True)
class Spopt:
    """spopt's MCLP (build + solve) on one instance."""

    build_s: float
    solve_s: float
    status: str
    objective: float | None
    load_before: Load
    load_after: Load


def coverage(problem: SitingProblem, sites: np.ndarray) -> float:
    """People at points within reach of at least one of ``sites``."""
    chosen = np.zeros(problem.n_sites, dtype=bool)
    chosen[np.asarray(sites, dtype=np.int64)] = True
    hit = chosen[np.asarray(problem.pair_site, dtype=np.int64)]
    units = np.unique(np.asarray(problem.pair_unit, dtype=np.int64)[hit])
    return float(np.asarray(problem.demand)[units].sum())


def run_ours(problem: SitingProblem) -> Ours:
    """Our engine with the planning parameters' work limits."""
    sp = SitingParameters()
    before = Load.now()
    start = time.perf_counter()
    result = solve_greedy(
        problem,
        swap_passes=sp.swap_passes,
        bound_iterations=sp.bound_iterations,
        restarts=sp.restarts,
        covering_bound_iterations=sp.covering_bound_iterations,
        covering_restarts=sp.covering_restarts,
        restart_bound_iterations=sp.restart_bound_iterations,
        restart_swap_passes=sp.restart_swap_passes,
        lp_max_pairs=sp.lp_bound_max_pairs,
        exact_max_sites=sp.exact_max_sites,
        exact_max_nodes=sp.exact_max_nodes,
        optimal_gap=sp.optimal_gap,
        time_limit=sp.time_limit_s,
        bound_time_limit=sp.bound_time_limit_s,
        restart_time_limit=sp.restart_time_limit_s,
    )
    seconds = time.perf_counter() - start
    sites = np.array([c.site for c in result.centres], dtype=np.int64)
    return Ours(
        seconds=round(seconds, 3),
        objective=coverage(problem, sites),
        bound=result.bound,
        gap=result.gap,
        status=result.status,
        bound_source=result.bound_source,
        limits_hit=list(result.limits_hit),
        bounds=dict(result.bounds),
        load_before=before,
        load_after=Load.now(),
    )


def run_highs(problem: SitingProblem, time_limit: float) -> Highs:
    """The compact maximal covering MILP in HiGHS (one thread)."""
    n, m = problem.n_units, problem.n_sites
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    before = Load.now()
    start = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", float(time_limit))
    h.addVars(n + m, np.zeros(n + m), np.ones(n + m))
    cost = np.concatenate([np.asarray(problem.demand, dtype=np.float64), np.zeros(m)])
    h.changeColsCost(n + m, np.arange(n + m, dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    order = np.lexsort((site, unit))
    counts = np.bincount(unit, minlength=n)
    row_start = (np.arange(n) + np.concatenate([[0], np.cumsum(counts)[:-1]])).astype(np.int32)
    index = np.empty(unit.size + n, dtype=np.int32)
    value = np.empty(unit.size + n)
    z_pos = row_start
    index[z_pos] = np.arange(n)
    value[z_pos] = 1.0
    others = np.ones(unit.size + n, dtype=bool)
    others[z_pos] = False
    index[others] = n + site[order]
    value[others] = -1.0
    h.addRows(n, np.full(n, -highspy.kHighsInf), np.zeros(n), index.size, row_start, index, value)
    h.addRow(
        -highspy.kHighsInf, float(problem.max_centres or m), m, np.arange(n, n + m), np.ones(m)
    )
    integer = np.array([highspy.HighsVarType.kInteger] * m)
    h.changeColsIntegrality(m, np.arange(n, n + m, dtype=np.int32), integer)
    h.run()
    seconds = time.perf_counter() - start
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    objective = dual = None
    if int(info.primal_solution_status) == int(highspy.SolutionStatus.kSolutionStatusFeasible):
        x = np.asarray(h.getSolution().col_value)[n:]
        objective = coverage(problem, np.nonzero(x > 0.5)[0])
        dual = float(info.mip_dual_bound)
    return Highs(round(seconds, 3), status, objective, dual, before, Load.now())


def run_spopt(problem: SitingProblem, time_limit: float) -> Spopt:
    """spopt's MCLP from a dense cost matrix (pairs within the radius, the rest beyond it)."""
    import pulp
    from spopt.locate import MCLP

    radius = 20.0  # random_covering: minutes are 20 x distance / radius
    before = Load.now()
    start = time.perf_counter()
    cost = np.full((problem.n_units, problem.n_sites), 2 * radius)
    cost[problem.pair_unit, problem.pair_site] = np.asarray(problem.pair_minutes)
    model = MCLP.from_cost_matrix(
        cost,
        np.asarray(problem.demand),
        service_radius=radius,
        p_facilities=int(problem.max_centres or 0),
        name="bench",
    )
    build = time.perf_counter() - start
    model.solve(pulp.HiGHS(msg=False, timeLimit=time_limit), results=False)
    solve = time.perf_counter() - start - build
    chosen = [j for j in range(problem.n_sites) if (model.fac_vars[j].value() or 0) > 0.5]
    return Spopt(
        round(build, 3),
        round(solve, 3),
        pulp.LpStatus[model.problem.status],
        coverage(problem, np.array(chosen, dtype=np.int64)),
        before,
        Load.now(),
    )


def compare(n: int, m: int, p: int, args: argparse.Namespace) -> dict[str, Any]:
    """One instance: ours, HiGHS (and spopt), with ratios."""
    problem = random_covering(n, m, p, seed=args.seed)
    ours = run_ours(problem)
    print(
        f"{n} x {m}, p={p}: ours {ours.seconds:.1f} s, {ours.objective:.0f}, gap "
        f"{100 * ours.gap:.3f}% ({ours.status}, {ours.bound_source})",
        flush=True,
    )
    highs = run_highs(problem, args.time_limit)
    print(f"  HiGHS {highs.seconds:.1f} s {highs.status}: {highs.objective}", flush=True)
    row: dict[str, Any] = {
        "instance": {"units": n, "sites": m, "p": p, "seed": args.seed, "pairs": problem.n_pairs},
        "total_demand": float(np.asarray(problem.demand).sum()),
        "ours": asdict(ours),
        "highs": asdict(highs),
    }
    if highs.objective:
        row["value_ratio"] = ours.objective / highs.objective
        row["time_ratio_highs_over_ours"] = highs.seconds / max(ours.seconds, 1e-9)
        row["bound_valid"] = ours.bound >= highs.objective * (1 - 1e-9)
        if highs.status == "Optimal":
            row["true_gap"] = 1 - ours.objective / highs.objective
    if args.spopt and n * m <= args.spopt_max_cells:
        spopt = run_spopt(problem, args.time_limit)
        row["spopt"] = asdict(spopt)
        if spopt.objective:
            row["value_ratio_spopt"] = ours.objective / spopt.objective
            row["time_ratio_spopt_over_ours"] = (spopt.build_s + spopt.solve_s) / ours.seconds
        print(f"  spopt {spopt.build_s + spopt.solve_s:.1f} s: {spopt.objective}", flush=True)
    return row


def national() -> dict[str, Any]:
    """One end-to-end national plan in a child process."""
    with tempfile.TemporaryDirectory(prefix="redceci-bench-") as tmp:
        run = run_plan(plan_command(), Path(tmp))
    print(f"national: {run.wall_s:.1f} s, gap {100 * run.gap:.2f}%, {run.status}", flush=True)
    return asdict(run)


def main(argv: list[str] | None = None) -> int:
    """Run every instance, then the national plan; write ``siting.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=300.0, help="per HiGHS/spopt run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", type=int, help="run only this instance (index into INSTANCES)")
    parser.add_argument("--spopt", action="store_true", help="also run spopt (small instances)")
    parser.add_argument("--spopt-max-cells", type=int, default=5_000_000)
    parser.add_argument("--no-national", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    machine = describe_machine(ROOT)
    chosen = INSTANCES if args.only is None else (INSTANCES[args.only],)
    rows = [compare(n, m, p, args) for n, m, p in chosen]
    payload: dict[str, Any] = {
        "machine": machine.as_dict(),
        "settings": {"time_limit_s": args.time_limit, "seed": args.seed},
        "rows": rows,
    }
    if not args.no_national:
        payload["national"] = national()
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / "siting.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
