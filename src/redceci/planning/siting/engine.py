"""The greedy engine: pairs laid out by site and unit, residual demand, open centres and a
lazy max-heap of options per size; opening, closing, absorbing, resizing, enlarging and
swapping centres.

One cohesive algorithm (its state and every move on it share the heap invariant of
``Engine``), so it stays one module of about 700 lines.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from redceci.errors import InfeasibleError
from redceci.planning.siting.problem import (
    FLOW_TOL,
    RESOURCE_TOL,
    FloatArray,
    IntArray,
    SitingProblem,
    index_ranges,
    sum_product,
)

_REFRESH_BATCH: Final = 24


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True, eq=False)
class Layout:
    """Pairs in CSR form by site (weight desc, minutes asc inside a site) and by unit."""

    unit: IntArray  # unit of each pair, site order
    site: IntArray  # site of each pair, site order
    weight: FloatArray  # weight of the pair's unit, site order
    site_ptr: IntArray  # pairs of site j are site_ptr[j]:site_ptr[j+1]
    unit_ptr: IntArray  # pairs of unit i in unit order are unit_ptr[i]:unit_ptr[i+1]
    unit_site: IntArray  # site of each pair, unit order


def layout_of(problem: SitingProblem) -> Layout:
    n, m = problem.n_units, problem.n_sites
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    minutes = np.asarray(problem.pair_minutes, dtype=np.float64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    w_rank = np.unique(-weight, return_inverse=True)[1].astype(np.int64)
    t_rank = np.rint(minutes * 100.0).astype(np.int64)  # ties broken to 1/100 minute
    n_w = int(w_rank.max(initial=0)) + 1
    n_t = int(t_rank.max(initial=0)) + 1
    if max(m, 1) * n_w * n_t < 2**62:
        order = np.argsort((site * n_w + w_rank[unit]) * n_t + t_rank, kind="stable")
    else:  # pragma: no cover - needs > 4e18 distinct keys
        order = np.lexsort((t_rank, w_rank[unit], site))
    s_unit, s_site = unit[order], site[order]
    site_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(s_site, minlength=m), out=site_ptr[1:])
    by_unit = np.argsort(s_unit, kind="stable")
    unit_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(s_unit, minlength=n), out=unit_ptr[1:])
    return Layout(
        unit=s_unit,
        site=s_site,
        weight=weight[s_unit],
        site_ptr=site_ptr,
        unit_ptr=unit_ptr,
        unit_site=s_site[by_unit],
    )


# --------------------------------------------------------------------------- greedy engine


def _restore(arr: npt.NDArray[Any], index: IntArray, old: npt.NDArray[Any]) -> None:
    """A journal step: ``arr[index] = old`` (repeated indices hold equal old values)."""
    arr[index] = old


def _restore_centre(
    c: _Centre, units: IntArray, amounts: FloatArray, served: float, weight: float
) -> None:
    """A journal step: a centre's assignment as it was."""
    c.units, c.amounts, c.served, c.weight = units, amounts, served, weight


class _Centre:
    """A centre opened by the heuristic, with the demand it took (greedy assignment)."""

    __slots__ = ("amounts", "is_open", "k", "must_keep", "served", "site", "units", "weight")

    def __init__(
        self,
        site: int,
        k: int,
        units: IntArray,
        amounts: FloatArray,
        weight: float,
        must_keep: bool,
    ) -> None:
        self.site = site
        self.k = k
        self.units = units
        self.amounts = amounts
        self.weight = weight
        self.served = float(amounts.sum())
        self.must_keep = must_keep
        self.is_open = True


def key_rule(problem: SitingProblem) -> tuple[str, FloatArray]:
    """The greedy's ranking of options: gain per cost, gain per place or plain gain.

    Gain per peso when a budget is given and binds harder than the count (it cannot buy
    ``max_centres`` centres of the dearest size); else gain per place when ``max_places``
    binds harder than the count; else plain gain.
    """
    sizes = np.asarray(problem.sizes, dtype=np.float64)
    costs = np.asarray(problem.costs, dtype=np.float64)
    mc = problem.max_centres
    if problem.budget is not None and (mc is None or problem.budget < mc * costs.max()):
        return "gain_per_cost", costs
    if problem.max_places is not None and (mc is None or problem.max_places < mc * sizes.max()):
        return "gain_per_place", sizes
    return "gain", np.ones_like(sizes)


