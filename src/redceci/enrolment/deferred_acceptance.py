"""Child-proposing deferred acceptance over (centre, room) seats, with arrays and heaps.

Each seat keeps the pairs it holds in binary heaps of integer keys (worst on top), so a
proposal costs O(log capacity); preferences, keys and states live in flat arrays (read as Python
lists in the loop), never in per-pair objects.

Reserved places (CECI Empresa). A seat with ``reserved = R`` of ``capacity = C`` places chooses,
from the children proposing to it, in this documented order:

1. the reserved places: up to R sponsor employees, best key first;
2. the open places: the other C - (reserved places taken) places, best key first, among all the
   others (sponsor employees not admitted in step 1 included).

Reserved places no sponsor employee takes are thereby released to everyone in the same round.
This is a slot-specific priority choice with reserved slots first (Kominers and Sönmez 2016;
Dur, Kominers, Pathak and Sönmez 2018 show that processing reserved slots first is the *less*
favourable order for the reserved group): it is substitutable and meets the law of aggregate
demand, so deferred acceptance stays stable and strategy-proof.

Siblings asking to be placed together bid jointly: every child must be admitted at once (checked
before any eviction, rolled back otherwise); a family that loses one child's place withdraws the
others. Withdrawals can leave places free that a child rejected earlier would take, so after the
proposals settle, agents with a *blocking* bid are allowed to re-propose it while holding their
place (a Kojima–Pathak–Roth style re-offer), for up to ``reoffer_rounds`` rounds; the blocking
bids left are reported. Without joint bids the first pass is already stable.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heapify, heappop, heappush, heapreplace

import numpy as np

from redceci.enrolment.round import Assignment, RoundInstance
from redceci.enrolment.stability import blocking_bids

__all__ = ["deferred_acceptance"]


class _Seats:
    """Mutable state of every seat: reserved and open heaps of negated keys (worst on top)."""

    def __init__(self, inst: RoundInstance) -> None:
        self.cap: list[int] = inst.seats.capacity.tolist()
        self.res_cap: list[int] = inst.seats.reserved.tolist()
        n_seats = len(self.cap)
        self.open: list[list[int]] = [[] for _ in range(n_seats)]
        self.res: list[list[int]] = [[] for _ in range(n_seats)]

    def admit(self, s: int, key: int, eligible: bool) -> int:
        """Offer ``key`` to seat ``s``; return the key pushed out (possibly ``key`` itself) or
        -1 if nobody is."""
        rh = self.res[s]
        if eligible and self.res_cap[s]:
            if len(rh) < self.res_cap[s]:
                heappush(rh, -key)
                oh = self.open[s]
                if len(oh) > self.cap[s] - len(rh):
                    return -heappop(oh)
                return -1
            if key < -rh[0]:
                key = -heapreplace(rh, -key)
        oh = self.open[s]
        room = self.cap[s] - len(rh)
        if len(oh) < room:
            heappush(oh, -key)
            return -1
        if room > 0 and key < -oh[0]:
            return -heapreplace(oh, -key)
        return key

    def remove(self, s: int, key: int, eligible: Callable[[int], bool]) -> None:
        """Take ``key`` out of seat ``s``; the best sponsor employee in the open part moves into
        a reserved place this frees."""
        rh, oh = self.res[s], self.open[s]
        if -key in rh:
            rh.remove(-key)
            heapify(rh)
            movable = [k for k in oh if eligible(-k)]
            if movable:
                best = max(movable)  # negated keys: the largest is the best
                oh.remove(best)
                heapify(oh)
                heappush(rh, best)
        else:
            oh.remove(-key)
            heapify(oh)

    def snapshot(self, seats: set[int]) -> list[tuple[int, list[int], list[int]]]:
        return [(s, self.open[s][:], self.res[s][:]) for s in seats]

    def restore(self, snap: list[tuple[int, list[int], list[int]]]) -> None:
        for s, oh, rh in snap:
            self.open[s], self.res[s] = oh, rh


def deferred_acceptance(inst: RoundInstance, *, reoffer_rounds: int = 10) -> Assignment:
    """Run child-proposing deferred acceptance (sibling-aware when the round has joint bids).

    Parameters
    ----------
    inst
        The compiled round (:func:`redceci.enrolment.round.build_round`).
    reoffer_rounds
        With joint bids: how many rounds of re-offers to blocking agents (0 to skip).

    Returns
    -------
    Assignment
        Seat per child, the bid held per agent, and the bids still blocking (none without
        joint bids: the outcome is then the child-optimal stable matching).
    """
    n = inst.n_children
    bid_ptr: list[int] = inst.bid_ptr.tolist()
    bp: list[int] = inst.bid_pair_ptr.tolist()
    p_child: list[int] = inst.pair_child.tolist()
    p_seat: list[int] = inst.pair_seat.tolist()
    p_key: list[int] = inst.pair_key.tolist()
    p_elig: list[bool] = inst.pair_eligible.tolist()
    c_agent: list[int] = inst.child_agent.tolist()
    by_rank: list[int] = inst.child_by_rank().tolist()
    seats = _Seats(inst)
    held = [-1] * inst.n_agents
    nxt = bid_ptr[:-1]
    child_pair = [-1] * n

    def eligible_key(key: int) -> bool:
        return p_elig[child_pair[by_rank[key % n]]]

    def try_bid(g: int, b: int) -> list[int] | None:
        """Admit every pair of bid ``b`` or none; return the keys evicted, None if refused."""
        lo, hi = bp[b], bp[b + 1]
        if hi - lo == 1:
            k = p_key[lo]
            out = seats.admit(p_seat[lo], k, p_elig[lo])
            if out == k:
                return None
            child_pair[p_child[lo]] = lo
            return [] if out < 0 else [out]
        snap = seats.snapshot({p_seat[p] for p in range(lo, hi)})
        evicted: list[int] = []
        for p in range(lo, hi):
            out = seats.admit(p_seat[p], p_key[p], p_elig[p])
            if out >= 0:
                evicted.append(out)
        if any(c_agent[by_rank[k % n]] == g for k in evicted):
            seats.restore(snap)
            return None
        for p in range(lo, hi):
            child_pair[p_child[p]] = p
        return evicted

    def evict(keys: list[int]) -> list[int]:
        """The agents of evicted keys lose their whole bid (siblings withdraw together)."""
        out = {by_rank[k % n] for k in keys}
        agents = []
        for c in out:
            h = c_agent[c]
            hb = held[h]
            if hb < 0:
                continue  # two of its children were evicted: already withdrawn
            for p in range(bp[hb], bp[hb + 1]):
                if p_child[p] not in out:
                    seats.remove(p_seat[p], p_key[p], eligible_key)
            for p in range(bp[hb], bp[hb + 1]):
                child_pair[p_child[p]] = -1
            held[h] = -1
            nxt[h] = hb + 1
            agents.append(h)
        return agents

    def propose(stack: list[int]) -> None:
        while stack:
            g = stack.pop()
            b, end = nxt[g], bid_ptr[g + 1]
            while b < end:
                evicted = try_bid(g, b)
                if evicted is not None:
                    held[g] = b
                    if evicted:
                        stack.extend(evict(evicted))
                    break
                b += 1
            nxt[g] = b + 1 if b < end else end

    propose(list(range(inst.n_agents - 1, -1, -1)))
    rounds = 0
    blocking = _blocking(inst, held, child_pair, seats)
    while inst.has_joint and len(blocking) and rounds < reoffer_rounds:
        rounds += 1
        agents, first = np.unique(inst.bid_agent[blocking], return_index=True)
        for g, b in zip(agents.tolist(), blocking[first].tolist(), strict=True):
            old = held[g]
            if 0 <= old <= b:
                continue  # its place improved since the check
            evicted = try_bid(g, b)
            if evicted is None:
                continue  # no longer blocking: keep the place it holds
            if old >= 0:
                for p in range(bp[old], bp[old + 1]):
                    seats.remove(p_seat[p], p_key[p], eligible_key)
            held[g] = b
            nxt[g] = b + 1
            propose(evict(evicted))
        blocking = _blocking(inst, held, child_pair, seats)
    return _result(inst, held, child_pair, seats, blocking, rounds)


def _in_reserved(inst: RoundInstance, seats: _Seats) -> np.ndarray:
    n = inst.n_children
    keys = np.fromiter((-k for rh in seats.res for k in rh), dtype=np.int64)
    out = np.zeros(n, dtype=bool)
    out[inst.child_by_rank()[keys % n]] = True
    return out


def _child_seat(inst: RoundInstance, child_pair: list[int]) -> np.ndarray:
    cp = np.asarray(child_pair, dtype=np.int64)
    return np.where(cp >= 0, inst.pair_seat[np.maximum(cp, 0)], -1).astype(np.int64)


def _blocking(
    inst: RoundInstance, held: list[int], child_pair: list[int], seats: _Seats
) -> np.ndarray:
    return blocking_bids(
        inst,
        agent_bid=np.asarray(held, dtype=np.int64),
        child_seat=_child_seat(inst, child_pair),
        child_reserved=_in_reserved(inst, seats),
    )


def _result(
    inst: RoundInstance,
    held: list[int],
    child_pair: list[int],
    seats: _Seats,
    blocking: np.ndarray,
    rounds: int,
) -> Assignment:
    return Assignment(
        child_seat=_child_seat(inst, child_pair),
        child_pair=np.asarray(child_pair, dtype=np.int64),
        child_reserved=_in_reserved(inst, seats),
        agent_bid=np.asarray(held, dtype=np.int64),
        blocking_bids=blocking.astype(np.int64),
        method="sibling_deferred_acceptance" if inst.has_joint else "deferred_acceptance",
        seed=inst.seed,
        reoffer_rounds=rounds,
    )
