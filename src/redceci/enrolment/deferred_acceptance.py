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
place (a Kojima–Pathak–Roth style re-offer), for up to ``reoffer_rounds`` rounds. Re-offers can
cycle, so the outcome is the round with the fewest blocking bids (replayed: the run is
deterministic), and the blocking bids left are reported. Without joint bids the first pass is
already stable.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heapify, heappop, heappush, heapreplace, nsmallest

import numpy as np

from redceci.enrolment.round import Assignment, RoundInstance
from redceci.enrolment.stability import blocking_bids

__all__ = ["deferred_acceptance"]


class _Seats:
    """Mutable state of every seat: reserved and open heaps of negated keys (worst on top),
    and the removal clock (a removal is a child leaving without being pushed out)."""

    def __init__(self, inst: RoundInstance) -> None:
        self.cap: list[int] = inst.seats.capacity.tolist()
        self.res_cap: list[int] = inst.seats.reserved.tolist()
        n_seats = len(self.cap)
        self.open: list[list[int]] = [[] for _ in range(n_seats)]
        self.res: list[list[int]] = [[] for _ in range(n_seats)]
        self.clock = 0
        self.removed_at: list[int] = [0] * n_seats

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

    def fits_all(self, members: dict[int, list[int]]) -> bool:
        """Whether every key would be admitted at once (seats without reserved places)."""
        for s, keys in members.items():
            oh = self.open[s]
            need = len(keys) - (self.cap[s] - len(oh))  # held children who must make way
            if need <= 0:
                continue
            if need == 1:  # the heap's top is the worst held child
                if not oh or -oh[0] < max(keys):
                    return False
                continue
            worst = nsmallest(need, oh)  # negated: the ``need`` worst held
            if len(worst) < need or -worst[-1] < max(keys):
                return False
        return True

    def remove(self, s: int, key: int, eligible: Callable[[int], bool]) -> None:
        """Take ``key`` out of seat ``s``; the best sponsor employee in the open part moves into
        a reserved place this frees."""
        self.clock += 1
        self.removed_at[s] = self.clock
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
        With joint bids: at most how many rounds of re-offers to blocking agents (0 to skip);
        the outcome is the round with the fewest blocking bids.

    Returns
    -------
    Assignment
        Seat per child, the bid held per agent, and the bids still blocking (none without
        joint bids: the outcome is then the child-optimal stable matching).
    """
    a, left = _run(inst, reoffer_rounds)
    fewest = int(np.argmin(left))
    if left[-1] > left[fewest]:
        # Re-offers can cycle (a stable outcome may not exist with siblings): the run is
        # deterministic, so replaying it up to the round with the fewest blocking bids ends there.
        del a
        a, _ = _run(inst, fewest)
    return a


def _run(inst: RoundInstance, reoffer_rounds: int) -> tuple[Assignment, list[int]]:
    """One run with at most ``reoffer_rounds`` re-offer rounds; the blocking bids left after
    each round too."""
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
    cap, res_cap, open_, res_ = seats.cap, seats.res_cap, seats.open, seats.res
    held = [-1] * inst.n_agents
    nxt = bid_ptr[:-1]
    child_pair = [-1] * n
    refused_at = [0] * inst.n_bids  # removal clock when the bid was refused or lost

    def eligible_key(key: int) -> bool:
        return p_elig[child_pair[by_rank[key % n]]]

    def try_joint(g: int, b: int) -> list[int] | None:
        """Admit every child of a joint bid or none; return the keys evicted, None if refused."""
        lo, hi = bp[b], bp[b + 1]
        if not any(res_cap[p_seat[p]] for p in range(lo, hi)):
            members: dict[int, list[int]] = {}
            for p in range(lo, hi):
                members.setdefault(p_seat[p], []).append(p_key[p])
            if not seats.fits_all(members):
                return None
            evicted = []
            for p in range(lo, hi):
                s, k = p_seat[p], p_key[p]
                oh = open_[s]
                if len(oh) < cap[s]:
                    heappush(oh, -k)
                else:
                    evicted.append(-heapreplace(oh, -k))
                child_pair[p_child[p]] = p
            return evicted
        snap = seats.snapshot({p_seat[p] for p in range(lo, hi)})
        evicted = []
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
        lost_at = seats.clock  # before this batch's removals, which may concern those bids
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
            refused_at[hb] = lost_at
            agents.append(h)
        return agents

    def propose(stack: list[int]) -> None:
        while stack:
            g = stack.pop()
            b, end = nxt[g], bid_ptr[g + 1]
            while b < end:
                lo = bp[b]
                if bp[b + 1] - lo == 1:
                    s, k = p_seat[lo], p_key[lo]
                    if res_cap[s] and p_elig[lo]:
                        out = seats.admit(s, k, True)
                        if out == k:
                            refused_at[b] = seats.clock
                            b += 1
                            continue
                    else:  # inline of ``admit`` for the common case
                        oh = open_[s]
                        room = cap[s] - len(res_[s])
                        if len(oh) < room:
                            heappush(oh, -k)
                            out = -1
                        elif room > 0 and k < -oh[0]:
                            out = -heapreplace(oh, -k)
                        else:
                            refused_at[b] = seats.clock
                            b += 1
                            continue
                    child_pair[p_child[lo]] = lo
                    held[g] = b
                    if out >= 0:
                        c = by_rank[out % n]
                        h = c_agent[c]
                        hb = held[h]
                        if bp[hb + 1] - bp[hb] == 1:  # a child alone: no siblings to withdraw
                            child_pair[c] = -1
                            held[h] = -1
                            nxt[h] = hb + 1
                            refused_at[hb] = seats.clock
                            stack.append(h)
                        else:
                            stack.extend(evict([out]))
                    break
                evicted = try_joint(g, b)
                if evicted is not None:
                    held[g] = b
                    if evicted:
                        stack.extend(evict(evicted))
                    break
                refused_at[b] = seats.clock
                b += 1
            nxt[g] = b + 1 if b < end else end

    # Agents propose best key first (at their first choice): without joint bids the outcome
    # does not depend on the order, and far fewer proposals are then evicted.
    first_key = inst.pair_key[inst.bid_pair_ptr[inst.bid_ptr[:-1]]]
    propose(np.argsort(-first_key, kind="stable").tolist())
    rounds = 0
    order = np.argsort(inst.pair_seat, kind="stable")
    seat_pairs = (order, np.searchsorted(inst.pair_seat[order], np.arange(len(cap) + 1)))
    checked = seats.clock
    blocking = _blocking(inst, held, child_pair, seats, refused_at, seat_pairs=seat_pairs)
    left = [len(blocking)]  # blocking bids after each round of re-offers
    while inst.has_joint and len(blocking) and rounds < reoffer_rounds:
        rounds += 1
        agents, first = np.unique(inst.bid_agent[blocking], return_index=True)
        for g, b in zip(agents.tolist(), blocking[first].tolist(), strict=True):
            old = held[g]
            if 0 <= old <= b:
                continue  # its place improved since the check
            if bp[b + 1] - bp[b] == 1:
                out = seats.admit(p_seat[bp[b]], p_key[bp[b]], p_elig[bp[b]])
                evicted: list[int] | None = (
                    None if out == p_key[bp[b]] else ([] if out < 0 else [out])
                )
                if evicted is not None:
                    child_pair[p_child[bp[b]]] = bp[b]
            else:
                evicted = try_joint(g, b)
            if evicted is None:
                refused_at[b] = seats.clock
                continue  # no longer blocking: keep the place it holds
            if old >= 0:
                for p in range(bp[old], bp[old + 1]):
                    seats.remove(p_seat[p], p_key[p], eligible_key)
                refused_at[old] = seats.clock
            held[g] = b
            nxt[g] = b + 1
            propose(evict(evicted))
        blocking = _blocking(
            inst,
            held,
            child_pair,
            seats,
            refused_at,
            since=checked,
            previous=blocking,
            seat_pairs=seat_pairs,
        )
        checked = seats.clock
        left.append(len(blocking))
    return _result(inst, held, child_pair, seats, blocking, rounds), left


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
    inst: RoundInstance,
    held: list[int],
    child_pair: list[int],
    seats: _Seats,
    refused_at: list[int],
    *,
    since: int = 0,
    previous: np.ndarray | None = None,
    seat_pairs: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Blocking bids, checking only bids with a removal at one of their seats since refused.

    A bid checked at an earlier check (clock ``since``) and found not blocking stays so until a
    new removal at one of its seats, so only seats with removals after ``since`` are scanned,
    plus the ``previous`` blocking bids. ``seat_pairs`` is (pairs sorted by seat, offsets).
    """
    removed = np.asarray(seats.removed_at, dtype=np.int64)
    dirty = np.flatnonzero(removed > since)
    if len(dirty) == 0 and (previous is None or len(previous) == 0):
        return np.zeros(0, dtype=np.int64)
    refused = np.asarray(refused_at, dtype=np.int64)
    pair_bid = inst.pair_bid
    if seat_pairs is None:
        pairs = np.flatnonzero(removed[inst.pair_seat] > since)
    else:
        order, start = seat_pairs
        lens = start[dirty + 1] - start[dirty]
        offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
        pairs = order[np.repeat(start[dirty], lens) + offs]
    touched = pairs[removed[inst.pair_seat[pairs]] > refused[pair_bid[pairs]]]
    bids = np.sort(pair_bid[touched])
    bids = bids[np.r_[True, bids[1:] != bids[:-1]]] if len(bids) else bids
    if previous is not None and len(previous):
        bids = np.union1d(bids, previous)
    if len(bids) == 0:
        return np.zeros(0, dtype=np.int64)
    return blocking_bids(
        inst,
        agent_bid=np.asarray(held, dtype=np.int64),
        child_seat=_child_seat(inst, child_pair),
        child_reserved=_in_reserved(inst, seats),
        bids=bids,
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
