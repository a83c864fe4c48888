"""A compiled assignment round: seats, children, ranked bids and priority keys, all as arrays.

Vocabulary. A *seat* is a (centre, room) with places. A *pair* is one child at one seat. A *bid*
is what an *agent* proposes at once: one pair for a child applying alone, or one pair per child
for a family asking that its children be placed together (same centre). Agents rank bids; a
seat ranks pairs by their *key* (lower is better):

    key = (n_tiers - tier) * n_children + child_rank

where ``tier`` is the priority tier (rules met, see :mod:`priorities`; ``n_tiers`` for a child's
current seat, which it cannot lose) and ``child_rank`` orders children by their family's lottery
number, then by their order within the family. Keys are unique within a seat.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from redceci.enrolment.priorities import (
    DEFAULT_POLICY,
    PriorityContext,
    PriorityPolicy,
    family_lottery,
)
from redceci.errors import InputError

__all__ = ["Assignment", "RoundInstance", "Seats", "build_round"]

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Seats:
    """The (centre, room) seats of a round. ``capacity`` counts the places open in the round,
    including those held by children applying to transfer out; ``reserved`` is the part kept
    first for the sponsoring company's employees (CECI Empresa)."""

    centre: IntArray
    room: IntArray
    capacity: IntArray
    reserved: IntArray
    n_centres: int
    n_rooms: int

    def __post_init__(self) -> None:
        n = len(self.centre)
        if not len(self.room) == len(self.capacity) == len(self.reserved) == n:
            raise InputError("seat arrays must have the same length")
        if (self.capacity < 0).any() or (self.reserved < 0).any():
            raise InputError("capacities and reserved places must be non-negative")
        if (self.reserved > self.capacity).any():
            raise InputError("a seat reserves more places than it has")
        if n and (self.centre.max() >= self.n_centres or self.room.max() >= self.n_rooms):
            raise InputError("seat centre or room index out of range")
        if len(np.unique(self.centre * self.n_rooms + self.room)) != n:
            raise InputError("two seats share a (centre, room)")

    def __len__(self) -> int:
        return len(self.centre)

    def lookup(self) -> IntArray:
        """Dense (n_centres, n_rooms) table of seat indices, -1 where the centre lacks the room."""
        table = np.full((self.n_centres, self.n_rooms), -1, dtype=np.int64)
        table[self.centre, self.room] = np.arange(len(self), dtype=np.int64)
        return table


@dataclass(frozen=True)
class RoundInstance:
    """Everything the assignment needs, as arrays (see the module docstring)."""

    seats: Seats
    seed: int
    policy: PriorityPolicy
    child_family: IntArray
    child_rank: IntArray  # position in the global tie-break order
    lottery: IntArray  # per family
    pair_child: IntArray
    pair_seat: IntArray
    pair_rank: IntArray  # the family's rank of the pair's centre (0 = first choice)
    pair_tier: IntArray
    pair_key: IntArray
    pair_eligible: BoolArray  # may take a reserved place at this seat
    pair_current: BoolArray  # the child's current seat (transfer applicants)
    bid_ptr: IntArray  # agent -> its bids, best first
    bid_pair_ptr: IntArray  # bid -> its pairs
    agent_family: IntArray
    agent_joint: BoolArray
    child_agent: IntArray  # -1: no acceptable seat

    @property
    def n_children(self) -> int:
        return len(self.child_family)

    @property
    def n_families(self) -> int:
        return len(self.lottery)

    @property
    def n_agents(self) -> int:
        return len(self.agent_family)

    @property
    def n_bids(self) -> int:
        return len(self.bid_pair_ptr) - 1

    @property
    def n_pairs(self) -> int:
        return len(self.pair_child)

    @property
    def n_tiers(self) -> int:
        return self.policy.n_tiers

    @property
    def has_joint(self) -> bool:
        return bool(self.agent_joint.any())

    @cached_property
    def pair_bid(self) -> IntArray:
        return np.repeat(np.arange(self.n_bids, dtype=np.int64), np.diff(self.bid_pair_ptr))

    @cached_property
    def bid_agent(self) -> IntArray:
        return np.repeat(np.arange(self.n_agents, dtype=np.int64), np.diff(self.bid_ptr))

    def child_by_rank(self) -> IntArray:
        out = np.empty(self.n_children, dtype=np.int64)
        out[self.child_rank] = np.arange(self.n_children, dtype=np.int64)
        return out

    def decode_key(self, key: int) -> tuple[int, int, int]:
        """(tier, child, family lottery number) of a key."""
        tier = self.n_tiers - key // self.n_children
        child = int(self.child_by_rank()[key % self.n_children])
        return tier, child, int(self.lottery[self.child_family[child]])


