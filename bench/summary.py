"""Render the benchmark result files as one readable Markdown page (``latest.md``)."""

from __future__ import annotations

import statistics
from typing import Any

Payload = dict[str, Any]


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.{digits}f}"


def _pct(value: Any, digits: int = 2) -> str:
    return "—" if value is None else f"{100 * float(value):.{digits}f} %"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _machine(title: str, machine: Payload) -> list[str]:
    load = machine["load_at_start"]
    pkgs = ", ".join(f"{k} {v}" for k, v in machine["packages"].items())
    dirty = " (src/ had uncommitted changes)" if machine["dirty"] else ""
    return [
        f"*{title}: {machine['date_utc']} on {machine['cpu_count']} × {machine['cpu_model']}, "
        f"{machine['memory_gib']} GiB, {machine['os']}, Python {machine['python']}, commit "
        f"`{machine['commit']}`{dirty}; load average at start {load['one']} / {load['five']} / "
        f"{load['fifteen']} (1/5/15 min).*",
        "",
        f"*Packages: {pkgs}.*",
        "",
    ]


def _national(data: Payload) -> list[str]:
    inst, summ, checks = data["instance"], data["summary"], data["checks"]
    lines = ["## National plan: end-to-end `redceci plan` (issue 2)", ""]
    lines += _machine("Measured", data["machine"])
    lines += [
        f"Command: `{' '.join(data['command'])}` as a child process; wall time from start to exit "
        "(imports, data, needs, siting, bound, report); peak RSS of that process (`os.wait4`).",
        "",
        f"Instance: **{inst['units']:,} demand units** ({inst['units_with_unmet']:,} with unmet "
        f"demand, {inst['unmet_children']:,.0f} unmet children), **{inst['candidates']:,} "
        f"candidate sites**, **{inst['pairs']:,} unit–site pairs** within the catchment"
        + (
            f" ({inst['pairs_with_unmet']:,} from units with unmet demand, the solver's)."
            if "pairs_with_unmet" in inst
            else "."
        ),
        "",
    ]
    rows = [
        [
            str(i + 1),
            _num(r["wall_s"]),
            _num(r["peak_rss_mib"], 0),
            _num(r["solver_s"]),
            _num(r["load_before"]["one"], 2),
            _num(r["objective"]),
            _num(r["bound"]),
            _pct(r["gap"]),
            r["status"],
            f"{r['centres']:,}",
            f"{r['places']:,}",
            _num(r["cost"] / 1e6, 0),
            _num(r["served"], 0),
            str(r.get("max_centres_at_one_point", "—")),
        ]
        for i, r in enumerate(data["runs"])
    ]
    header = [
        "run",
        "wall s",
        "peak RSS MiB",
        "solver s",
        "load",
        "objective",
        "bound",
        "gap",
        "status",
        "centres",
        "places",
        "cost MDP",
        "served",
        "most centres at one point",
    ]
    lines += _table(header, rows)
    lines += [
        "",
        f"Wall time min **{summ['wall_min_s']:.1f} s**, median **{summ['wall_median_s']:.1f} s**;"
        f" peak RSS **{summ['peak_rss_mib']:,.0f} MiB**; certified gap (worst run) "
        f"**{_pct(summ['gap_max'])}**. Objective = expected mothers enabled to work.",
        "",
    ]
    lines += [f"- {name}: {'met' if ok else '**NOT met**'}" for name, ok in checks.items()]
    return [*lines, ""]


def _mclp(data: Payload) -> list[str]:
    s = data["settings"]
    lines = ["## Maximal covering: redceci `solve_greedy` vs PySAL spopt `MCLP`", ""]
    lines += _machine("Measured", data["machine"])
    weighting = (
        "siting weight × unmet children (expected mothers enabled)"
        if s["weighting"] == "mothers"
        else "unmet children"
    )
    lines += [
        f"Same state instance for both: demand points = our demand units weighted by {weighting};"
        " candidates = our candidate sites; coverage = our catchment pairs (spopt gets a dense "
        f"cost matrix with non-pairs beyond the radius); same p. spopt solver: PuLP "
        f"`{s['solver']}`, time limit {s['time_limit_s']:.0f} s. spopt time = "
        "`from_cost_matrix` + `solve` (the dense matrix and spopt's result tables are timed "
        f"apart and not counted); ours = `solve_greedy` incl. its Lagrangian bound, median of "
        f"{s['repeats']}. Coverage of both answers recomputed from the chosen sites and our pairs.",
        "",
    ]
    rows = []
    for r in data["rows"]:
        o, t = r["ours"], r["spopt"]
        status = f"{t['status']} / {t['solution_status']}" + (" (error)" if t["error"] else "")
        rows.append(
            [
                f"{r['state']} {r['name']}",
                str(r["p"]),
                f"{r['units']:,} × {r['candidates']:,} ({r['pairs']:,})",
                _num(o["median_s"], 3),
                _num(t["build_s"], 2),
                _num(t["solve_s"], 2),
                _num(t["total_s"], 2),
                f"**{r['time_ratio']:.1f}×**",
                _num(o["covered"], 1),
                _num(t["covered"], 1),
                "—" if r["coverage_ratio"] is None else f"{r['coverage_ratio']:.4f}",
                status,
                _pct(o["gap"]),
                "yes" if r["meets_target"] else "no",
            ]
        )
    header = [
        "state",
        "p",
        "units × sites (pairs)",
        "ours s",
        "spopt build s",
        "spopt solve s",
        "spopt total s",
        "speed-up",
        "ours covered",
        "spopt covered",
        "coverage ratio",
        "spopt status",
        "our gap",
        "target met",
    ]
    lines += _table(header, rows)
    ratios = [float(r["time_ratio"]) for r in data["rows"]]
    covs = [float(r["coverage_ratio"]) for r in data["rows"] if r["coverage_ratio"] is not None]
    met = sum(bool(r["meets_target"]) for r in data["rows"])
    if ratios:
        lines += [
            "",
            f"Target (≥ 20× faster at equal or better coverage) met in **{met} of "
            f"{len(ratios)}** rows. Speed-up min {min(ratios):.1f}×, median "
            f"{statistics.median(ratios):.1f}×; coverage ratio min "
            f"{min(covs, default=float('nan')):.4f}, median "
            f"{statistics.median(covs) if covs else float('nan'):.4f}.",
        ]
    return [*lines, ""]


def render(national: Payload | None, mclp: Payload | None) -> str:
    """The Markdown page for whichever result files exist."""
    lines = [
        "# redceci benchmarks: latest results",
        "",
        "Written by `bench/run.py` (`make bench`). The machine is shared with other work: "
        "compare the load averages before reading much into small differences.",
        "",
    ]
    if national is not None:
        lines += _national(national)
    if mclp is not None:
        lines += _mclp(mclp)
    if national is None and mclp is None:
        lines += ["No results yet: run `make bench`.", ""]
    return "\n".join(lines)
