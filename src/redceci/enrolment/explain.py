"""Why a family got what it got: for every centre it ranked higher, the room's cut-off and the
family's own priority and position there.

The *cut-off* of a seat is the key of the last child it admitted (its worst admitted key); a
seat that did not fill has no cut-off (anyone who asked would have been admitted, so a child is
above its placement there only if it never asked). Keys are decoded as (priority tier, lottery
number), which is what a family needs to re-check the result with the published seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from redceci.enrolment.priorities import PriorityPolicy
from redceci.enrolment.round import Assignment, RoundInstance

__all__ = [
    "CentreExplanation",
    "FamilyExplanation",
    "explain_family",
    "explanation_table",
    "pair_positions",
    "seat_cutoffs",
]

IntArray = NDArray[np.int64]


def seat_cutoffs(inst: RoundInstance, a: Assignment) -> tuple[IntArray, IntArray]:
    """(open cut-off, reserved cut-off) key per seat; -1 where that part has a free place."""
    n_seats = len(inst.seats)
    placed = np.flatnonzero(a.child_seat >= 0)
    seat = a.child_seat[placed]
    key = inst.pair_key[a.child_pair[placed]]
    res = a.child_reserved[placed]
    open_cut = np.full(n_seats, -1, dtype=np.int64)
    res_cut = np.full(n_seats, -1, dtype=np.int64)
    np.maximum.at(open_cut, seat[~res], key[~res])
    np.maximum.at(res_cut, seat[res], key[res])
    n_res = np.bincount(seat[res], minlength=n_seats)
    n_open = np.bincount(seat[~res], minlength=n_seats)
    open_full = n_open >= inst.seats.capacity - n_res
    res_cut[n_res < inst.seats.reserved] = -1
    open_cut[~open_full] = -1
    return open_cut, res_cut


def pair_positions(inst: RoundInstance) -> tuple[IntArray, IntArray]:
    """Per pair, its 1-based position among all children who asked for that seat, and the
    number who asked."""
    order = np.lexsort((inst.pair_key, inst.pair_seat))
    seats = inst.pair_seat[order]
    counts = np.bincount(inst.pair_seat, minlength=len(inst.seats))
    start = np.r_[0, np.cumsum(counts)[:-1]]
    pos = np.empty(inst.n_pairs, dtype=np.int64)
    pos[order] = np.arange(inst.n_pairs) - start[seats] + 1
    return pos, counts[inst.pair_seat].astype(np.int64)


def explanation_table(inst: RoundInstance, a: Assignment) -> pd.DataFrame:
    """One row per child and centre ranked above the child's placement (every ranked centre
    if unplaced): family, child, centre, room, rank, own tier and lottery number, cut-off tier
    and lottery number (-1: no cut-off), position and number of applicants."""
    pair_bid = inst.pair_bid
    held = a.agent_bid[inst.bid_agent[pair_bid]]
    rows = np.flatnonzero((held < 0) | (pair_bid < held))
    open_cut, res_cut = seat_cutoffs(inst, a)
    seat = inst.pair_seat[rows]
    eligible = inst.pair_eligible[rows]
    # a sponsor employee would have entered through either part: the weaker cut-off counts
    with_res = eligible & (inst.seats.reserved[seat] > 0)
    weaker = np.where(
        (res_cut[seat] < 0) | (open_cut[seat] < 0), -1, np.maximum(res_cut[seat], open_cut[seat])
    )
    cut = np.where(with_res, weaker, open_cut[seat])
    pos, n_app = pair_positions(inst)
    n = inst.n_children
    by_rank = inst.child_by_rank()
    has_cut = cut >= 0
    cut_child = by_rank[np.where(has_cut, cut, 0) % n]
    child = inst.pair_child[rows]
    return pd.DataFrame(
        {
            "family": inst.child_family[child],
            "child": child,
            "centre": inst.seats.centre[seat],
            "room": inst.seats.room[seat],
            "rank": inst.pair_rank[rows],
            "tier": inst.pair_tier[rows],
            "lottery": inst.lottery[inst.child_family[child]],
            "cutoff_tier": np.where(has_cut, inst.n_tiers - cut // n, -1),
            "cutoff_lottery": np.where(has_cut, inst.lottery[inst.child_family[cut_child]], -1),
            "position": pos[rows],
            "applicants": n_app[rows],
            "capacity": inst.seats.capacity[seat],
            "sponsor_place": eligible,
        }
    )


@dataclass(frozen=True)
class CentreExplanation:
    """One higher-ranked centre: its room's cut-off and the child's own standing there."""

    centre: int
    room: int
    rank: int
    own_rules: tuple[str, ...]
    own_lottery: int
    cutoff_rules: tuple[str, ...] | None  # None: the room did not fill
    cutoff_lottery: int | None
    position: int
    applicants: int
    capacity: int


@dataclass(frozen=True)
class FamilyExplanation:
    """Where each child of a family was placed, and why not higher."""

    family: int
    lottery: int
    seed: int
    placed: dict[int, tuple[int, int, int] | None]  # child -> (centre, room, rank) or None
    higher: dict[int, tuple[CentreExplanation, ...]]


def explain_family(inst: RoundInstance, a: Assignment, family: int) -> FamilyExplanation:
    """The explanation shown to one family."""
    table = explanation_table(inst, a)
    mine = table[table["family"] == family]
    children = np.flatnonzero(inst.child_family == family)
    placed: dict[int, tuple[int, int, int] | None] = {}
    for c in children.tolist():
        s = int(a.child_seat[c])
        if s < 0:
            placed[c] = None
        else:
            p = int(a.child_pair[c])
            placed[c] = (int(inst.seats.centre[s]), int(inst.seats.room[s]), int(inst.pair_rank[p]))
    policy = inst.policy
    higher: dict[int, tuple[CentreExplanation, ...]] = {}
    cols = {name: mine[name].to_numpy(dtype=np.int64) for name in _INT_COLUMNS}
    for c in children.tolist():
        idx = np.flatnonzero(cols["child"] == c)
        idx = idx[np.argsort(cols["rank"][idx], kind="stable")]
        higher[c] = tuple(
            _centre_explanation(policy, {k: int(v[i]) for k, v in cols.items()}) for i in idx
        )
    return FamilyExplanation(
        family=family,
        lottery=int(inst.lottery[family]),
        seed=inst.seed,
        placed=placed,
        higher=higher,
    )


_INT_COLUMNS = (
    "child",
    "centre",
    "room",
    "rank",
    "tier",
    "lottery",
    "cutoff_tier",
    "cutoff_lottery",
    "position",
    "applicants",
    "capacity",
)


def _centre_explanation(policy: PriorityPolicy, r: dict[str, int]) -> CentreExplanation:
    has_cut = r["cutoff_tier"] >= 0
    return CentreExplanation(
        centre=r["centre"],
        room=r["room"],
        rank=r["rank"],
        own_rules=policy.describe(r["tier"]),
        own_lottery=r["lottery"],
        cutoff_rules=policy.describe(r["cutoff_tier"]) if has_cut else None,
        cutoff_lottery=r["cutoff_lottery"] if has_cut else None,
        position=r["position"],
        applicants=r["applicants"],
        capacity=r["capacity"],
    )
