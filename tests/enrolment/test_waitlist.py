"""Waitlist: ranks, offers with deadlines, accept / decline / lapse, moves and the event log."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from redceci.enrolment import (
    OFFER_PERIOD,
    EventKind,
    OfferState,
    WaitlistNetwork,
    deferred_acceptance,
)
from redceci.errors import InputError
from tests.enrolment.factories import random_round

T0 = datetime(2026, 8, 1, 9, 0)


def small_network() -> WaitlistNetwork:
    # seats 0 and 1 with one place each; child 0 holds seat 1 but prefers seat 0 (held by 9);
    # children 1, 2 wait for seat 0 (keys: 0 < 1 < 2), child 3 waits for seat 1
    return WaitlistNetwork(
        capacity={0: 1, 1: 1},
        placement={0: 1, 9: 0},
        preferences={0: [0, 1], 1: [0], 2: [0], 3: [1], 9: [0]},
        keys={(0, 0): 0, (1, 0): 1, (2, 0): 2, (0, 1): 0, (3, 1): 5, (9, 0): 9},
        now=T0,
    )


def test_ranks_follow_the_round_keys() -> None:
    net = small_network()
    assert net.waiting(0) == [0, 1, 2]
    assert [net.rank(c, 0) for c in (0, 1, 2)] == [1, 2, 3]
    assert net.rank(3, 1) == 1
    assert net.rank(3, 0) is None
    assert not net.pending()


def test_a_freed_place_is_offered_to_the_first_child_and_accepting_frees_its_old_place() -> None:
    net = small_network()
    net.free_place(0, T0, reason="child 9 left")
    [offer] = net.pending()
    assert (offer.child, offer.seat, offer.deadline) == (0, 0, T0 + OFFER_PERIOD)
    assert net.rank(1, 0) == 1  # moved up while child 0 holds the offer
    net.accept(0, 0, T0 + timedelta(days=1))
    assert offer.state is OfferState.ACCEPTED
    assert net.placement[0] == 0
    # child 0's old place (seat 1) went to child 3
    [nxt] = net.pending()
    assert (nxt.child, nxt.seat) == (3, 1)
    kinds = [e.kind for e in net.events]
    assert kinds.count(EventKind.OFFERED) == 2
    assert EventKind.ACCEPTED in kinds


def test_declining_or_letting_the_deadline_pass_moves_the_list() -> None:
    net = small_network()
    net.free_place(0, T0)
    net.decline(0, 0, T0 + timedelta(hours=2))
    [offer] = net.pending()
    assert offer.child == 1
    lapsed = net.expire(T0 + OFFER_PERIOD + timedelta(days=1))
    assert [o.child for o in lapsed] == [1]
    assert lapsed[0].state is OfferState.LAPSED
    assert [o.child for o in net.pending()] == [2]
    with pytest.raises(InputError, match="no pending offer"):
        net.accept(1, 0, T0 + OFFER_PERIOD)


def test_an_accept_after_the_deadline_is_refused_and_the_offer_lapses() -> None:
    net = small_network()
    net.free_place(0, T0)
    with pytest.raises(InputError, match="lapsed"):
        net.accept(0, 0, T0 + OFFER_PERIOD + timedelta(minutes=1))
    assert [o.child for o in net.pending()] == [1]
    with pytest.raises(InputError):
        net.offers[0].move(OfferState.ACCEPTED)  # a lapsed offer cannot be accepted


def test_lists_built_from_a_round_hold_each_child_where_it_ranked_higher() -> None:
    inst = random_round(np.random.default_rng(3), n_families=80, max_capacity=4)
    a = deferred_acceptance(inst)
    net = WaitlistNetwork.from_round(inst, a, T0)
    for p in range(inst.n_pairs):
        c, s = int(inst.pair_child[p]), int(inst.pair_seat[p])
        higher = a.child_seat[c] < 0 or inst.pair_rank[p] < inst.pair_rank[a.child_pair[c]]
        assert (net.rank(c, s) is not None) == bool(higher)
    # a stable round leaves no free place that anyone waits for: no offers at start
    assert not net.pending()
