"""Benchmark of the enrolment engine: a national assignment round, and ``matching`` side by side.

Usage (not run by the tests)::

    .venv/bin/python bench/enrolment.py                     # 500,000 children, 1,000 centres
    .venv/bin/python bench/enrolment.py --children 50000 --matching-sizes 1000,5000

The applications are SYNTHETIC, generated from the real census demand units (INEGI Censo 2020,
``redceci.planning.demand``: ~58,000 locality/AGEB units with their eligible children):

- centres: ``--centres`` sites drawn from the units with probability proportional to their
  eligible children; each offers 4 to 6 of the six IMSS age groups (``FINE_ROOMS``) and 110 to
  250 places (the CECI range, domain-facts.md) split over its rooms in proportion to the age
  span; 10 % are CECI Empresa centres reserving 30 % of each room for their sponsor's employees;
- families: homes drawn from the units in proportion to eligible children (jittered ~1 km);
  15 % have two children and 2 % three (all asking to be placed together); ages uniform from 43
  days to 4 years on the start date; each family ranks 5 of its 8 nearest centres (distance
  times log-normal noise); 2 % of children have a disability, 20 % of families a single working
  parent, 5 % a sibling already enrolled at their first choice, 20 % of those ranking a CECI
  Empresa centre work for its sponsor; 3 % of children are enrolled and ask to transfer.

Timed end to end: reading the census units, generating the applications, priorities and keys
(``build_round``), the assignment (``deferred_acceptance``, with the sibling re-offers and the
blocking-pair check), and the explanation table of every family. Peak memory is the process's
peak resident set size. Then, on instances ``matching`` can take (children applying alone, no
reserved places: plain hospital-resident), both are run on the same preferences: identical
assignment and the time ratio. ``matching``'s game API deep-copies its players and fails with
RecursionError beyond a few hundred (its issue #139), so above ``--matching-full-max`` children
only its algorithm is timed, on players built by its own ``_make_players``.

Last, the exact mode on one municipality (``--exact-municipality``, Corregidora, Querétaro by
default; synthetic families from its census units, centres of 40-80 places, no reserved
places): blocking bids left by the sibling-aware deferred acceptance, without and with
re-offers, against the HiGHS minimum-blocking assignment, and their times.

Writes ``bench/results/enrolment.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from redceci.enrolment import (
    FINE_ROOMS,
    RoundInstance,
    Seats,
    build_round,
    capacity_violations,
    deferred_acceptance,
    explanation_table,
)
from redceci.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "enrolment.json"
N_ROOMS = len(FINE_ROOMS)
# age bands of FINE_ROOMS in days (months x 30.44): 43 d, 7, 13, 19, 25, 36, 48 months
BAND_EDGES = np.array([43, 213, 396, 578, 761, 1096, 1461])


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_units() -> pd.DataFrame:
    """The national census demand units with eligible children (no supply or travel needed)."""
    from redceci.data.census import read_municipalities, read_true_localities
    from redceci.data.places import read_locality_points
    from redceci.planning.demand import demand_from_census
    from redceci.planning.eligibility import add_eligibility

    settings = get_settings()
    data = settings.data
    units = demand_from_census(
        read_municipalities(data).reset_index(drop=True),
        read_locality_points(data),
        localities=read_true_localities(data),
    )
    units = add_eligibility(units, settings.model.demand)
    return units[units["eligible"] > 0].reset_index(drop=True)


def _xy(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Equirectangular km, good enough for nearest centres."""
    return np.column_stack([lat * 111.2, lon * 111.2 * np.cos(np.radians(lat))])


