"""Checks of an assignment: blocking bids (stability), capacity, wasted places.

A bid of an agent *blocks* an assignment if the agent ranks it above what it holds (or holds
nothing) and every child of the bid would be chosen by its seat from the children held there
plus the bid's children — i.e. the seat has a free place for it, or holds someone it ranks
lower. With reserved places the seat's choice is the one of :mod:`deferred_acceptance`.
For two or more children of one bid in the same room the check counts the better siblings as
taking places first (exact without reserved places).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from redceci.enrolment.round import Assignment, RoundInstance

__all__ = ["blocking_bids", "capacity_violations", "seat_occupancy", "wasted_seats"]

IntArray = NDArray[np.int64]


def seat_occupancy(inst: RoundInstance, child_seat: IntArray) -> IntArray:
    """Children placed per seat."""
    placed = child_seat[child_seat >= 0]
    return np.bincount(placed, minlength=len(inst.seats)).astype(np.int64)


def capacity_violations(inst: RoundInstance, a: Assignment) -> IntArray:
    """Seats holding more children than places, or more reserved-place children than reserved."""
    occ = seat_occupancy(inst, a.child_seat)
    res = np.bincount(
        a.child_seat[a.child_reserved & (a.child_seat >= 0)], minlength=len(inst.seats)
    )
    return np.flatnonzero((occ > inst.seats.capacity) | (res > inst.seats.reserved))


def wasted_seats(inst: RoundInstance, a: Assignment) -> IntArray:
    """Seats with a free place that some child ranking it above its own outcome could take
    (for a child applying alone: a place left empty that it wanted)."""
    free = seat_occupancy(inst, a.child_seat) < inst.seats.capacity
    blocking = (
        a.blocking_bids
        if len(a.blocking_bids)
        else blocking_bids(
            inst, agent_bid=a.agent_bid, child_seat=a.child_seat, child_reserved=a.child_reserved
        )
    )
    bp = inst.bid_pair_ptr
    single = blocking[np.diff(bp)[blocking] == 1]
    seats = inst.pair_seat[bp[single]]
    return np.unique(seats[free[seats]])


def blocking_bids(
    inst: RoundInstance,
    *,
    agent_bid: IntArray,
    child_seat: IntArray,
    child_reserved: NDArray[np.bool_],
) -> IntArray:
    """Indices of the bids that block the assignment (see the module docstring)."""
    seats = inst.seats
    n_seats = len(seats)
    if inst.n_pairs == 0:
        return np.zeros(0, dtype=np.int64)
    n = inst.n_children
    key_space = (inst.n_tiers + 1) * n + 1

    # Held keys per seat: reserved part and open part.
    placed = np.flatnonzero(child_seat >= 0)
    # key of each placed child at its seat: its pair there
    pair_of_child = np.full(n, -1, dtype=np.int64)
    bid_agent = inst.bid_agent
    held_pairs = _held_pairs(inst, agent_bid)
    pair_of_child[inst.pair_child[held_pairs]] = held_pairs
    pk = inst.pair_key[pair_of_child[placed]]
    ps = child_seat[placed]
    in_res = child_reserved[placed].astype(bool)
    n_res = np.bincount(ps[in_res], minlength=n_seats)
    worst_res = np.full(n_seats, -1, dtype=np.int64)
    np.maximum.at(worst_res, ps[in_res], pk[in_res])
    open_codes = np.sort(ps[~in_res] * key_space + pk[~in_res])
    open_start = np.searchsorted(open_codes, np.arange(n_seats, dtype=np.int64) * key_space)

    # Candidate pairs: in bids ranked above the agent's held bid.
    pair_bid = inst.pair_bid
    held_of_pair = agent_bid[bid_agent[pair_bid]]
    cand = np.flatnonzero((held_of_pair < 0) | (pair_bid < held_of_pair))
    if len(cand) == 0:
        return np.zeros(0, dtype=np.int64)
    s = inst.pair_seat[cand]
    k = inst.pair_key[cand]
    # siblings of the same bid in the same seat with a better key take places first
    order = np.lexsort((k, s, pair_bid[cand]))
    grp = pair_bid[cand][order] * n_seats + s[order]
    before = np.zeros(len(cand), dtype=np.int64)
    if len(cand) > 1:
        start = np.r_[0, np.flatnonzero(np.diff(grp)) + 1]
        first = np.repeat(start, np.diff(np.r_[start, len(grp)]))
        before[order] = np.arange(len(grp)) - first
    better_open = np.searchsorted(open_codes, s * key_space + k) - open_start[s]
    cap, res = seats.capacity[s], seats.reserved[s]
    elig = inst.pair_eligible[cand] & (res > 0)
    res_taken = n_res[s]
    into_reserve = elig & ((res_taken + before < res) | (k < worst_res[s]))
    open_room = cap - np.where(elig, res, res_taken)
    fits = into_reserve | (better_open + before < open_room)

    bids = pair_bid[cand]
    uniq, inv = np.unique(bids, return_inverse=True)
    all_fit = np.ones(len(uniq), dtype=bool)
    np.logical_and.at(all_fit, inv, fits)
    return uniq[all_fit].astype(np.int64)


def _held_pairs(inst: RoundInstance, agent_bid: IntArray) -> IntArray:
    held = agent_bid[agent_bid >= 0]
    bp = inst.bid_pair_ptr
    lens = bp[held + 1] - bp[held]
    starts = np.repeat(bp[held], lens)
    offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
    return np.asarray(starts + offs, dtype=np.int64)