class Engine:
    """Residual demand, open centres and a lazy max-heap of options per centre size.

    Heap invariant: for every option (site j, size k) that is "alive", the latest heap
    entry's key is >= the option's true current key (gain / denominator). Opening a centre
    only lowers residuals, so keys only fall and stale entries stay upper bounds (lazy
    evaluation, Minoux 1978). Closing a centre raises residuals: the sites covering the
    returned units are re-evaluated exactly and re-pushed.
    """

    def __init__(self, problem: SitingProblem, layout: Layout, denom: FloatArray) -> None:
        self.lay = layout
        m = problem.n_sites
        self.m = m
        self.sizes = np.asarray(problem.sizes, dtype=np.float64)
        self.costs = np.asarray(problem.costs, dtype=np.float64)
        self.size_list = [float(s) for s in self.sizes]
        self.cost_list = [float(c) for c in self.costs]
        self.n_k = len(self.size_list)
        self.denom = [float(d) for d in denom]
        self.denom_arr = np.asarray(self.denom, dtype=np.float64)
        self.max_count = problem.max_centres if problem.max_centres is not None else 1 << 62
        self.max_places = math.inf if problem.max_places is None else float(problem.max_places)
        self.budget = math.inf if problem.budget is None else float(problem.budget)
        self.rho = float(problem.min_occupancy)
        self.site_max = np.asarray(problem.site_max_centres, dtype=np.int64)
        codes, inverse = np.unique(
            np.asarray(problem.site_state, dtype=np.int64), return_inverse=True
        )
        self.state_codes = codes
        self.state_idx = inverse.astype(np.int64)
        big = 1 << 62
        self.state_cap = np.array(
            [int(problem.state_max.get(int(c), big)) for c in codes], dtype=np.int64
        )
        self.state_floor = np.array(
            [int(problem.state_min.get(int(c), 0)) for c in codes], dtype=np.int64
        )
        self.state_count = np.zeros(len(codes), dtype=np.int64)
        self.resid = np.asarray(problem.demand, dtype=np.float64).copy()
        self.unit_weight = np.asarray(problem.weight, dtype=np.float64)
        total = sum_product(self.unit_weight, self.resid) if self.resid.size else 0.0
        self.tol_gain = 1e-12 * max(1.0, total)
        self.gain = np.zeros((m, self.n_k))
        self.served = np.zeros((m, self.n_k))
        self.exact_at = np.full((m, self.n_k), -1, dtype=np.int64)
        self.site_stamp = np.zeros(m, dtype=np.int64)
        self.latest = np.full((m, self.n_k), -1, dtype=np.int64)
        self.alive = np.zeros((m, self.n_k), dtype=bool)
        self.clock = 1
        self.pid = 0
        self.heaps: list[list[tuple[float, int, int]]] = [[] for _ in range(self.n_k)]
        self.parked: dict[int, list[tuple[int, int]]] = {}
        self.n_open = np.zeros(m, dtype=np.int64)
        self.count = 0
        self.places = 0.0
        self.cost = 0.0
        self.centres: list[_Centre] = []
        self.at_site: dict[int, list[_Centre]] = {}
        self.evaluations = 0
        #: Rollback journal of a trial swap (``begin_trial`` .. ``rollback``): undo steps
        #: restoring the exact values a trial overwrote, replayed newest first.
        self.journal: list[Callable[[], None]] | None = None

    # ----- evaluation

    def eval_sites(self, sites: IntArray) -> tuple[FloatArray, FloatArray]:
        """Exact gain and served children of every size at each site, vectorised."""
        lay = self.lay
        starts = lay.site_ptr[sites]
        lens = lay.site_ptr[sites + 1] - starts
        ends = np.cumsum(lens)
        total = int(ends[-1]) if ends.size else 0
        if total == 0:
            return np.zeros((sites.size, self.n_k)), np.zeros((sites.size, self.n_k))
        first = ends - lens  # each site's first pair in the batch (index_ranges, inlined)
        idx = np.repeat(starts - first, lens) + np.arange(total, dtype=np.int64)
        r = self.resid[lay.unit[idx]]
        csum = np.zeros(total + 1)
        np.cumsum(r, out=csum[1:])
        prev = csum[:-1] - np.repeat(csum[first], lens)
        # Every size at once: row k takes min(max(s_k - prev, 0), r) of each pair; a last
        # zero column lets empty trailing segments index it, and empty segments are zeroed.
        take = np.zeros((self.n_k, total + 1))
        np.minimum(np.maximum(self.sizes[:, None] - prev, 0.0), r, out=take[:, :-1])
        served = np.add.reduceat(take, first, axis=1)
        take[:, :-1] *= lay.weight[idx]
        gains = np.add.reduceat(take, first, axis=1)
        empty = lens == 0
        if empty.any():
            served[:, empty] = 0.0
            gains[:, empty] = 0.0
        self.evaluations += int(sites.size)
        return gains.T, served.T

    def refresh_sites(self, sites: IntArray) -> None:
        """Recompute the gains of ``sites`` for every size from the current residuals."""
        gains, served = self.eval_sites(sites)
        self._save_gains(sites)
        self.gain[sites] = gains
        self.served[sites] = served
        self.exact_at[sites] = self.clock

    def take(self, j: int, k: int) -> tuple[IntArray, FloatArray]:
        """Units and amounts a new size-k centre at j takes: by weight desc up to s_k."""
        lay = self.lay
        a, b = int(lay.site_ptr[j]), int(lay.site_ptr[j + 1])
        units = lay.unit[a:b]
        r = self.resid[units]
        prev = np.cumsum(r) - r
        amount = np.minimum(np.maximum(self.size_list[k] - prev, 0.0), r)
        nz = amount > FLOW_TOL
        return units[nz], amount[nz]

    # ----- heap

    def key(self, j: int, k: int) -> float:
        return float(self.gain[j, k]) / self.denom[k]

    def push(self, j: int, k: int) -> None:
        self.pid += 1
        self.latest[j, k] = self.pid
        self.alive[j, k] = True
        heapq.heappush(self.heaps[k], (-self.key(j, k), j, self.pid))

    def build_heaps(self) -> None:
        """Evaluate every option exactly and rebuild the heaps (vectorised)."""
        self.clock += 1
        sites = np.nonzero(self.n_open < self.site_max)[0].astype(np.int64)
        gains, served = self.eval_sites(sites)
        self.gain[sites] = gains
        self.served[sites] = served
        self.exact_at[sites] = self.clock
        self.alive[:] = False
        for k in range(self.n_k):
            live = sites[gains[:, k] > self.tol_gain]
            ids = self.pid + 1 + np.arange(live.size, dtype=np.int64)
            self.pid += int(live.size)
            self.latest[live, k] = ids
            self.alive[live, k] = True
            keys = -(self.gain[live, k] / self.denom[k])
            heap = list(zip(keys.tolist(), live.tolist(), ids.tolist(), strict=True))
            heapq.heapify(heap)
            self.heaps[k] = heap
        self.parked.clear()

    def resources_allow(self, k: int) -> bool:
        return (
            self.count < self.max_count
            and self.places + self.size_list[k] <= self.max_places + RESOURCE_TOL
            and self.cost + self.cost_list[k] <= self.budget * (1 + RESOURCE_TOL) + RESOURCE_TOL
        )

    def best_in_heap(self, k: int) -> tuple[float, int] | None:
        """The best feasible option of size k as (key, site), refreshing stale entries."""
        heap = self.heaps[k]
        latest, alive, gain, served = self.latest, self.alive, self.gain, self.served
        exact_at, site_stamp = self.exact_at, self.site_stamp
        n_open, site_max = self.n_open, self.site_max
        state_idx, state_count, state_cap = self.state_idx, self.state_count, self.state_cap
        min_served = self.rho * self.size_list[k] - 1e-9
        denom = self.denom[k]
        while heap:
            negkey, j, pid = heap[0]
            if pid != latest[j, k]:
                heapq.heappop(heap)
                continue
            if n_open[j] >= site_max[j]:
                heapq.heappop(heap)
                alive[j, k] = False
                continue
            g = int(state_idx[j])
            if state_count[g] >= state_cap[g]:
                heapq.heappop(heap)
                alive[j, k] = False
                self.parked.setdefault(g, []).append((j, k))
                continue
            if exact_at[j, k] >= site_stamp[j]:
                key = float(gain[j, k]) / denom
                if -negkey != key:
                    heapq.heappop(heap)
                    self.push(j, k)
                    continue
                if served[j, k] < min_served:
                    heapq.heappop(heap)
                    alive[j, k] = False
                    continue
                return key, j
            # Stale top: re-evaluate it with the next stale entries in one vectorised pass.
            batch = [j]
            heapq.heappop(heap)
            while heap and len(batch) < _REFRESH_BATCH:
                _, j2, pid2 = heap[0]
                if pid2 != latest[j2, k]:
                    heapq.heappop(heap)
                    continue
                if exact_at[j2, k] >= site_stamp[j2]:
                    break
                heapq.heappop(heap)
                batch.append(j2)
            self.refresh_sites(np.array(sorted(set(batch)), dtype=np.int64))
            for j2 in batch:
                self.push(j2, k)
        return None

    def best_option(self) -> tuple[int, int, float] | None:
        """The best feasible (site, size, gain) over all sizes, or None."""
        best: tuple[float, float, int, int] | None = None
        for k in range(self.n_k):
            if not self.resources_allow(k):
                continue
            found = self.best_in_heap(k)
            if found is None:
                continue
            key, j = found
            cand = (key, -self.cost_list[k], j, k)
            if best is None or cand[:2] > best[:2]:
                best = cand
        if best is None:
            return None
        _, _, j, k = best
        return j, k, float(self.gain[j, k])

    # ----- moves

    def touch(self, units: IntArray) -> IntArray:
        """Mark the sites covering ``units`` as changed; return them (with repeats)."""
        self.clock += 1
        lay = self.lay
        sites = lay.unit_site[index_ranges(lay.unit_ptr[units], lay.unit_ptr[units + 1])]
        if self.journal is not None:
            self.journal.append(partial(_restore, self.site_stamp, sites, self.site_stamp[sites]))
        self.site_stamp[sites] = self.clock
        return sites

    def open(self, j: int, k: int, *, must_keep: bool = False) -> _Centre:
        units, amounts = self.take(j, k)
        weight = 0.0
        if units.size:
            self.resid[units] = np.maximum(self.resid[units] - amounts, 0.0)
            weight = sum_product(amounts, self.unit_weight[units])
        centre = _Centre(j, k, units, amounts, weight, must_keep)
        self.centres.append(centre)
        self.at_site.setdefault(j, []).append(centre)
        self._count(centre, +1)
        self.touch(units)
        return centre

    def _count(self, c: _Centre, sign: int) -> None:
        self.n_open[c.site] += sign
        self.state_count[self.state_idx[c.site]] += sign
        self.count += sign
        self.places += sign * self.size_list[c.k]
        self.cost += sign * self.cost_list[c.k]

    def close(self, c: _Centre) -> None:
        """Close ``c``: return its demand and re-push the options it makes better."""
        c.is_open = False
        self._count(c, -1)
        if c.units.size:  # a unit may appear twice once the centre has absorbed demand
            self._save_resid(c.units)
            np.add.at(self.resid, c.units, c.amounts)
        self._after_increase(c.units, c.site)

    def _after_increase(self, units: IntArray, site: int) -> None:
        """Residuals of ``units`` rose: re-evaluate the sites covering them (and ``site``)
        and re-push every option whose gain rose, so heap keys stay upper bounds."""
        touched = self.touch(units)
        sites = np.union1d(touched, np.array([site], dtype=np.int64))
        sites = sites[self.site_max[sites] > 0]
        old = self.gain[sites].copy()
        gains, served = self.eval_sites(sites)
        self._save_gains(sites)
        self.gain[sites] = gains
        self.served[sites] = served
        self.exact_at[sites] = self.clock
        rows, ks = np.nonzero((gains > self.tol_gain) & (~self.alive[sites] | (gains > old)))
        if rows.size:  # push them all (as ``push`` does, in the same order), vectorised
            js = sites[rows]
            ids = self.pid + 1 + np.arange(rows.size, dtype=np.int64)
            self.pid += int(rows.size)
            self.latest[js, ks] = ids
            self.alive[js, ks] = True
            keys = -(gains[rows, ks] / self.denom_arr[ks])
            heaps = self.heaps
            for key, j, k, pid in zip(
                keys.tolist(), js.tolist(), ks.tolist(), ids.tolist(), strict=True
            ):
                heapq.heappush(heaps[k], (key, j, pid))
        g = int(self.state_idx[site])
        for j, k in self.parked.pop(g, []):
            if not self.alive[j, k]:
                self.push(j, k)

    def absorb(self, units: IntArray) -> float:
        """Let open centres with room take back residual demand near ``units``.

        Each open centre at a site covering ``units`` tops up from its site's units (weight
        order) to its places. Returns the weight taken (a trial journals what it changes).
        """
        lay = self.lay
        sites = np.unique(lay.unit_site[index_ranges(lay.unit_ptr[units], lay.unit_ptr[units + 1])])
        sites = sites[self.n_open[sites] > 0]  # only sites with an open centre can absorb
        gained = 0.0
        for j in sites.tolist():
            for c in self.at_site.get(j, ()):
                room = self.size_list[c.k] - c.served
                if not c.is_open or room <= FLOW_TOL:
                    continue
                a, b = int(lay.site_ptr[j]), int(lay.site_ptr[j + 1])
                cover = lay.unit[a:b]
                r = self.resid[cover]
                prev = np.cumsum(r) - r
                amount = np.minimum(np.maximum(room - prev, 0.0), r)
                nz = amount > FLOW_TOL
                if not nz.any():
                    continue
                took, amt = cover[nz], amount[nz]
                self._save_resid(took)
                if self.journal is not None:
                    self.journal.append(
                        partial(_restore_centre, c, c.units, c.amounts, c.served, c.weight)
                    )
                self.resid[took] = np.maximum(self.resid[took] - amt, 0.0)
                w = sum_product(amt, self.unit_weight[took])
                c.units = np.concatenate([c.units, took])
                c.amounts = np.concatenate([c.amounts, amt])
                c.served += float(amt.sum())
                c.weight += w
                gained += w
                self.touch(took)
        return gained

    # ----- rollback journal

    def _save_resid(self, units: IntArray) -> None:
        if self.journal is not None:
            self.journal.append(partial(_restore, self.resid, units, self.resid[units]))

    def _save_gains(self, sites: IntArray) -> None:
        if self.journal is not None:
            for arr in (self.gain, self.served, self.exact_at):
                self.journal.append(partial(_restore, arr, sites, arr[sites]))

    def begin_trial(self) -> None:
        """Start journaling: ``rollback`` will restore the state exactly as it is now."""
        self.journal = []
        self._saved = (self.count, self.places, self.cost)

    def rollback(self, closed: _Centre) -> None:
        """Undo a trial that closed ``closed`` (and let centres absorb its demand): residuals,
        gains, freshness stamps and centres get back their exact values, without
        re-evaluating anything. Heap entries pushed meanwhile stay: their keys were computed
        from residuals at least as high, so they remain upper bounds."""
        journal, self.journal = self.journal or [], None
        for undo in reversed(journal):
            undo()
        closed.is_open = True
        self._count(closed, +1)
        self.count, self.places, self.cost = self._saved

    def open_centres(self) -> list[_Centre]:
        return [c for c in self.centres if c.is_open]

    def seed(self, counts: IntArray) -> int:
        """Open ``counts[j]`` centres at each site j (beyond its must-keep one), strongest
        sites first, each of the size with the best key that fits every limit and the
        occupancy rule; sites where nothing fits are skipped. Returns centres opened."""
        sites = np.nonzero(counts > self.n_open)[0].astype(np.int64)
        if sites.size == 0:
            return 0
        gains, _ = self.eval_sites(sites)
        opened = 0
        for j in sites[np.argsort(-gains.max(axis=1), kind="stable")].tolist():
            for _ in range(int(counts[j] - self.n_open[j])):
                g = int(self.state_idx[j])
                if self.n_open[j] >= self.site_max[j] or self.state_count[g] >= self.state_cap[g]:
                    break
                gain, served = self.eval_sites(np.array([j], dtype=np.int64))
                options = [
                    (float(gain[0, k]) / self.denom[k], -self.cost_list[k], k)
                    for k in range(self.n_k)
                    if self.resources_allow(k)
                    and gain[0, k] > self.tol_gain
                    and served[0, k] >= self.rho * self.size_list[k] - 1e-9
                ]
                if not options:
                    break
                self.open(j, max(options)[2])
                opened += 1
        return opened

    def fill(self, progress: Callable[[int], None] | None = None) -> int:
        """Lazy greedy: add the best option while one fits and has a positive gain."""
        added = 0
        while self.count < self.max_count:
            best = self.best_option()
            if best is None or best[2] <= self.tol_gain:
                break
            self.open(best[0], best[1])
            added += 1
            if progress is not None and added % 50 == 0:
                progress(added)
        return added

    # ----- state minima

    def satisfy_state_min(self) -> int:
        """Add the best centres in states below their minimum, closing weak ones elsewhere."""
        added = downsized = 0
        while True:
            short = np.nonzero(self.state_count < self.state_floor)[0]
            if short.size == 0:
                return added
            g = int(short[0])
            code = int(self.state_codes[g])
            sites = np.nonzero((self.state_idx == g) & (self.n_open < self.site_max))[0]
            if sites.size == 0:
                raise InfeasibleError(f"state {code}: no site has room for another centre")
            gains, served = self.eval_sites(sites.astype(np.int64))
            best: tuple[bool, float, float, int, int] | None = None
            for k in range(self.n_k):
                if not self.resources_allow(k):
                    continue
                occ = served[:, k] >= self.rho * self.size_list[k] - 1e-9
                keys = gains[:, k] / self.denom[k]
                for ok in (True, False):
                    cand_idx = np.nonzero(occ == ok)[0]
                    if cand_idx.size:
                        a = int(cand_idx[np.argmax(keys[cand_idx])])
                        cand = (ok, float(keys[a]), -self.cost_list[k], int(sites[a]), k)
                        if best is None or cand[:3] > best[:3]:
                            best = cand
            if best is not None:
                self.open(best[3], best[4])
                added += 1
                continue
            removable = [
                c
                for c in self.open_centres()
                if not c.must_keep
                and int(self.state_idx[c.site]) != g
                and self.state_count[self.state_idx[c.site]]
                > self.state_floor[self.state_idx[c.site]]
            ]
            if not removable and downsized < 2 * self.count + 2 and self._downsize_one():
                downsized += 1
                continue
            if not removable:
                raise InfeasibleError(
                    f"state {code}: cannot reach state_min {int(self.state_floor[g])} within "
                    "the count, places and budget limits"
                )
            self.close(min(removable, key=lambda c: c.weight))

    def _downsize_one(self) -> bool:
        """Free what blocks another centre: reopen one non-approved centre at the size that
        frees most places (when places block the smallest size) or most money (otherwise).
        Returns False when no centre can free any."""
        k_small = min(range(self.n_k), key=lambda k: self.size_list[k])
        places_block = self.places + self.size_list[k_small] > self.max_places + RESOURCE_TOL
        use = self.size_list if places_block else self.cost_list
        best: tuple[float, _Centre, int] | None = None
        for c in self.open_centres():
            if c.must_keep:
                continue
            for k in range(self.n_k):
                freed = use[c.k] - use[k]
                if freed > 0 and (best is None or freed > best[0]):
                    best = (freed, c, k)
        if best is None:
            return False
        _, c, k = best
        self.close(c)
        self.open(c.site, k)
        return True

    # ----- local search

    def resize(self) -> int:
        """Give each centre the cheapest size that still holds what it serves (and keeps the
        plan within the places limit)."""
        moves = 0
        for c in self.open_centres():
            if c.must_keep:
                continue
            best = c.k
            for k in range(self.n_k):
                extra = self.size_list[k] - self.size_list[c.k]
                fits = (
                    self.size_list[k] >= c.served - 1e-9
                    and self.places + extra <= self.max_places + RESOURCE_TOL
                )
                cheaper = (self.cost_list[k], self.size_list[k]) < (
                    self.cost_list[best],
                    self.size_list[best],
                )
                if fits and cheaper:
                    best = k
            if best != c.k:
                self._count(c, -1)
                c.k = best
                self._count(c, +1)
                self.touch(c.units)
                moves += 1
        return moves

    def _top_up(self, c: _Centre, k: int) -> tuple[IntArray, FloatArray]:
        """Units and amounts centre ``c`` would add at size ``k``: its site's residual
        demand in weight order, up to the places the larger size adds."""
        lay = self.lay
        room = self.size_list[k] - c.served
        a, b = int(lay.site_ptr[c.site]), int(lay.site_ptr[c.site + 1])
        cover = lay.unit[a:b]
        r = self.resid[cover]
        prev = np.cumsum(r) - r
        amount = np.minimum(np.maximum(room - prev, 0.0), r)
        nz = amount > FLOW_TOL
        return cover[nz], amount[nz]

    def _enlarge_key(self, c: _Centre, k: int) -> float:
        """Weight a size-k ``c`` adds per unit the ranking charges for the larger size
        (places, money, or 1 when the ranking is plain gain); 0 when the occupancy rule or
        the places and budget left forbid it."""
        extra_places = self.size_list[k] - self.size_list[c.k]
        extra_cost = self.cost_list[k] - self.cost_list[c.k]
        if (
            self.places + extra_places > self.max_places + RESOURCE_TOL
            or self.cost + extra_cost > self.budget * (1 + RESOURCE_TOL) + RESOURCE_TOL
        ):
            return 0.0
        units, amounts = self._top_up(c, k)
        if c.served + float(amounts.sum()) < self.rho * self.size_list[k] - 1e-9:
            return 0.0
        gain = sum_product(amounts, self.unit_weight[units]) if units.size else 0.0
        if gain <= self.tol_gain:
            return 0.0
        charge = self.denom[k] - self.denom[c.k]
        return gain / (charge if charge > 1e-12 else 1.0)

    def enlarge(self) -> int:
        """Give open centres a larger size while the places and budget left allow and it
        adds weight (the count is unchanged), the best weight per unit the ranking charges
        first. Residuals only fall here, so an earlier key is an upper bound (lazy greedy).
        Returns the centres enlarged."""
        heap: list[tuple[float, int, int]] = []

        def push_larger(i: int) -> None:
            c = self.centres[i]
            for k in range(self.n_k):
                if self.size_list[k] > self.size_list[c.k]:
                    key = self._enlarge_key(c, k)
                    if key > 0.0:
                        heapq.heappush(heap, (-key, i, k))

        for i, c in enumerate(self.centres):
            if c.is_open and not c.must_keep:
                push_larger(i)
        moves = 0
        while heap:
            _, i, k = heapq.heappop(heap)
            c = self.centres[i]
            if not c.is_open or self.size_list[k] <= self.size_list[c.k]:
                continue
            key = self._enlarge_key(c, k)
            if key <= 0.0:
                continue
            if heap and key < -heap[0][0]:
                heapq.heappush(heap, (-key, i, k))
                continue
            units, amounts = self._top_up(c, k)
            self.resid[units] = np.maximum(self.resid[units] - amounts, 0.0)
            self._count(c, -1)
            c.k = k
            self._count(c, +1)
            c.units = np.concatenate([c.units, units])
            c.amounts = np.concatenate([c.amounts, amounts])
            c.served += float(amounts.sum())
            c.weight += sum_product(amounts, self.unit_weight[units])
            self.touch(units)
            moves += 1
            push_larger(i)
        return moves

    def swap_pass(self, deadline: float) -> tuple[int, int]:
        """Try closing each centre (weakest first): nearby centres with room take back what
        they can of its demand, and the best other option opens if it gains more than the
        net loss; otherwise everything is undone."""
        tried = accepted = 0
        for c in sorted(self.open_centres(), key=lambda c: c.weight):
            if time.perf_counter() > deadline:
                break
            if c.must_keep or not c.is_open:
                continue
            g = int(self.state_idx[c.site])
            if self.state_count[g] - 1 < self.state_floor[g]:
                continue
            tried += 1
            self.begin_trial()
            self.close(c)
            # Closing c loses less than c took when centres nearby have room for its units.
            absorbed = self.absorb(c.units)
            loss = c.weight - absorbed
            best = self.best_option()
            tol = 1e-9 * max(1.0, c.weight)
            if best is not None and best[2] > loss + tol:
                self.journal = None
                self.open(best[0], best[1])
                accepted += 1
                self.fill()
            else:
                self.rollback(c)
        return tried, accepted