def synthetic_round(
    units: pd.DataFrame,
    *,
    n_children: int,
    n_centres: int,
    seed: int,
    siblings: bool = True,
    reserved: bool = True,
    transfers: bool = True,
    choices: int = 5,
    places: tuple[int, int] = (110, 250),
) -> tuple[dict[str, Any], dict[str, int]]:
    """Arrays for ``build_round`` (see the module docstring) and a few counts."""
    rng = np.random.default_rng(seed)
    weight = units["eligible"].to_numpy(dtype=float, copy=True)
    weight /= weight.sum()
    lat, lon = units["LAT"].to_numpy(dtype=float), units["LON"].to_numpy(dtype=float)

    # Centres and their rooms.
    site = rng.choice(len(units), n_centres, replace=False, p=weight)
    c_xy = _xy(lat[site], lon[site]) + rng.normal(0, 0.5, (n_centres, 2))
    n_rooms = rng.integers(4, 7, n_centres)
    span = np.diff(BAND_EDGES).astype(float)
    seat_centre, seat_room, capacity = [], [], []
    size = rng.integers(places[0], places[1] + 1, n_centres)
    for c in range(n_centres):
        rooms = np.sort(rng.choice(N_ROOMS, n_rooms[c], replace=False))
        share = span[rooms] / span[rooms].sum()
        caps = np.floor(share * size[c]).astype(int)
        caps[np.argmax(share)] += size[c] - caps.sum()
        seat_centre += [c] * len(rooms)
        seat_room += rooms.tolist()
        capacity += caps.tolist()
    cap = np.asarray(capacity, dtype=np.int64)
    sponsored = rng.random(n_centres) < (0.10 if reserved else 0.0)
    centre_sponsor = np.where(sponsored, np.arange(n_centres), -1)
    sc = np.asarray(seat_centre, dtype=np.int64)
    res = np.where(sponsored[sc], np.floor(0.3 * cap).astype(np.int64), 0)
    seats = Seats(sc, np.asarray(seat_room, dtype=np.int64), cap, res, n_centres, N_ROOMS)

    # Families and children.
    kids_p = [0.83, 0.15, 0.02] if siblings else [1.0, 0.0, 0.0]
    kids = rng.choice([1, 2, 3], n_children, p=kids_p)  # more families than needed
    n_fam = int(np.searchsorted(np.cumsum(kids), n_children)) + 1
    kids = kids[:n_fam]
    kids[-1] -= int(kids.sum()) - n_children
    home = rng.choice(len(units), n_fam, p=weight)
    f_xy = _xy(lat[home], lon[home]) + rng.normal(0, 1.0, (n_fam, 2))
    _, near = cKDTree(c_xy).query(f_xy, k=8)
    dist = np.linalg.norm(c_xy[near] - f_xy[:, None, :], axis=2) + 0.5
    noisy = dist * rng.lognormal(0, 0.5, dist.shape)
    ranked = np.take_along_axis(near, np.argsort(noisy, axis=1), axis=1)[:, :choices]
    child_family = np.repeat(np.arange(n_fam), kids)
    age = rng.integers(BAND_EDGES[0], BAND_EDGES[-1], n_children)
    child_room = np.searchsorted(BAND_EDGES, age, side="right") - 1

    employers = np.full((n_fam, 1), -1, dtype=np.int64)
    ranks_sponsor = sponsored[ranked]
    works = ranks_sponsor.any(axis=1) & (rng.random(n_fam) < 0.2)
    first_sponsored = ranked[np.arange(n_fam), np.argmax(ranks_sponsor, axis=1)]
    employers[works, 0] = first_sponsored[works]
    sib = rng.random(n_fam) < 0.05
    sibling_codes = np.flatnonzero(sib) * n_centres + ranked[sib, 0]

    current = np.full(n_children, -1, dtype=np.int64)
    if transfers:
        table = seats.lookup()
        movers = np.flatnonzero((rng.random(n_children) < 0.03) & (kids[child_family] == 1))
        at = ranked[child_family[movers], rng.integers(2, choices, len(movers))]
        seat = table[at, child_room[movers]]
        current[movers[seat >= 0]] = seat[seat >= 0]

    arrays = {
        "seats": seats,
        "child_family": child_family,
        "child_room": child_room,
        "family_choice_ptr": np.arange(0, n_fam * choices + 1, choices, dtype=np.int64),
        "family_choice_centre": ranked.reshape(-1).astype(np.int64),
        "family_together": kids > 1,
        "child_current_seat": current,
        "child_disability": rng.random(n_children) < 0.02,
        "family_single_parent": rng.random(n_fam) < 0.2,
        "family_employers": employers,
        "centre_sponsor": centre_sponsor,
        "sibling_codes": sibling_codes,
        "seed": seed,
    }
    counts = {
        "children": n_children,
        "families": n_fam,
        "families_with_siblings": int((kids > 1).sum()),
        "centres": n_centres,
        "seats": len(seats),
        "places": int(cap.sum()),
        "reserved_places": int(res.sum()),
        "transfer_applicants": int((current >= 0).sum()),
    }
    return arrays, counts


