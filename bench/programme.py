"""The programme benchmark: end-to-end ``redceci programme`` on the national data (a child
process: time, peak memory, the programme's certified gap, the plan's gap, centres per year),
and the AGEB split's error where AGEB counts are known (in-process, on the real files).

Usage: ``python bench/programme.py [--runs 1] [--no-sensitivity]``; writes
``bench/results/programme.json`` and ``bench/results/programme.md``.
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
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from machine import Load, describe_machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class ProgrammeRun:
    """One end-to-end ``redceci programme`` run."""

    wall_s: float
    peak_rss_mib: float
    exit_code: int
    programme_gap: float
    programme_value: float
    programme_bound: float
    programme_s: float
    plan_gap: float
    plan_solver_s: float
    centres_by_year: dict[str, int]
    land_needed: int
    max_centres_at_one_point: int
    load_before: Load
    load_after: Load


_IDS = {
    "programme_gap": r'<span id="programme-gap">([^<]*) %</span>',
    "programme_value": r'<span id="programme-value">([^<]*)</span>',
    "programme_bound": r'<span id="programme-bound">([^<]*)</span>',
    "programme_s": r'<span id="programme-seconds">([^<]*)</span>',
    "plan_gap": r'<dd id="gap">([^<]*) %</dd>',
    "plan_solver_s": r'<dd id="solver-seconds">([^<]*) s</dd>',
}


def _report_figures(report: Path) -> dict[str, float]:
    html = report.read_text(encoding="utf-8")
    out = {}
    for name, pattern in _IDS.items():
        match = re.search(pattern, html)
        if match is None:
            raise RuntimeError(f"{report}: no {name} (has the template changed?)")
        value = float(match.group(1).replace(",", ""))
        out[name] = value / 100 if name.endswith("gap") else value
    return out


def run_programme(sensitivity: bool, workdir: Path) -> ProgrammeRun:
    """``redceci programme --lang en`` once in a child process, timed; its outputs read."""
    script = Path(sys.executable).with_name("redceci")
    out = workdir / "programme"
    command = [str(script), "programme", "--lang", "en", "--out", str(out)]
    if not sensitivity:
        command.append("--no-sensitivity")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    load_before = Load.now()
    with (workdir / "stdout.txt").open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = (workdir / "stdout.txt").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"redceci programme failed with exit {code}:\n{tail}")
    with (out / "programme.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    years = Counter(r["year"] or "unscheduled" for r in rows)
    at_point = Counter()
    with (out / "plan.csv").open(newline="", encoding="utf-8") as handle:
        for site in csv.DictReader(handle):
            at_point[(site["lat"], site["lon"])] += int(float(site["centres"]))
    return ProgrammeRun(
        wall_s=round(wall, 2),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),
        exit_code=code,
        centres_by_year=dict(sorted(years.items())),
        land_needed=sum(r["land"] == "land_needed" for r in rows),
        max_centres_at_one_point=max(at_point.values(), default=0),
        load_before=load_before,
        load_after=Load.now(),
        **_report_figures(out / "report.html"),
    )


def split_errors() -> dict[str, Any]:
    """The no-count AGEB split scored where AGEB counts are known (13 states)."""
    from redceci.countries.mx.ageb_split import assess_split_rule
    from redceci.data.census import read_ageb
    from redceci.data.places import read_ageb_points
    from redceci.settings import get_settings

    settings = get_settings()
    known = read_ageb(settings.data, level="ageb").merge(
        read_ageb_points(settings.data)[["CVEGEO", "AREA_KM2"]], on="CVEGEO"
    )
    a0 = settings.model.resolution.area_saturation_km2
    return {
        column: asdict(assess_split_rule(known, saturation_km2=a0, column=column))
        for column in ("POBTOT", "P_0A2")
    }


def render(payload: dict[str, Any]) -> str:
    m = payload["machine"]
    lines = [
        "# redceci programme benchmark",
        "",
        f"*Measured {m['date_utc']} on {m['cpu_count']} × {m['cpu_model']}, commit "
        f"`{m['commit']}`{' (dirty)' if m['dirty'] else ''}; load at start "
        f"{m['load_at_start']['one']} / {m['load_at_start']['five']} / "
        f"{m['load_at_start']['fifteen']}.*",
        "",
        f"Command: `{' '.join(payload['command'])}` (child process).",
        "",
        "| run | wall s | peak RSS MiB | programme gap | plan gap | centres by year | "
        "land needed | most centres at one point | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(payload["runs"], start=1):
        years = ", ".join(f"{y}: {n}" for y, n in r["centres_by_year"].items())
        lines.append(
            f"| {i} | {r['wall_s']:.1f} | {r['peak_rss_mib']:.0f} | "
            f"{100 * r['programme_gap']:.2f} % | {100 * r['plan_gap']:.2f} % | {years} | "
            f"{r['land_needed']} | {r['max_centres_at_one_point']} | "
            f"{r['load_before']['one']} |"
        )
    lines += ["", "## AGEB split where AGEB counts are known (share of people misplaced)", ""]
    lines += [
        "| count | localities | AGEBs | equal shares | by area | prior (in sample) | "
        "prior (leave one state out) | best a0 km² |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for column, s in payload["ageb_split"].items():
        lines.append(
            f"| {column} | {s['localities']} | {s['agebs']} | {100 * s['equal_shares']:.1f} % | "
            f"{100 * s['by_area']:.1f} % | {100 * s['prior_in_sample']:.1f} % | "
            f"{100 * s['prior_cross_validated']:.1f} % | {s['best_saturation_km2']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-sensitivity", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    machine = describe_machine(ROOT)
    runs = []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="redceci-programme-") as tmp:
            run = run_programme(not args.no_sensitivity, Path(tmp))
        print(
            f"  programme run {i + 1}/{args.runs}: {run.wall_s:.1f} s, "
            f"{run.peak_rss_mib:.0f} MiB, gap {100 * run.programme_gap:.2f}%",
            flush=True,
        )
        runs.append(asdict(run))
    command = ["redceci", "programme", "--lang", "en", "--out", "<tmp>"]
    if args.no_sensitivity:
        command.append("--no-sensitivity")
    payload = {
        "machine": machine.as_dict(),
        "command": command,
        "runs": runs,
        "ageb_split": split_errors(),
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "programme.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.results / "programme.md").write_text(render(payload), encoding="utf-8")
    print(f"wrote {args.results / 'programme.json'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
