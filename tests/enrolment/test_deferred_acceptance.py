"""Deferred acceptance: stability, no waste, capacities, determinism, strategy-proofness,
reserved places, kept seats, siblings together, and the exact mode against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redceci.enrolment import (
    PriorityPolicy,
    RoundInstance,
    Seats,
    SponsorEmployee,
    blocking_bids,
    build_round,
    capacity_violations,
    deferred_acceptance,
    min_blocking_assignment,
    seat_occupancy,
    wasted_seats,
)
from redceci.errors import InputError
from tests.enrolment.factories import random_round


@pytest.mark.parametrize("seed", range(12))
def test_there_is_no_blocking_pair_without_sibling_requests(seed: int) -> None:
    rng = np.random.default_rng(seed)
    inst = random_round(
        rng, sibling_share=0.3, reserved=seed % 2 == 0, transfers=0.1 * (seed % 3), seed=seed
    )
    a = deferred_acceptance(inst)
    assert a.method == "deferred_acceptance"
    assert a.n_blocking == 0
    assert len(blocking_bids(inst, agent_bid=a.agent_bid, child_seat=a.child_seat, child_reserved=a.child_reserved)) == 0  # fmt: skip


@pytest.mark.parametrize("seed", range(8))
def test_capacity_is_never_exceeded(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    inst = random_round(rng, sibling_share=0.5, together=seed % 2 == 1, reserved=True, seed=seed)
    a = deferred_acceptance(inst)
    assert len(capacity_violations(inst, a)) == 0
    assert (seat_occupancy(inst, a.child_seat) <= inst.seats.capacity).all()


@pytest.mark.parametrize("seed", range(8))
def test_no_place_is_left_empty_that_a_child_asked_for(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    inst = random_round(rng, n_families=40, max_capacity=8, reserved=seed % 2 == 0, seed=seed)
    a = deferred_acceptance(inst)
    assert len(wasted_seats(inst, a)) == 0
    # independently: every seat a child ranked above its outcome is full
    free = seat_occupancy(inst, a.child_seat) < inst.seats.capacity
    for p in range(inst.n_pairs):
        c = inst.pair_child[p]
        better = a.child_seat[c] < 0 or inst.pair_rank[p] < inst.pair_rank[a.child_pair[c]]
        assert not (better and free[inst.pair_seat[p]])


def test_the_same_seed_gives_the_same_assignment_and_another_seed_may_not() -> None:
    def run(seed: int) -> np.ndarray:
        inst = random_round(np.random.default_rng(5), n_families=200, sibling_share=0.3, seed=seed)
        return deferred_acceptance(inst).child_seat

    assert (run(11) == run(11)).all()
    assert any((run(11) != run(s)).any() for s in (12, 13, 14))


def test_siblings_share_the_family_lottery_number() -> None:
    inst = random_round(np.random.default_rng(9), sibling_share=1.0, seed=3)
    by_rank = inst.child_by_rank()
    fam = inst.child_family[by_rank]
    # in the tie-break order, the two children of a family are next to each other
    assert (fam[0::2] == fam[1::2]).all()


# -- strategy-proofness ------------------------------------------------------------------


def _single_seat_round(
    lists: list[list[int]],
    caps: list[int],
    reserved: list[int],
    disability: list[bool],
    employee: list[bool],
    seed: int,
) -> RoundInstance:
    """One room per centre; every centre sponsored by company 0 (reserved places for its
    employees where ``reserved`` > 0)."""
    n = len(lists)
    ptr = np.r_[0, np.cumsum([len(x) for x in lists])]
    choices = np.asarray([c for x in lists for c in x], dtype=np.int64)
    k = len(caps)
    seats = Seats(np.arange(k), np.zeros(k, dtype=np.int64), np.asarray(caps), np.asarray(reserved), k, 1)  # fmt: skip
    return build_round(
        seats,
        child_family=np.arange(n),
        child_room=np.zeros(n, dtype=np.int64),
        family_choice_ptr=ptr,
        family_choice_centre=choices,
        child_disability=np.asarray(disability),
        family_employers=np.where(np.asarray(employee), 0, -1)[:, None],
        centre_sponsor=np.zeros(k, dtype=np.int64),
        seed=seed,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    n=st.integers(2, 6),
    k=st.integers(1, 3),
    seed=st.integers(0, 2**31),
)
def test_no_child_gains_by_misreporting_its_ranking(data: st.DataObject, n: int, k: int, seed: int) -> None:  # fmt: skip
    perms = st.permutations(list(range(k)))
    lists = [data.draw(perms)[: data.draw(st.integers(1, k))] for _ in range(n)]
    caps = [data.draw(st.integers(1, 3)) for _ in range(k)]
    reserved = [data.draw(st.integers(0, c)) for c in caps]
    disability = [data.draw(st.booleans()) for _ in range(n)]
    employee = [data.draw(st.booleans()) for _ in range(n)]
    liar = data.draw(st.integers(0, n - 1))
    truth = lists[liar]

    def outcome(report: list[int]) -> int:
        trial = [*lists[:liar], report, *lists[liar + 1 :]]
        inst = _single_seat_round(trial, caps, reserved, disability, employee, seed)
        seat = int(deferred_acceptance(inst).child_seat[liar])
        return truth.index(seat) if seat in truth else len(truth)  # seat == centre here

    honest = outcome(truth)
    for r in range(1, k + 1):
        for report in itertools.permutations(range(k), r):
            assert outcome(list(report)) >= honest


# -- reserved places, kept seats, siblings ------------------------------------------------


def test_reserved_places_go_to_sponsor_employees_first_and_unused_ones_are_released() -> None:
    # one room of 3 places, 2 reserved for company 0; five children apply alone; only child 4
    # (the worst lottery number) works for the sponsor
    seats = Seats(np.array([0]), np.array([0]), np.array([3]), np.array([2]), 1, 1)
    inst = build_round(
        seats,
        child_family=np.arange(5),
        child_room=np.zeros(5, dtype=np.int64),
        family_choice_ptr=np.arange(6),
        family_choice_centre=np.zeros(5, dtype=np.int64),
        family_employers=np.array([[-1], [-1], [-1], [-1], [0]]),
        centre_sponsor=np.array([0]),
        seed=1,
    )
    a = deferred_acceptance(inst)
    placed = set(np.flatnonzero(a.child_seat == 0).tolist())
    lottery_order = [c for c in inst.child_by_rank().tolist() if c != 4]
    assert placed == {4, *lottery_order[:2]}  # the unused reserved place went to the lottery
    assert a.child_reserved.tolist() == [False, False, False, False, True]


def test_sponsor_employee_rule_puts_employees_first_for_open_places_too() -> None:
    seats = Seats(np.array([0]), np.array([0]), np.array([2]), np.array([1]), 1, 1)
    with_rule = build_round(
        seats,
        child_family=np.arange(4),
        child_room=np.zeros(4, dtype=np.int64),
        family_choice_ptr=np.arange(5),
        family_choice_centre=np.zeros(4, dtype=np.int64),
        family_employers=np.array([[-1], [-1], [0], [0]]),
        centre_sponsor=np.array([0]),
        policy=PriorityPolicy((SponsorEmployee(),)),
        seed=2,
    )
    a = deferred_acceptance(with_rule)
    assert set(np.flatnonzero(a.child_seat == 0).tolist()) == {2, 3}


def test_a_transfer_applicant_keeps_its_seat_unless_it_gets_a_preferred_one() -> None:
    # two centres with one place each, one room. Child 0 sits in centre 1 and asks for centre 0;
    # child 1 (better lottery or not) also asks for centre 0 then centre 1.
    seats = Seats(np.array([0, 1]), np.array([0, 0]), np.array([1, 1]), np.array([0, 0]), 2, 1)
    for seed in range(6):
        inst = build_round(
            seats,
            child_family=np.arange(2),
            child_room=np.zeros(2, dtype=np.int64),
            family_choice_ptr=np.array([0, 1, 3]),
            family_choice_centre=np.array([0, 0, 1]),
            child_current_seat=np.array([1, -1]),
            seed=seed,
        )
        a = deferred_acceptance(inst)
        assert a.child_seat[0] in (0, 1)  # never loses its place
        if a.child_seat[0] == 0:
            assert a.child_seat[1] == 1  # its old place went to the next child
        else:
            assert a.child_seat[1] == 0


@pytest.mark.parametrize("seed", range(6))
def test_siblings_asking_together_are_placed_at_one_centre_or_not_at_all(seed: int) -> None:
    rng = np.random.default_rng(300 + seed)
    inst = random_round(rng, sibling_share=0.6, together=True, n_rooms=2, reserved=seed % 2 == 0)
    a = deferred_acceptance(inst)
    assert a.method == "sibling_deferred_acceptance"
    for g in np.flatnonzero(inst.agent_joint):
        kids = np.flatnonzero(inst.child_agent == g)
        seats = a.child_seat[kids]
        assert (seats >= 0).all() or (seats < 0).all()
        if (seats >= 0).all():
            assert len(set(inst.seats.centre[seats].tolist())) == 1
    # the reported blocking bids are exactly what the independent checker finds
    again = blocking_bids(inst, agent_bid=a.agent_bid, child_seat=a.child_seat, child_reserved=a.child_reserved)  # fmt: skip
    assert again.tolist() == a.blocking_bids.tolist()


def test_re_offers_reduce_the_blocking_bids_left_by_sibling_withdrawals() -> None:
    before = after = 0
    for seed in range(20):
        inst = random_round(np.random.default_rng(seed), sibling_share=0.5, together=True)
        before += deferred_acceptance(inst, reoffer_rounds=0).n_blocking
        after += deferred_acceptance(inst).n_blocking
    assert after < before


@pytest.mark.parametrize("seed", range(40))
def test_the_outcome_is_the_re_offer_round_with_the_fewest_blocking_bids(seed: int) -> None:
    """Re-offers can cycle; whatever the cap, no earlier round leaves fewer blocking bids."""
    inst = random_round(
        np.random.default_rng(700 + seed), sibling_share=0.7, together=True, n_rooms=2
    )
    for cap in (3, 10):
        a = deferred_acceptance(inst, reoffer_rounds=cap)
        earlier = [deferred_acceptance(inst, reoffer_rounds=r).n_blocking for r in range(cap)]
        assert a.n_blocking <= min(earlier) and a.reoffer_rounds <= cap
        again = blocking_bids(inst, agent_bid=a.agent_bid, child_seat=a.child_seat, child_reserved=a.child_reserved)  # fmt: skip
        assert again.tolist() == a.blocking_bids.tolist()


# -- exact mode ---------------------------------------------------------------------------


def _brute_force_min_blocking(inst: RoundInstance) -> int:
    options = [
        [-1, *range(int(inst.bid_ptr[g]), int(inst.bid_ptr[g + 1]))] for g in range(inst.n_agents)
    ]
    best = 10**9
    bp = inst.bid_pair_ptr
    for combo in itertools.product(*options):
        agent_bid = np.asarray(combo, dtype=np.int64)
        child_seat = np.full(inst.n_children, -1, dtype=np.int64)
        for b in combo:
            if b >= 0:
                for p in range(bp[b], bp[b + 1]):
                    child_seat[inst.pair_child[p]] = inst.pair_seat[p]
        if (seat_occupancy(inst, child_seat) > inst.seats.capacity).any():
            continue
        none = np.zeros(inst.n_children, dtype=bool)
        n = len(
            blocking_bids(inst, agent_bid=agent_bid, child_seat=child_seat, child_reserved=none)
        )
        best = min(best, n)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_exact_mode_finds_the_fewest_blocking_bids(seed: int) -> None:
    rng = np.random.default_rng(400 + seed)
    inst = random_round(
        rng, n_families=5, n_centres=3, n_rooms=1, max_choices=2, max_capacity=2,
        sibling_share=0.6, together=True, seed=seed,
    )  # fmt: skip
    exact = min_blocking_assignment(inst, time_limit=20)
    assert exact.optimal
    assert len(capacity_violations(inst, exact)) == 0
    assert exact.n_blocking == _brute_force_min_blocking(inst)
    assert exact.n_blocking <= deferred_acceptance(inst).n_blocking


def test_exact_mode_is_stable_without_siblings_and_refuses_reserved_places() -> None:
    inst = random_round(np.random.default_rng(1), n_families=30, sibling_share=0.3)
    assert min_blocking_assignment(inst).n_blocking == 0
    with pytest.raises(InputError, match="reserved"):
        min_blocking_assignment(random_round(np.random.default_rng(2), reserved=True))
