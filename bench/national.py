"""The national benchmark: end-to-end ``redceci plan`` as a child process, timed and measured.

Each run is a fresh process (imports, data reading, needs, siting, report), so the wall time is
what a user waits and the peak resident memory is that process's own (``os.wait4``).
"""

from __future__ import annotations

import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from machine import Load
from redceci.workflow import World, unit_pairs

#: The plan of issue 2: 1,000 centres, 500,000 places, no budget, every state.
CENTRES = 1000
PLACES = 500_000
#: Bars of issue 2.
MAX_SECONDS = 60.0
MAX_PEAK_MIB = 2048.0
TARGET_GAP = 0.02


@dataclass(frozen=True)
class InstanceSize:
    """Size of the siting instance the CLI builds (counted in-process on the same data)."""

    units: int
    candidates: int
    pairs: int
    pairs_with_unmet: int  # the solver's pairs (units without unmet demand are left out)
    units_with_unmet: int
    unmet_children: float


@dataclass(frozen=True)
class PlanRun:
    """One end-to-end ``redceci plan`` run."""

    wall_s: float
    peak_rss_mib: float
    exit_code: int
    solver_s: float
    method: str
    status: str
    objective: float
    bound: float
    gap: float
    centres: int
    places: int
    cost: float
    served: float
    max_centres_at_one_point: int
    load_before: Load
    load_after: Load


@dataclass(frozen=True)
class NationalResult:
    """Every run, the instance size and the bars."""

    command: list[str]
    runs: list[PlanRun]
    instance: InstanceSize

    @property
    def wall_min(self) -> float:
        """Fastest wall time (s)."""
        return min(r.wall_s for r in self.runs)

    @property
    def wall_median(self) -> float:
        """Median wall time (s)."""
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def peak_rss_mib(self) -> float:
        """Largest peak resident memory over the runs (MiB)."""
        return max(r.peak_rss_mib for r in self.runs)

    @property
    def gap(self) -> float:
        """Largest certified gap over the runs."""
        return max(r.gap for r in self.runs)

    def checks(self) -> dict[str, bool]:
        """Which bars of issue 2 the runs meet."""
        return {
            "all_runs_succeeded": all(r.exit_code == 0 for r in self.runs),
            f"median_wall_under_{MAX_SECONDS:.0f}s": self.wall_median < MAX_SECONDS,
            f"peak_rss_under_{MAX_PEAK_MIB:.0f}MiB": self.peak_rss_mib < MAX_PEAK_MIB,
            f"gap_at_most_{100 * TARGET_GAP:.0f}pct": self.gap <= TARGET_GAP,
        }

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields, with the summary figures."""
        return {
            "command": self.command,
            "instance": asdict(self.instance),
            "summary": {
                "runs": len(self.runs),
                "wall_min_s": round(self.wall_min, 2),
                "wall_median_s": round(self.wall_median, 2),
                "peak_rss_mib": round(self.peak_rss_mib, 1),
                "gap_max": self.gap,
            },
            "checks": self.checks(),
            "runs": [asdict(r) for r in self.runs],
        }


def plan_command() -> list[str]:
    """The ``redceci`` console script of the running interpreter, with the national plan."""
    script = Path(sys.executable).with_name("redceci")
    if not script.exists():
        raise SystemExit(f"no redceci console script next to {sys.executable}: pip install -e .")
    return [
        str(script), "plan", "--centres", str(CENTRES), "--places", str(PLACES), "--lang", "en"
    ]  # fmt: skip


def run_plan(command: list[str], workdir: Path) -> PlanRun:
    """Run the national plan once in a child process; time it and read its outputs."""
    out = workdir / "plan"
    log = workdir / "stdout.txt"
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    load_before = Load.now()
    with log.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen([*command, "--out", str(out)], stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    load_after = Load.now()
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"redceci plan failed with exit {child.returncode}:\n{tail}")
    solver = _read_solver(out / "report.html")
    totals = _read_sites(out / "plan.csv")
    return PlanRun(
        wall_s=round(wall, 3),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        exit_code=child.returncode,
        solver_s=float(solver["seconds"]),
        method=solver["method"],
        status=solver["status"],
        objective=float(solver["objective"]),
        bound=float(solver["bound"]),
        gap=(float(solver["bound"]) - float(solver["objective"]))
        / max(float(solver["bound"]), 1e-12),
        centres=int(totals["centres"]),
        places=int(totals["places"]),
        cost=totals["cost"],
        served=round(totals["served"], 1),
        max_centres_at_one_point=int(totals["max_at_one_point"]),
        load_before=load_before,
        load_after=load_after,
    )


_SOLVER_FIELDS = {
    "method": r'<dd id="solver-method">([^<]*)</dd>',
    "status": r'<dd id="solver-status" data-status="([^"]*)"',
    "objective": r'<dd id="solver-objective">([^<]*)</dd>',
    "bound": r'<dd id="solver-bound">([^<]*)</dd>',
    "seconds": r'<dd id="solver-seconds">([^<]*) s</dd>',
}


def _read_solver(report: Path) -> dict[str, str]:
    """Method, status, objective, bound and time from the report's solver section."""
    html = report.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for name, pattern in _SOLVER_FIELDS.items():
        match = re.search(pattern, html)
        if match is None:
            raise RuntimeError(f"{report}: no solver {name} found (has the template changed?)")
        fields[name] = match.group(1).strip().replace(",", "")
    return fields


def _read_sites(plan_csv: Path) -> dict[str, float]:
    """Centres, places, cost and children served, summed over the plan's sites, and the most
    centres the plan puts on one coordinate."""
    totals = dict.fromkeys(("centres", "places", "cost", "served"), 0.0)
    at_point: dict[tuple[str, str], float] = {}
    with plan_csv.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for name in totals:
                totals[name] += float(row[name])
            key = (row["lat"], row["lon"])
            at_point[key] = at_point.get(key, 0.0) + float(row["centres"])
    totals["max_at_one_point"] = max(at_point.values(), default=0.0)
    return totals


def instance_size(world: World) -> InstanceSize:
    """Units, candidates and unit-candidate pairs of the national instance, as the CLI builds it."""
    cand = world.candidates
    pairs = unit_pairs(
        world.units,
        world.params,
        world.travel_table,
        cand["lat"].to_numpy(),
        cand["lon"].to_numpy(),
        pd.Index(cand["site_id"]),
    )
    unmet = world.units["unmet"].to_numpy(dtype=float)
    return InstanceSize(
        units=len(world.units),
        candidates=len(cand),
        pairs=len(pairs),
        pairs_with_unmet=int((unmet[pairs.origin] > 0).sum()),
        units_with_unmet=int((unmet > 0).sum()),
        unmet_children=round(float(unmet.sum()), 1),
    )


def bench_national(runs: int, world: Callable[[], World]) -> NationalResult:
    """Run the national plan ``runs`` times, one after the other, then count the instance.

    ``world`` loads the data in this process; it is called after the runs, so that the
    runs do not share the machine with it.
    """
    command = plan_command()
    results: list[PlanRun] = []
    for i in range(runs):
        with tempfile.TemporaryDirectory(prefix="redceci-bench-") as tmp:
            run = run_plan(command, Path(tmp))
        print(
            f"  national run {i + 1}/{runs}: {run.wall_s:.1f} s, {run.peak_rss_mib:.0f} MiB, "
            f"gap {100 * run.gap:.2f}%, load {run.load_before.one}",
            flush=True,
        )
        results.append(run)
    size = instance_size(world())
    shown = ["redceci", *command[1:], "--out", "<tmp>"]
    return NationalResult(command=shown, runs=results, instance=size)
