"""Run redceci's benchmarks and write ``bench/results/*.json`` and ``bench/results/latest.md``.

Usage (``make bench`` does this with ``bench/.venv-bench``, where spopt is installed)::

    bench/.venv-bench/bin/python bench/run.py [--runs 3] [--states 01,22,15] [--p 10,20,40]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, get_args

from machine import describe_machine
from mclp import SolverName, Weighting, compare, state_instance
from national import bench_national
from redceci.settings import get_settings
from redceci.workflow import World, load_world
from summary import render

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
NATIONAL_JSON = "national.json"
MCLP_JSON = "mclp_spopt.json"


def _codes(text: str) -> list[str]:
    return [c.strip().zfill(2) for c in text.split(",") if c.strip()]


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["national", "mclp"], help="run one benchmark")
    parser.add_argument("--runs", type=int, default=3, help="national plan runs (default 3)")
    parser.add_argument(
        "--states", type=_codes, default=_codes("01,22,15"), help="states for the MCLP comparison"
    )
    parser.add_argument("--p", type=_ints, default=_ints("10,20,40"), help="centres to site")
    parser.add_argument("--weighting", choices=get_args(Weighting), default="mothers")
    parser.add_argument("--solver", choices=get_args(SolverName), default="cbc")
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="spopt solver limit per model (s)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="repeats of our solver per row (median)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="output folder")
    return parser.parse_args(argv)


def _write(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _wrote(path)


def _wrote(path: Path) -> None:
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)


def run_national(args: argparse.Namespace, world: Callable[[], World]) -> None:
    """End-to-end ``redceci plan`` runs, then the instance size."""
    machine = describe_machine(ROOT)
    print(f"national plan, {args.runs} runs (load {machine.load_at_start.one})", flush=True)
    result = bench_national(args.runs, world)
    _write(args.results / NATIONAL_JSON, {"machine": machine.as_dict(), **result.as_dict()})


def run_mclp(args: argparse.Namespace, world: Callable[[], World]) -> None:
    """spopt MCLP against ``solve_greedy`` on each state and p."""
    machine = describe_machine(ROOT)
    rows: list[dict[str, Any]] = []
    for code in args.states:
        instance = state_instance(world(), code, args.weighting)
        print(
            f"state {code} {instance.name}: {instance.n_units} units, {instance.n_sites} sites, "
            f"{instance.problem.n_pairs} pairs",
            flush=True,
        )
        for p in args.p:
            row = compare(
                instance,
                p,
                weighting=args.weighting,
                solver=args.solver,
                time_limit=args.time_limit,
                repeats=args.repeats,
            )
            cov = row.coverage_ratio
            print(
                f"  p={p}: ours {row.ours.median_s:.3f} s, spopt {row.spopt.total_s:.2f} s "
                f"({row.spopt.status}/{row.spopt.solution_status}), "
                f"x{row.time_ratio:.1f}, coverage ratio {'—' if cov is None else f'{cov:.4f}'}",
                flush=True,
            )
            rows.append(row.as_dict())
    settings = {
        "states": args.states,
        "p": args.p,
        "weighting": args.weighting,
        "solver": args.solver,
        "time_limit_s": args.time_limit,
        "repeats": args.repeats,
    }
    _write(
        args.results / MCLP_JSON, {"machine": machine.as_dict(), "settings": settings, "rows": rows}
    )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks, then render ``latest.md`` from every result file present."""
    args = parse_args(argv)

    @cache
    def world() -> World:
        print("loading the national world in-process …", flush=True)
        return load_world(get_settings(None))

    if args.only in (None, "national"):
        run_national(args, world)
    if args.only in (None, "mclp"):
        run_mclp(args, world)
    payloads: dict[str, dict[str, Any]] = {}
    for name in (NATIONAL_JSON, MCLP_JSON):
        path = args.results / name
        if path.exists():
            payloads[name] = json.loads(path.read_text(encoding="utf-8"))
    latest = args.results / "latest.md"
    latest.write_text(
        render(payloads.get(NATIONAL_JSON), payloads.get(MCLP_JSON)), encoding="utf-8"
    )
    _wrote(latest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