def _round(arrays: dict[str, Any]) -> RoundInstance:
    a = dict(arrays)
    return build_round(a.pop("seats"), **a)


def national(args: argparse.Namespace) -> dict[str, Any]:
    """The national round, timed phase by phase."""
    t = {}
    start = time.perf_counter()
    units = load_units()
    t["load_census_units_s"] = time.perf_counter() - start
    s = time.perf_counter()
    arrays, counts = synthetic_round(
        units, n_children=args.children, n_centres=args.centres, seed=args.seed
    )
    t["generate_applications_s"] = time.perf_counter() - s
    s = time.perf_counter()
    inst = _round(arrays)
    t["priorities_build_round_s"] = time.perf_counter() - s
    s = time.perf_counter()
    a = deferred_acceptance(inst)
    t["assignment_s"] = time.perf_counter() - s
    s = time.perf_counter()
    table = explanation_table(inst, a)
    t["explanations_s"] = time.perf_counter() - s
    t["end_to_end_s"] = time.perf_counter() - start
    t["round_only_s"] = t["end_to_end_s"] - t["load_census_units_s"]

    placed = a.child_seat >= 0
    rank = np.where(placed, inst.pair_rank[np.maximum(a.child_pair, 0)], -1)
    joint = inst.agent_joint
    child_joint = np.zeros(inst.n_children, dtype=bool)
    ok_agents = inst.child_agent >= 0
    child_joint[ok_agents] = joint[inst.child_agent[ok_agents]]
    fam_centres = pd.DataFrame(
        {
            "family": inst.child_family[child_joint & placed],
            "centre": inst.seats.centre[a.child_seat[child_joint & placed]],
        }
    )
    together_ok = bool((fam_centres.groupby("family")["centre"].nunique() <= 1).all())
    return {
        "instance": counts | {"pairs": inst.n_pairs, "bids": inst.n_bids, "agents": inst.n_agents},
        "seconds": {k: round(v, 3) for k, v in t.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "outcome": {
            "placed": int(placed.sum()),
            "placed_share": round(float(placed.mean()), 4),
            "first_choice_share": round(float((rank == 0).mean()), 4),
            "top3_share": round(float(((rank >= 0) & (rank < 3)).mean()), 4),
            "blocking_bids_left": a.n_blocking,
            "reoffer_rounds": a.reoffer_rounds,
            "capacity_violations": len(capacity_violations(inst, a)),
            "siblings_together": together_ok,
            "explanation_rows": len(table),
        },
        "checks": {
            "end_to_end_under_30s": t["end_to_end_s"] < 30.0,
            "peak_memory_under_2GB": peak_rss_mb() < 2048,
        },
    }


def _matching_prefs(
    inst: RoundInstance,
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    bp, ptr = inst.bid_pair_ptr, inst.bid_ptr
    first = bp[ptr[:-1]]
    pair_seat = inst.pair_seat.tolist()
    bp_l, ptr_l = bp.tolist(), ptr.tolist()
    residents = {
        int(inst.pair_child[first[g]]): [pair_seat[bp_l[b]] for b in range(ptr_l[g], ptr_l[g + 1])]
        for g in range(inst.n_agents)
    }
    hospitals: dict[int, list[int]] = {}
    child = inst.pair_child.tolist()
    for p in np.lexsort((inst.pair_key, inst.pair_seat)).tolist():
        hospitals.setdefault(pair_seat[p], []).append(child[p])
    caps = {s: int(inst.seats.capacity[s]) for s in hospitals}
    return residents, hospitals, caps


def side_by_side(
    units: pd.DataFrame, sizes: list[int], full_max: int, seed: int
) -> list[dict[str, Any]]:
    """redceci and ``matching`` on the same plain hospital-resident instances."""
    from matching.algorithms import hospital_resident
    from matching.games import HospitalResident
    from matching.games.hospital_resident import _make_players

    rows = []
    for n in sizes:
        n_centres = max(10, n // 500)
        arrays, counts = synthetic_round(
            units,
            n_children=n,
            n_centres=n_centres,
            seed=seed + n,
            siblings=False,
            reserved=False,
            transfers=False,
        )
        inst = _round(arrays)
        s = time.perf_counter()
        ours = deferred_acceptance(inst).child_seat
        t_ours = time.perf_counter() - s
        residents, hospitals, caps = _matching_prefs(inst)
        full = n <= full_max
        s = time.perf_counter()
        if full:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                game = HospitalResident.create_from_dictionaries(residents, hospitals, caps)
                result = game.solve(optimal="resident")
        else:
            sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
            r, h = _make_players(residents, hospitals, caps)
            result = hospital_resident(r, h, optimal="resident")
        t_theirs = time.perf_counter() - s
        theirs = np.full(inst.n_children, -1, dtype=np.int64)
        for hospital, rs in result.items():
            for x in rs:
                theirs[x.name] = hospital.name
        rows.append(
            {
                "children": n,
                "centres": n_centres,
                "seats": counts["seats"],
                "matching_api": "game (create_from_dictionaries + solve)"
                if full
                else "algorithm (hospital_resident on _make_players)",
                "identical_assignment": bool((ours == theirs).all()),
                "redceci_s": round(t_ours, 4),
                "matching_s": round(t_theirs, 4),
                "time_ratio": round(t_theirs / t_ours, 1),
            }
        )
        print(rows[-1], flush=True)
    return rows


def exact_mode(units: pd.DataFrame, args: argparse.Namespace) -> dict[str, Any]:
    """One municipality: sibling-aware deferred acceptance (without and with re-offers) against
    the exact minimum-blocking assignment (HiGHS)."""
    from redceci.enrolment import min_blocking_assignment

    mun = units[units["MUN_CVEGEO"] == args.exact_municipality].reset_index(drop=True)
    arrays, counts = synthetic_round(
        mun,
        n_children=args.exact_children,
        n_centres=args.exact_centres,
        seed=args.seed,
        reserved=False,
        places=(40, 80),
    )
    inst = _round(arrays)
    out: dict[str, Any] = {"municipality": args.exact_municipality, "instance": counts}
    for label, rounds in (("deferred_acceptance_no_reoffer", 0), ("deferred_acceptance", 10)):
        s = time.perf_counter()
        a = deferred_acceptance(inst, reoffer_rounds=rounds)
        out[label] = {
            "seconds": round(time.perf_counter() - s, 4),
            "blocking_bids": a.n_blocking,
            "placed": a.n_placed,
        }
    s = time.perf_counter()
    e = min_blocking_assignment(inst, time_limit=args.exact_time_limit)
    out["exact_highs"] = {
        "seconds": round(time.perf_counter() - s, 2),
        "blocking_bids": e.n_blocking,
        "placed": e.n_placed,
        "proven_optimal": e.optimal,
    }
    print(out, flush=True)
    return out


def machine() -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "numpy": np.__version__,
        "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=500_000)
    parser.add_argument("--centres", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026, help="published lottery seed")
    parser.add_argument(
        "--matching-sizes", default="500,2000,10000,50000", help="children per side-by-side run"
    )
    parser.add_argument("--matching-full-max", type=int, default=500)
    parser.add_argument("--exact-municipality", default="22006", help="CVEGEO (Corregidora, Qro.)")
    parser.add_argument("--exact-children", type=int, default=800)
    parser.add_argument("--exact-centres", type=int, default=10)
    parser.add_argument("--exact-time-limit", type=float, default=120.0)
    parser.add_argument("--no-exact", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    result: dict[str, Any] = {"machine": machine(), "synthetic": True, "seed": args.seed}
    result["national_round"] = national(args)
    print(json.dumps(result["national_round"], indent=2), flush=True)
    units = load_units()
    sizes = [int(x) for x in args.matching_sizes.split(",") if x.strip()]
    if sizes:
        result["side_by_side_matching"] = side_by_side(
            units, sizes, args.matching_full_max, args.seed
        )
    if not args.no_exact:
        result["exact_mode_municipality"] = exact_mode(units, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
