"""The relaxations behind the Lagrangian bound, evaluated at given multipliers.

``Relaxations(problem).evaluate(lam)`` returns ``L(lambda) = sum_i lambda_i u_i +
min(A(lambda), B(lambda))`` with a rounding margin, a subgradient and relaxation A's site
choices; ``closed_sites`` is reduced-cost fixing. The derivation (why every value is an upper
bound on the optimum) is in ``bound``'s docstring.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import sparse

from redceci.planning.siting.problem import (
    FloatArray,
    IntArray,
    SitingProblem,
    index_ranges,
    sum_product,
)

_EPS: Final = float(np.finfo(np.float64).eps)


def _segment_exclusive_cumsum(
    x: FloatArray, starts: IntArray, counts: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Exclusive prefix sums restarting at each segment, and the segment totals.

    The running sum is reset at each segment start (subtracting the previous segment's
    total) so rounding errors scale with a segment's own sum, not with the global sum.
    """
    totals = np.zeros(counts.shape[0])
    if x.size == 0:
        return np.zeros(0), totals
    nonempty = np.nonzero(counts > 0)[0]
    st = starts[nonempty]
    seg_sums = np.add.reduceat(x, st)
    totals[nonempty] = seg_sums
    x2 = x.copy()
    x2[st[1:]] -= seg_sums[:-1]
    inclusive = np.cumsum(x2)
    return inclusive - x, totals


def _group_rank(groups: IntArray) -> IntArray:
    """Rank of each element among the elements of its group, in array order."""
    order = np.argsort(groups, kind="stable")
    g_sorted = groups[order]
    first = np.ones(g_sorted.size, dtype=bool)
    first[1:] = g_sorted[1:] != g_sorted[:-1]
    starts = np.maximum.accumulate(np.where(first, np.arange(g_sorted.size), 0))
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = np.arange(g_sorted.size) - starts
    return rank


