"""Checks of an assignment: blocking bids (stability), capacity, wasted places.

A bid of an agent *blocks* an assignment if the agent ranks it above what it holds (or holds
nothing) and every child of the bid would be chosen by its seat from the children held there
plus the bid's children — i.e. the seat has a free place for it, or holds someone it ranks
lower. With reserved places the seat's choice is the one of :mod:`deferred_acceptance`.
For two or more children of one bid in the same room the check counts the better siblings as
taking places first; in a room with reserved places it replays the room's choice exactly.
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
    bids: IntArray | None = None,
) -> IntArray:
    """Indices of the bids that block the assignment (see the module docstring); with
    ``bids``, only those bids are checked."""
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
    if bids is None:
        cand = np.arange(inst.n_pairs, dtype=np.int64)
    else:
        cand = _pairs_of(inst, np.asarray(bids, dtype=np.int64))
    held_of_pair = agent_bid[bid_agent[pair_bid[cand]]]
    cand = cand[(held_of_pair < 0) | (pair_bid[cand] < held_of_pair)]
    if len(cand) == 0:
        return np.zeros(0, dtype=np.int64)
    s = inst.pair_seat[cand]
    k = inst.pair_key[cand]
    # siblings of the same bid in the same seat with a better key take places first
    multi = np.flatnonzero(np.diff(inst.bid_pair_ptr)[pair_bid[cand]] > 1)
    before = np.zeros(len(cand), dtype=np.int64)
    shared = np.zeros(len(cand), dtype=bool)
    if len(multi):
        order = multi[np.lexsort((k[multi], s[multi], pair_bid[cand[multi]]))]
        grp = pair_bid[cand[order]] * n_seats + s[order]
        starts = np.r_[0, np.flatnonzero(np.diff(grp)) + 1]
        sizes = np.diff(np.r_[starts, len(grp)])
        before[order] = np.arange(len(grp)) - np.repeat(starts, sizes)
        shared[order] = np.repeat(sizes, sizes) > 1
    better_open = np.searchsorted(open_codes, s * key_space + k) - open_start[s]
    cap, res = seats.capacity[s], seats.reserved[s]
    elig = inst.pair_eligible[cand] & (res > 0)
    res_taken = n_res[s]
    into_reserve = elig & ((res_taken + before < res) | (k < worst_res[s]))
    open_room = cap - np.where(elig, res, res_taken)
    fits = into_reserve | (better_open + before < open_room)

    # Siblings sharing a room with reserved places: replay the room's choice (rare, small).
    shared &= res > 0
    if shared.any():
        elig_held = inst.pair_eligible[pair_of_child[placed]]
        by_seat = np.argsort(ps, kind="stable")
        seat_sorted = ps[by_seat]
        idx = np.flatnonzero(shared)
        gkey = pair_bid[cand[idx]] * n_seats + s[idx]
        o = np.argsort(gkey, kind="stable")
        idx, gkey = idx[o], gkey[o]
        for group in np.split(idx, np.flatnonzero(np.diff(gkey)) + 1):
            seat = int(s[group[0]])
            lo, hi = np.searchsorted(seat_sorted, [seat, seat + 1])
            here = by_seat[lo:hi]
            fits[group] = _replay(
                cap=int(seats.capacity[seat]),
                reserved=int(seats.reserved[seat]),
                held_keys=pk[here].tolist(),
                held_eligible=elig_held[here].tolist(),
                new_keys=k[group].tolist(),
                new_eligible=inst.pair_eligible[cand[group]].tolist(),
            )

    bids = pair_bid[cand]  # sorted: pairs are stored bid by bid
    starts = np.flatnonzero(np.r_[True, bids[1:] != bids[:-1]])
    all_fit = np.logical_and.reduceat(fits, starts)
    return np.asarray(bids[starts][all_fit], dtype=np.int64)


def _held_pairs(inst: RoundInstance, agent_bid: IntArray) -> IntArray:
    return _pairs_of(inst, agent_bid[agent_bid >= 0])


def _pairs_of(inst: RoundInstance, held: IntArray) -> IntArray:
    """The pairs of the given bids, bid by bid."""
    bp = inst.bid_pair_ptr
    lens = bp[held + 1] - bp[held]
    starts = np.repeat(bp[held], lens)
    offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
    return np.asarray(starts + offs, dtype=np.int64)


def _replay(
    *,
    cap: int,
    reserved: int,
    held_keys: list[int],
    held_eligible: list[bool],
    new_keys: list[int],
    new_eligible: list[bool],
) -> bool:
    """Whether a room with reserved places would choose every new child at once: reserved
    places first to eligible children by key, then the rest by key (see deferred_acceptance)."""
    everyone = list(zip(held_keys, held_eligible, strict=True))
    everyone += list(zip(new_keys, new_eligible, strict=True))
    elig = set(sorted(k for k, e in everyone if e)[:reserved])
    rest = sorted(k for k, _ in everyone if k not in elig)[: cap - len(elig)]
    chosen = elig | set(rest)
    return all(k in chosen for k in new_keys)
