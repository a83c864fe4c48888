r"""Exact mode for one municipality: the assignment with the fewest blocking bids (HiGHS MILP).

With siblings placed together a stable assignment may not exist, and finding one that minimises
instability is NP-hard (Japanese municipal daycare: Sun et al., AAAI 2023/2024, who solve real
municipalities of 550-1,589 children exactly). Variables: :math:`x_b` (agent gets bid
:math:`b`), :math:`y_b` (bid :math:`b` blocks) and, for bids of several children,
:math:`z_p` (pair :math:`p`'s room is full of better-ranked children).

.. math::

    \min\ & W \sum_b y_b - \sum_b |b|\, x_b \qquad (W = n_\text{children} + 1) \\
    \text{s.t. } & \textstyle\sum_{b \in g} x_b \le 1 \quad \forall g, \qquad
      \sum_{p \ni s} x_{b(p)} \le C_s \quad \forall s, \\
    & T_b = \textstyle\sum_{b' \in g,\ b' \preceq_g b} x_{b'}, \qquad
      B_p = \sum_{q \ni s(p),\ k_q < k_p,\ g(q) \ne g} x_{b(q)}, \\
    & \text{one pair: } B_p + C_s T_b + C_s y_b \ge C_s, \\
    & \text{several: } \textstyle\sum_{p \in b} z_p + T_b + y_b \ge 1,\quad
      B_p \ge (C_s - m_p + 1)\, z_p,

where :math:`m_p` counts the bid's children in the same room with a key no worse than
:math:`p`'s. Placing a child weighs less than one blocking bid. Reserved places are not
modelled here: a round with reserved places is refused.
"""

from __future__ import annotations

import highspy
import numpy as np
from scipy import sparse

from redceci.enrolment.round import Assignment, RoundInstance
from redceci.enrolment.stability import blocking_bids
from redceci.errors import InputError

__all__ = ["EXACT_MAX_CHILDREN", "EXACT_MAX_CHILDREN_SOURCE", "min_blocking_assignment"]

#: The largest round (children applying) the exact mode takes when asked through the store or
#: the API; callers may pass their own limit.
EXACT_MAX_CHILDREN = 400
EXACT_MAX_CHILDREN_SOURCE = (
    "MEASURED (this machine, 2 cores shared, one HiGHS thread): synthetic families of Corregidora,"
    " Querétaro, 8 centres, proven optimal in 2.4 s at 400 children, 6.9 s at 600, 118 s at 800"
    " (docs/enrolment-api.md). Sun et al. (AAAI 2023/2024) solve 550-1,589 children exactly with"
    " a commercial solver."
)


def min_blocking_assignment(inst: RoundInstance, *, time_limit: float = 60.0) -> Assignment:
    """Solve the MILP above; ``optimal`` in the result says whether HiGHS proved optimality.

    Raises
    ------
    InputError
        The round has reserved places, or HiGHS found no assignment in the time limit.
    """
    if (inst.seats.reserved > 0).any():
        raise InputError("exact mode does not model reserved places")
    n_bids, n_pairs = inst.n_bids, inst.n_pairs
    bp = inst.bid_pair_ptr
    bid_size = np.diff(bp)
    pair_bid = inst.pair_bid
    bid_agent = inst.bid_agent
    multi = np.flatnonzero(bid_size[pair_bid] > 1)  # pairs needing a z variable
    z_col = np.full(n_pairs, -1, dtype=np.int64)
    z_col[multi] = 2 * n_bids + np.arange(len(multi))
    n_col = 2 * n_bids + len(multi)
    cap = inst.seats.capacity

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(c: list[int], v: list[float], lower: float, upper: float) -> None:
        r = len(lo)
        rows.extend([r] * len(c))
        cols.extend(c)
        vals.extend(v)
        lo.append(lower)
        hi.append(upper)

    inf = highspy.kHighsInf
    for g in range(inst.n_agents):
        own = list(range(int(inst.bid_ptr[g]), int(inst.bid_ptr[g + 1])))
        row(own, [1.0] * len(own), -inf, 1.0)
    for s in range(len(inst.seats)):
        ps = np.flatnonzero(inst.pair_seat == s)
        row(pair_bid[ps].tolist(), [1.0] * len(ps), -inf, float(cap[s]))

    order = np.lexsort((inst.pair_key, inst.pair_seat))
    seat_sorted = inst.pair_seat[order]
    for b in range(n_bids):
        g = int(bid_agent[b])
        first = int(inst.bid_ptr[g])
        better_own = list(range(first, b + 1))  # T_b
        pairs = list(range(int(bp[b]), int(bp[b + 1])))
        if len(pairs) > 1:
            row(
                [int(z_col[p]) for p in pairs] + better_own + [n_bids + b],
                [1.0] * (len(pairs) + len(better_own) + 1),
                1.0,
                inf,
            )
        for p in pairs:
            s, k = int(inst.pair_seat[p]), int(inst.pair_key[p])
            lo_i, hi_i = np.searchsorted(seat_sorted, [s, s + 1])
            cand = order[lo_i:hi_i]
            better = cand[(inst.pair_key[cand] < k) & (bid_agent[pair_bid[cand]] != g)]
            bcols = pair_bid[better].tolist()
            if len(pairs) == 1:
                c_s = float(cap[s])
                row(
                    bcols + better_own + [n_bids + b],
                    [1.0] * len(bcols) + [c_s] * len(better_own) + [c_s],
                    c_s,
                    inf,
                )
            else:
                m_p = sum(1 for q in pairs if inst.pair_seat[q] == s and inst.pair_key[q] <= k)
                need = float(cap[s] - m_p + 1)
                if need > 0:
                    row([*bcols, int(z_col[p])], [*([1.0] * len(bcols)), -need], 0.0, inf)

    weight = float(inst.n_children + 1)
    cost = np.concatenate(
        [-bid_size.astype(np.float64), np.full(n_bids, weight), np.zeros(len(multi))]
    )
    matrix = sparse.csc_matrix((vals, (rows, cols)), shape=(len(lo), n_col))
    matrix.sum_duplicates()
    matrix.sort_indices()
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = len(lo)
    lp.sense_ = highspy.ObjSense.kMinimize
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = np.ones(n_col)
    lp.row_lower_ = np.asarray(lo, dtype=np.float64)
    lp.row_upper_ = np.asarray(hi, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_col
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if int(info.primal_solution_status) != int(highspy.SolutionStatus.kSolutionStatusFeasible):
        raise InputError(f"HiGHS found no assignment ({h.modelStatusToString(status)})")
    x = np.asarray(h.getSolution().col_value)[:n_bids] > 0.5

    agent_bid = np.full(inst.n_agents, -1, dtype=np.int64)
    chosen = np.flatnonzero(x)
    agent_bid[bid_agent[chosen]] = chosen
    child_seat = np.full(inst.n_children, -1, dtype=np.int64)
    child_pair = np.full(inst.n_children, -1, dtype=np.int64)
    held = np.flatnonzero(x[pair_bid])
    child_seat[inst.pair_child[held]] = inst.pair_seat[held]
    child_pair[inst.pair_child[held]] = held
    no_reserve = np.zeros(inst.n_children, dtype=bool)
    return Assignment(
        child_seat=child_seat,
        child_pair=child_pair,
        child_reserved=no_reserve,
        agent_bid=agent_bid,
        blocking_bids=blocking_bids(
            inst, agent_bid=agent_bid, child_seat=child_seat, child_reserved=no_reserve
        ),
        method="exact_min_blocking",
        seed=inst.seed,
        optimal=status == highspy.HighsModelStatus.kOptimal,
    )