class Relaxations:
    """Everything that does not depend on lambda, precomputed once."""

    def __init__(self, problem: SitingProblem, *, split_whole: bool = True) -> None:
        """``split_whole=False`` sorts every site's pairs, whole or not (the reference the
        tests compare the split evaluation with)."""
        self.n = problem.n_units
        self.m = m = problem.n_sites
        self.u = np.asarray(problem.demand, dtype=np.float64)
        self.w = np.asarray(problem.weight, dtype=np.float64)
        unit = np.asarray(problem.pair_unit, dtype=np.int64)
        site = np.asarray(problem.pair_site, dtype=np.int64)
        # Pairs of units with no demand or no weight can never add value: drop them once.
        useful = (self.u[unit] > 0) & (self.w[unit] > 0)
        unit, site = unit[useful], site[useful]
        self.inv_u = np.where(self.u > 0, 1.0 / np.maximum(self.u, 1e-300), 0.0)
        sizes = np.asarray(problem.sizes, dtype=np.float64)
        costs = np.asarray(problem.costs, dtype=np.float64)
        self.s_max = s_max = float(sizes.max())
        site_max = np.asarray(problem.site_max_centres, dtype=np.int64)
        codes, state_idx = np.unique(
            np.asarray(problem.site_state, dtype=np.int64), return_inverse=True
        )
        self.state_idx = state_idx.astype(np.int64)
        n_states = codes.size
        inf_cap = np.iinfo(np.int64).max // 4
        state_max = np.array(
            [int(problem.state_max.get(int(c), inf_cap)) for c in codes], dtype=np.int64
        )
        self.has_state_max = bool(np.any(state_max < inf_cap))

        forced_size = np.zeros(m)
        forced = np.zeros(m, dtype=bool)
        for j, k in problem.must_keep.items():
            forced[int(j)] = True
            forced_size[int(j)] = sizes[int(k)]
        n_mk = int(forced.sum())
        mk_cost = float(sum(costs[int(k)] for k in problem.must_keep.values()))
        mk_places = float(forced_size.sum())

        # A valid limit on the number of centres of any feasible plan.
        count = float(site_max.sum())
        if problem.max_centres is not None:
            count = min(count, float(problem.max_centres))
        if problem.budget is not None:
            spare = (float(problem.budget) - mk_cost) / float(costs.min())
            count = min(count, n_mk + math.floor(spare * (1 + 1e-12) + 1e-9))
        if problem.max_places is not None:
            spare = (float(problem.max_places) - mk_places) / float(sizes.min())
            count = min(count, n_mk + math.floor(spare * (1 + 1e-12) + 1e-9))
        self.count = int(max(count, n_mk))
        # State caps left after the forced centres (contraction of the laminar matroid).
        forced_by_state = np.bincount(self.state_idx[forced], minlength=n_states)
        self.state_cap_a = np.maximum(state_max - forced_by_state, 0)
        self.n_forced = n_mk

        # Relaxation A elements: (site j, t-th centre) with capacity cap_j(t).
        cover = np.bincount(site, weights=self.u[unit], minlength=m)
        t_max = np.minimum(site_max, self.count)
        # Beyond the t whose capacity covers all the site's demand the marginals are 0.
        needed = np.where(
            forced,
            1 + np.ceil(np.maximum(cover - forced_size, 0.0) / s_max),
            np.ceil(cover / s_max),
        ).astype(np.int64)
        t_max = np.where(
            forced, np.maximum(np.minimum(t_max, needed), 1), np.minimum(t_max, needed)
        )
        t_max = np.maximum(t_max, 0)
        q_site = np.repeat(np.arange(m, dtype=np.int64), t_max)
        first = np.cumsum(t_max) - t_max
        q_t = np.arange(q_site.size, dtype=np.int64) - np.repeat(first, t_max) + 1
        q_forced = forced[q_site]
        self.q_site = q_site
        self.q_first = q_t == 1
        self.q_cap = np.where(
            q_forced, forced_size[q_site] + s_max * (q_t - 1), s_max * q_t.astype(np.float64)
        )
        self.q_forced_elem = q_forced & (q_t == 1)
        self.forced = forced
        self.forced_size = forced_size

        # Relaxation B: continuous capacities.
        # B relaxes A (same lambda terms, capacities made continuous) unless its total
        # capacity is below what A's count allows; only then can it be the smaller one.
        cap_total = s_max * self.count
        if problem.max_places is not None:
            cap_total = min(cap_total, float(problem.max_places))
        if problem.budget is not None:
            cap_total = min(cap_total, float(problem.budget) * float((sizes / costs).max()))
        self.use_b = cap_total < s_max * self.count * (1 - 1e-9)
        self.cap_total = cap_total * (1 + 1e-12)
        site_cap_b = np.where(
            forced, forced_size + s_max * (site_max - 1), s_max * site_max.astype(np.float64)
        )
        self.site_cap_b = np.maximum(site_cap_b, 0.0)
        self.state_cap_b = np.where(state_max < inf_cap, s_max * state_max, np.inf)

        # A site is "whole" when even its first centre holds all the demand it reaches (so do
        # its later ones, and relaxation B's capacity): its value is the plain sum of
        # (w_i - lambda_i)^+ u_i and, chosen, it takes every pair whole, in any order. Only
        # the other ("cut") sites need their pairs sorted by value. Pairs are stored cut
        # sites first, then whole sites, each by site; every evaluation only permutes pairs
        # inside a cut site's segment, so the segments never change.
        first_cap = np.where(forced, forced_size, s_max)
        whole = (site_max >= 1) & (t_max >= 1) & (first_cap >= cover)
        whole &= split_whole
        order = np.argsort(whole[site].astype(np.int64) * m + site, kind="stable")
        self.p_unit = unit[order]
        self.p_site = site[order]
        self.p_u = self.u[self.p_unit]
        self.p_w = self.w[self.p_unit]
        self.n_cut = n_cut = int(np.count_nonzero(~whole[self.p_site]))
        self.p_site_f = self.p_site[:n_cut].astype(np.float64)
        # The cut pairs' units and demands in the last evaluation's sort.
        self.sorted_unit, self.sorted_u = self.p_unit[:n_cut], self.p_u[:n_cut]
        self.whole_site = self.p_site[n_cut:]
        self.whole_unit = self.p_unit[n_cut:]
        self.whole_u = self.p_u[n_cut:]
        # Whole sites' values and demand taken are sparse products: site x unit, entries u_i.
        self.whole_mat = sparse.csr_matrix(
            (self.whole_u, (self.whole_site, self.whole_unit)), shape=(m, self.n)
        )
        self.seg_counts = np.bincount(self.p_site, minlength=m)
        seg_key = whole[self.p_site].astype(np.int64) * m + self.p_site
        self.seg_start = np.searchsorted(seg_key, whole.astype(np.int64) * m + np.arange(m))
        self.seg_end = self.seg_start + self.seg_counts
        # Cut sites' segments inside the cut pairs (whole sites get empty ones at the end).
        self.cut_counts = np.where(whole, 0, self.seg_counts)
        self.cut_start = np.where(whole, n_cut, self.seg_start)
        self.cut_end = self.cut_start + self.cut_counts
        self.q_cut = np.nonzero(~whole[q_site])[0]
        self.total_u = float(self.p_u.sum())
        self.max_deg = int(self.seg_counts.max(initial=0))
        self.cover = cover
        # Maximal covering: every element's capacity holds all the demand its site reaches,
        # so a site's value is the plain sum of its (w_i - lambda_i)^+ u_i -- no sorting.
        self.uncapacitated = bool(np.all(self.q_cap >= cover[q_site])) and not self.use_b

    def evaluate(self, lam: FloatArray) -> tuple[float, FloatArray, str, IntArray]:
        """``L(lambda)`` (with rounding margin), a subgradient, which relaxation won, and
        relaxation A's centres per site."""
        m = self.m
        lam_term = sum_product(lam, self.u)
        margin = 4 * _EPS * self.n * float(np.abs(lam * self.u).sum())
        if self.uncapacitated:
            return self._evaluate_uncapacitated(lam, lam_term + margin)
        # Every kept pair has u > 0; a pair worth 0 (lambda_i = w_i) adds nothing, and taking
        # it or not are both maximisers, so both give a valid subgradient.
        v_unit = np.maximum(self.w - lam, 0.0)
        vmax = float(v_unit.max(initial=0.0))
        if vmax <= 0.0:  # no site can gain anything: L = sum lambda u
            self.last_a = lam_term + margin
            self.last_d = np.zeros(self.q_site.size)
            self.last_free = np.zeros(0, dtype=np.int64)
            return lam_term + margin, self.u.copy(), "A", self.forced.astype(np.int64)
        n_cut = self.n_cut
        # Cut sites: sort by (site asc, value desc); the value fraction stays within
        # [site, site + 0.5]. Multipliers move little between steps, so the last order is
        # nearly sorted and a stable (merge) sort from it is an order of magnitude faster
        # than a fresh one.
        # The keys are computed in the last order directly (it only permutes pairs inside
        # each segment, so the site part of the key is unchanged).
        prev_unit = self.sorted_unit
        v = v_unit[prev_unit]
        perm = np.argsort(self.p_site_f + 0.5 * (1.0 - v / vmax), kind="stable")
        sv, su, sunit = v[perm], self.sorted_u[perm], prev_unit[perm]
        self.sorted_unit, self.sorted_u = sunit, su
        ss = self.p_site[:n_cut]  # the sort only permutes pairs inside each site's segment
        counts, seg_start, seg_end = self.cut_counts, self.cut_start, self.cut_end
        cu_ex, _ = _segment_exclusive_cumsum(su, seg_start, counts)
        cv_ex, tv = _segment_exclusive_cumsum(sv * su, seg_start, counts)
        # Whole sites: the plain sum of their pairs' values.
        tv += self.whole_mat @ v_unit
        max_deg = self.max_deg
        # Rounding of segment sums, and the sort key resolving values only to ~4 m eps vmax.
        margin_a = 8 * _EPS * (max_deg * float(tv.sum()) + (m + 1) * vmax * self.total_u)

        value_a, used_a, cap_a_sum, n_sel = self._relaxation_a(
            sv, su, sunit, ss, seg_start, seg_end, cu_ex, cv_ex, tv
        )
        margin_a += 8 * _EPS * (m + 1) * vmax * cap_a_sum
        best_value, best_used, rel = value_a + margin_a, used_a, "A"
        self.last_a = lam_term + margin + value_a + margin_a
        if self.use_b:
            # A whole site's capacity in B holds all its pairs, whatever their order.
            value_b, used_b = self._relaxation_b(
                np.concatenate([sv, v_unit[self.whole_unit]]),
                self.p_u if n_cut == 0 else np.concatenate([su, self.whole_u]),
                np.concatenate([sunit, self.whole_unit]),
                self.p_site,
                np.concatenate([cu_ex, np.zeros(self.whole_u.size)]),
            )
            scale = value_b + vmax * min(self.cap_total, self.total_u)
            margin_b = margin_a + 8 * _EPS * (self.p_u.size + m + 1) * scale
            if value_b + margin_b < best_value:
                best_value, best_used, rel = value_b + margin_b, used_b, "B"
        subgrad = self.u - best_used
        return lam_term + margin + best_value, subgrad, rel, n_sel

    def _evaluate_uncapacitated(
        self, lam: FloatArray, base: float
    ) -> tuple[float, FloatArray, str, IntArray]:
        """``evaluate`` when no capacity cuts a site's knapsack (maximal covering): a site is
        worth the plain sum of ``(w_i - lambda_i)^+ u_i`` over its pairs."""
        v_unit = np.maximum(self.w - lam, 0.0)
        vmax = float(v_unit.max(initial=0.0))
        tv = np.bincount(
            self.p_site, weights=(v_unit * self.u)[self.p_unit], minlength=self.m
        ).astype(np.float64)
        value, n_sel = self._select(tv[self.q_site])
        # Same rounding margin as the sorted evaluation (sums of at most max_deg terms).
        margin_a = (
            8
            * _EPS
            * (self.max_deg * float(tv.sum()) + (self.m + 1) * vmax * float(self.cover.sum()))
        )
        # Every pair of a chosen site takes its unit's whole demand.
        chosen = np.nonzero(n_sel > 0)[0]
        idx = index_ranges(self.seg_start[chosen], self.seg_end[chosen])
        used = np.bincount(self.p_unit[idx], weights=self.p_u[idx], minlength=self.n)
        self.last_a = base + value + margin_a
        return self.last_a, self.u - used.astype(np.float64), "A", n_sel

    def _select(self, g: FloatArray) -> tuple[float, IntArray]:
        """Relaxation A's greedy over the laminar matroid, from the values ``g`` of its
        elements: its value and the centres it takes at each site. The elements' marginal
        values and the ones chosen are kept for ``closed_sites``."""
        q_site = self.q_site
        d = g.copy()
        later = ~self.q_first
        d[later] -= g[np.nonzero(later)[0] - 1]
        forced_value = float(g[self.q_forced_elem].sum())
        free = np.nonzero(~self.q_forced_elem & (d > 0))[0]
        take = max(self.count - self.n_forced, 0)
        if not self.has_state_max and free.size > take:
            # Only the best ``take`` count: keep those at least the take-th largest value
            # (ties included, so the stable order below is the full sort's first ``take``).
            values = d[free]
            kth = np.partition(values, free.size - take)[free.size - take] if take else np.inf
            free = free[values >= kth]
        free = free[np.argsort(-d[free], kind="stable")]
        if self.has_state_max and free.size:
            states = self.state_idx[q_site[free]]
            free = free[_group_rank(states) < self.state_cap_a[states]]
        free = free[:take]
        value = forced_value + float(d[free].sum())
        n_sel = np.bincount(q_site[free], minlength=self.m) + self.forced.astype(np.int64)
        self.last_d, self.last_free = d, free
        return value, n_sel

    def _relaxation_a(
        self,
        sv: FloatArray,
        su: FloatArray,
        sunit: IntArray,
        ss: IntArray,
        seg_start: IntArray,
        seg_end: IntArray,
        cu_ex: FloatArray,
        cv_ex: FloatArray,
        tv: FloatArray,
    ) -> tuple[float, FloatArray, float, IntArray]:
        q_site, q_cap = self.q_site, self.q_cap
        gu0 = np.zeros(su.size + 1)
        np.cumsum(su, out=gu0[1:])
        g = tv[q_site]
        q_cut = self.q_cut
        c_site, c_cap = q_site[q_cut], q_cap[q_cut]
        st, en = seg_start[c_site], seg_end[c_site]
        pos = np.searchsorted(gu0, gu0[st] + c_cap, side="right") - 1
        pos = np.clip(pos, st, en)
        inside = pos < en
        p_in = pos[inside]
        if p_in.size:
            # Dual bound with mu = value of the cut piece: exact at the true cut, >= otherwise.
            g[q_cut[inside]] = cv_ex[p_in] + sv[p_in] * (c_cap[inside] - cu_ex[p_in])
        value, n_sel = self._select(g)
        cap = np.where(
            self.forced,
            self.forced_size + self.s_max * np.maximum(n_sel - 1, 0),
            self.s_max * n_sel.astype(np.float64),
        )
        # Only the chosen sites' pairs take demand: their segments, not every pair.
        chosen = np.nonzero(n_sel > 0)[0]
        idx = index_ranges(self.cut_start[chosen], self.cut_end[chosen])
        y = np.minimum(np.maximum(cap[ss[idx]] - cu_ex[idx], 0.0), su[idx])
        used = np.bincount(sunit[idx], weights=y, minlength=self.n).astype(np.float64)
        whole = chosen[self.cut_counts[chosen] == 0]
        idx = index_ranges(self.seg_start[whole], self.seg_end[whole])
        used += np.bincount(self.p_unit[idx], weights=self.p_u[idx], minlength=self.n)
        return value, used, float(cap.sum()), n_sel

    def closed_sites(self, lam: FloatArray, incumbent: float) -> npt.NDArray[np.bool_]:
        """Sites closed in every plan worth more than ``incumbent`` (reduced-cost fixing).

        Relaxation A at ``lambda`` is a max-weight independent set B of a laminar matroid
        (value ``L_A``); the best independent set containing element e (a site's first
        centre, marginal ``d_e``) is ``B + e`` if that is independent, else ``B + e`` minus
        the least element of e's circuit, which is worth at least the least chosen marginal
        ``d_min``. When B fills the count, every e closes a circuit: a plan opening site j
        is worth at most ``L_A + d_j1 - d_min``. Otherwise, at most ``L_A + d_j1`` (an
        unchosen e with ``d_e > 0`` is blocked by its state's cap, and then ``d_min > 0``
        only lowers it). When that is below the incumbent, no better plan opens j. Sites
        whose first centre was chosen, and approved (forced) sites, are never closed.
        """
        self.evaluate(lam)
        d, free = self.last_d, self.last_free
        full = free.size >= self.count - self.n_forced
        d_min = 0.0
        if full:
            d_min = float(d[free].min()) if free.size else math.inf
        first = np.nonzero(self.q_first & ~self.q_forced_elem)[0]
        reach = self.last_a + d[first] - d_min
        # Rounding of the marginals: a margin of 1e-9 of the bound keeps the test safe.
        safe = reach + 1e-9 * abs(self.last_a) < incumbent
        closed = np.zeros(self.m, dtype=bool)
        closed[self.q_site[first[safe]]] = True
        chosen = np.zeros(self.m, dtype=bool)
        chosen[self.q_site[free]] = True
        return closed & ~chosen & ~self.forced

    def _relaxation_b(
        self,
        sv: FloatArray,
        su: FloatArray,
        sunit: IntArray,
        ss: IntArray,
        cu_ex: FloatArray,
    ) -> tuple[float, FloatArray]:
        a1 = np.minimum(np.maximum(self.site_cap_b[ss] - cu_ex, 0.0), su)
        keep = np.nonzero(a1 > 0)[0]
        keep = keep[np.argsort(-sv[keep], kind="stable")]
        amount = a1[keep]
        if self.has_state_max and keep.size:
            states = self.state_idx[ss[keep]]
            order = np.argsort(states, kind="stable")
            st_sorted = states[order]
            counts = np.bincount(st_sorted, minlength=int(self.state_cap_b.size))
            starts = np.cumsum(counts) - counts
            prev_sorted, _ = _segment_exclusive_cumsum(amount[order], starts, counts)
            prev = np.empty_like(prev_sorted)
            prev[order] = prev_sorted
            amount = np.minimum(np.maximum(self.state_cap_b[states] - prev, 0.0), amount)
        prev_total = np.cumsum(amount) - amount
        amount = np.minimum(np.maximum(self.cap_total - prev_total, 0.0), amount)
        value = sum_product(sv[keep], amount)
        used = np.bincount(sunit[keep], weights=amount, minlength=self.n).astype(np.float64)
        return value, used