@dataclass(frozen=True)
class Assignment:
    """The outcome of a round. ``child_seat`` is -1 for an unplaced child; ``blocking_bids``
    lists the bids that still block the outcome (empty when it is stable)."""

    child_seat: IntArray
    child_pair: IntArray
    child_reserved: BoolArray
    agent_bid: IntArray
    blocking_bids: IntArray
    method: str
    seed: int
    reoffer_rounds: int = 0
    optimal: bool | None = None

    @property
    def n_placed(self) -> int:
        return int((self.child_seat >= 0).sum())

    @property
    def n_blocking(self) -> int:
        return len(self.blocking_bids)


def _ranks_in_groups(group: IntArray) -> IntArray:
    """0, 1, 2... within runs of equal values of a sorted ``group``."""
    n = len(group)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    start = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    first = np.repeat(start, np.diff(np.r_[start, n]))
    return np.asarray(np.arange(n, dtype=np.int64) - first, dtype=np.int64)


def build_round(
    seats: Seats,
    *,
    child_family: IntArray,
    child_room: IntArray,
    family_choice_ptr: IntArray,
    family_choice_centre: IntArray,
    family_together: BoolArray | None = None,
    child_current_seat: IntArray | None = None,
    child_disability: BoolArray | None = None,
    family_single_parent: BoolArray | None = None,
    family_employers: IntArray | None = None,
    centre_sponsor: IntArray | None = None,
    sibling_codes: IntArray | None = None,
    policy: PriorityPolicy = DEFAULT_POLICY,
    seed: int,
) -> RoundInstance:
    """Compile a round from arrays.

    Children are given by family and by their room at the start date (-1: outside every room).
    Families rank centres (CSR ``family_choice_ptr``/``family_choice_centre``); each child of a
    family proposes to the seat of its room at each ranked centre. A family with
    ``family_together`` and two or more children with a room proposes each centre jointly, and
    only centres with a seat for every one of its children. A child with a current seat (a
    transfer applicant) keeps it as its last choice with a guaranteed priority, drops the centres
    it ranked below it, and applies on its own.
    """
    child_family = np.asarray(child_family, dtype=np.int64)
    child_room = np.asarray(child_room, dtype=np.int64)
    n = len(child_family)
    n_fam = len(family_choice_ptr) - 1
    n_centres = seats.n_centres
    if n and (child_family.min() < 0 or child_family.max() >= n_fam):
        raise InputError("child family index out of range")
    ptr = np.asarray(family_choice_ptr, dtype=np.int64)
    choices = np.asarray(family_choice_centre, dtype=np.int64)
    if len(choices) and (choices.min() < 0 or choices.max() >= n_centres):
        raise InputError("ranked centre index out of range")
    together = (
        np.zeros(n_fam, dtype=bool) if family_together is None else np.asarray(family_together)
    )
    current = (
        np.full(n, -1, dtype=np.int64)
        if child_current_seat is None
        else np.asarray(child_current_seat, dtype=np.int64)
    )

    # Tie-break order: family lottery, then order within the family.
    lottery = family_lottery(n_fam, seed)
    by_family = np.argsort(child_family, kind="stable")
    sibling_idx = np.empty(n, dtype=np.int64)
    sibling_idx[by_family] = _ranks_in_groups(child_family[by_family])
    order = np.lexsort((sibling_idx, lottery[child_family]))
    child_rank = np.empty(n, dtype=np.int64)
    child_rank[order] = np.arange(n, dtype=np.int64)

    # Expand each child's family list into pairs.
    counts = np.diff(ptr)[child_family]
    counts[child_room < 0] = 0
    pair_child = np.repeat(np.arange(n, dtype=np.int64), counts)
    pair_rank = _ranks_in_groups(pair_child)
    pair_centre = choices[ptr[child_family[pair_child]] + pair_rank]
    table = seats.lookup()
    pair_seat = table[pair_centre, child_room[pair_child]]
    pair_current = np.zeros(len(pair_child), dtype=bool)

    # Transfer applicants: keep the centres ranked above the current one, then the current seat.
    movers = np.flatnonzero(current >= 0)
    if len(movers):
        cur_centre_of_child = np.full(n, -1, dtype=np.int64)
        cur_centre_of_child[movers] = seats.centre[current[movers]]
        at_current = cur_centre_of_child[pair_child] == pair_centre
        cut = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(cut, pair_child[at_current], pair_rank[at_current])
        keep = pair_rank < cut[pair_child]
        pair_child, pair_rank, pair_centre, pair_seat = (
            a[keep] for a in (pair_child, pair_rank, pair_centre, pair_seat)
        )
        own_rank = np.where(cut[movers] < np.iinfo(np.int64).max, cut[movers], counts[movers])
        pair_child = np.r_[pair_child, movers]
        pair_rank = np.r_[pair_rank, own_rank]
        pair_centre = np.r_[pair_centre, seats.centre[current[movers]]]
        pair_seat = np.r_[pair_seat, current[movers]]
        pair_current = np.r_[np.zeros(keep.sum(), dtype=bool), np.ones(len(movers), dtype=bool)]

    # Joint families: two or more children with a room, none transferring.
    fam_kids = np.bincount(child_family[child_room >= 0], minlength=n_fam)
    fam_movers = np.bincount(child_family[current >= 0], minlength=n_fam)
    joint_fam = together & (fam_kids >= 2) & (fam_movers == 0)
    pair_joint = joint_fam[child_family[pair_child]]
    valid = pair_seat >= 0
    if pair_joint.any():
        # A joint family bids for a centre only if every child has a seat there.
        width = int(np.diff(ptr).max(initial=0)) + 1
        code = child_family[pair_child] * width + pair_rank
        jidx = np.flatnonzero(pair_joint)
        _, inv = np.unique(code[jidx], return_inverse=True)
        n_ok = np.bincount(inv, weights=valid[jidx])
        valid[jidx] &= n_ok[inv] == fam_kids[child_family[pair_child[jidx]]]
    pair_child, pair_rank, pair_centre, pair_seat, pair_current, pair_joint = (
        a[valid] for a in (pair_child, pair_rank, pair_centre, pair_seat, pair_current, pair_joint)
    )

    # Priorities.
    ctx = PriorityContext(
        pair_child=pair_child,
        pair_centre=pair_centre,
        child_family=child_family,
        child_disability=np.zeros(n, dtype=bool)
        if child_disability is None
        else np.asarray(child_disability, dtype=bool),
        family_single_parent=np.zeros(n_fam, dtype=bool)
        if family_single_parent is None
        else np.asarray(family_single_parent, dtype=bool),
        family_employers=np.full((n_fam, 1), -1, dtype=np.int64)
        if family_employers is None
        else np.asarray(family_employers, dtype=np.int64),
        centre_sponsor=np.full(n_centres, -1, dtype=np.int64)
        if centre_sponsor is None
        else np.asarray(centre_sponsor, dtype=np.int64),
        sibling_codes=np.zeros(0, dtype=np.int64)
        if sibling_codes is None
        else np.sort(np.asarray(sibling_codes, dtype=np.int64)),
        n_centres=n_centres,
    )
    tier = policy.tiers(ctx)
    tier[pair_current] = policy.n_tiers
    key = (policy.n_tiers - tier) * n + child_rank[pair_child]
    eligible = ctx.sponsor_employee() & (seats.reserved[pair_seat] > 0)

    # Agents: a joint family, or a child alone. Bids: a centre (joint) or a pair (alone).
    agent_code = np.where(pair_joint, n + child_family[pair_child], pair_child)
    srt = np.lexsort((child_rank[pair_child], pair_rank, agent_code))
    pair_child, pair_rank, pair_centre, pair_seat, pair_current = (
        a[srt] for a in (pair_child, pair_rank, pair_centre, pair_seat, pair_current)
    )
    tier, key, eligible, agent_code = tier[srt], key[srt], eligible[srt], agent_code[srt]
    m = len(pair_child)
    new_bid = np.ones(m, dtype=bool)
    new_agent = np.ones(m, dtype=bool)
    if m:
        new_agent[1:] = agent_code[1:] != agent_code[:-1]
        new_bid[1:] = new_agent[1:] | (pair_rank[1:] != pair_rank[:-1])
    bid_starts = np.flatnonzero(new_bid)
    bid_pair_ptr = np.r_[bid_starts, m].astype(np.int64)
    agent_first_bid = np.flatnonzero(new_agent[bid_starts])
    bid_ptr = np.r_[agent_first_bid, len(bid_starts)].astype(np.int64)
    agent_codes = agent_code[bid_starts[agent_first_bid]]
    agent_joint = agent_codes >= n
    agent_family = np.where(
        agent_joint, agent_codes - n, child_family[np.minimum(agent_codes, n - 1)]
    )
    child_agent = np.full(n, -1, dtype=np.int64)
    pair_agent = np.cumsum(new_agent) - 1
    child_agent[pair_child] = pair_agent

    return RoundInstance(
        seats=seats,
        seed=seed,
        policy=policy,
        child_family=child_family,
        child_rank=child_rank,
        lottery=lottery,
        pair_child=pair_child,
        pair_seat=pair_seat,
        pair_rank=pair_rank,
        pair_tier=tier,
        pair_key=key,
        pair_eligible=eligible,
        pair_current=pair_current,
        bid_ptr=bid_ptr,
        bid_pair_ptr=bid_pair_ptr,
        agent_family=agent_family.astype(np.int64),
        agent_joint=agent_joint,
        child_agent=child_agent,
    )
