"""Explanations: placement, and for each higher-ranked centre the cut-off and own position."""

from __future__ import annotations

import numpy as np

from redceci.enrolment import (
    deferred_acceptance,
    explain_family,
    explanation_table,
    pair_positions,
    seat_cutoffs,
)
from tests.enrolment.factories import random_round


def test_every_higher_ranked_room_was_full_of_children_ahead_of_the_family() -> None:
    inst = random_round(np.random.default_rng(4), n_families=120, sibling_share=0.3, reserved=True)
    a = deferred_acceptance(inst)
    table = explanation_table(inst, a)
    assert len(table) > 0
    n = inst.n_children
    for r in table.itertuples(index=False):
        # the room had a cut-off, and the child's key is worse than it
        assert r.cutoff_tier >= 0
        own = (inst.n_tiers - r.tier) * n + inst.child_rank[r.child]
        cut_key = (inst.n_tiers - r.cutoff_tier) * n
        assert own >= cut_key  # same or lower tier than the cut-off
        assert r.position > 1 or r.capacity == 0
        assert r.position <= r.applicants


def test_positions_count_the_children_who_asked_with_a_better_key() -> None:
    inst = random_round(np.random.default_rng(8), n_families=50)
    pos, n_app = pair_positions(inst)
    for p in range(inst.n_pairs):
        same = inst.pair_seat == inst.pair_seat[p]
        assert pos[p] == 1 + int((inst.pair_key[same] < inst.pair_key[p]).sum())
        assert n_app[p] == int(same.sum())


def test_cutoffs_are_the_last_admitted_key_of_full_rooms_only() -> None:
    inst = random_round(np.random.default_rng(6), n_families=80)
    a = deferred_acceptance(inst)
    open_cut, _ = seat_cutoffs(inst, a)
    for s in range(len(inst.seats)):
        here = np.flatnonzero(a.child_seat == s)
        if len(here) < inst.seats.capacity[s]:
            assert open_cut[s] == -1
        else:
            assert open_cut[s] == inst.pair_key[a.child_pair[here]].max()


def test_a_family_explanation_names_rules_lottery_and_seed() -> None:
    inst = random_round(np.random.default_rng(2), n_families=100, max_choices=3, seed=99)
    a = deferred_acceptance(inst)
    unplaced_first = next(
        int(inst.child_family[c])
        for c in range(inst.n_children)
        if a.child_seat[c] < 0 or inst.pair_rank[a.child_pair[c]] > 0
    )
    ex = explain_family(inst, a, unplaced_first)
    assert ex.seed == 99
    assert ex.lottery == int(inst.lottery[unplaced_first])
    child, higher = next((c, h) for c, h in ex.higher.items() if h)
    assert higher[0].rank == 0
    assert higher[0].own_lottery == ex.lottery
    assert higher[0].cutoff_rules is not None
    assert ex.placed[child] is None or ex.placed[child][2] > 0  # type: ignore[index]
