"""The country-pack benchmark: ``redceci plan --country gt`` end to end (a child process: wall
time, peak memory, the plan's certified gap and solver time, centres) and the SYNTHETIC
Guatemalan enrolment demo into a fresh SQLite file, each with the load around it.

Usage: ``python bench/country.py [--runs 3] [--centres 100]``; writes
``bench/results/country.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from machine import Load, describe_machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Run:
    """One timed command in a child process."""

    command: str
    wall_s: float
    peak_rss_mib: float
    figures: dict[str, float]
    load_before: Load
    load_after: Load


def _timed(command: list[str], workdir: Path, env: dict[str, str]) -> tuple[float, float, str]:
    log = workdir / "output.txt"
    with log.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    text = log.read_text(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed with exit {code}:\n{text[-2000:]}")
    return round(wall, 2), round(usage.ru_maxrss / 1024, 1), text


def plan_run(centres: int, workdir: Path) -> Run:
    """``redceci plan --country gt --centres N`` once; gap and solver time from its report."""
    script = Path(sys.executable).with_name("redceci")
    out = workdir / "plan"
    command = [
        str(script), "plan", "--country", "gt", "--centres", str(centres),
        "--places", str(250 * centres), "--lang", "en", "--out", str(out),
    ]  # fmt: skip
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    before = Load.now()
    wall, rss, _ = _timed(command, workdir, env)
    html = (out / "report.html").read_text(encoding="utf-8")
    gap = re.search(r'<dd id="gap">([^<]*) %</dd>', html)
    solver = re.search(r'<dd id="solver-seconds">([^<]*) s</dd>', html)
    if gap is None or solver is None:
        raise RuntimeError("the report has no gap or solver time (has the template changed?)")
    with (out / "plan.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    figures = {
        "gap": float(gap.group(1)) / 100,
        "solver_s": float(solver.group(1)),
        "centres": float(sum(int(float(r["centres"])) for r in rows)),
        "sites": float(len(rows)),
    }
    return Run(" ".join(command[1:]), wall, rss, figures, before, Load.now())


def enrolment_run(families: int, workdir: Path) -> Run:
    """``redceci enrolment demo --country gt`` into a fresh SQLite file."""
    script = Path(sys.executable).with_name("redceci")
    command = [str(script), "enrolment", "demo", "--country", "gt", "--families", str(families)]
    env = {
        **os.environ,
        "COLUMNS": "300",
        "NO_COLOR": "1",
        "REDCECI_DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
    }
    before = Load.now()
    wall, rss, text = _timed(command, workdir, env)
    found = re.search(r"([\d,]+) familias.*?([\d,]+) niñas y niños", text, re.S)
    if found is None:
        raise RuntimeError(f"no family count in the output:\n{text[-1000:]}")
    figures = {
        "families": float(found.group(1).replace(",", "")),
        "children": float(found.group(2).replace(",", "")),
    }
    return Run(" ".join(command[1:]), wall, rss, figures, before, Load.now())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--centres", type=int, default=100)
    parser.add_argument("--families", type=int, default=2000)
    args = parser.parse_args()
    plans, demos = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            plans.append(plan_run(args.centres, Path(tmp)))
    with tempfile.TemporaryDirectory() as tmp:
        demos.append(enrolment_run(args.families, Path(tmp)))
    payload: dict[str, Any] = {
        "machine": describe_machine(ROOT).as_dict(),
        "plan_gt": [asdict(r) for r in plans],
        "enrolment_demo_gt": [asdict(r) for r in demos],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "country.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for r in plans + demos:
        print(f"{r.command}: {r.wall_s} s, {r.peak_rss_mib} MiB, {r.figures}, load {r.load_before}")
    print(f"written {path}")


if __name__ == "__main__":
    main()
