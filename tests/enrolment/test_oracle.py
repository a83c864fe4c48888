"""Agreement with an independent implementation: the ``matching`` library's hospital-resident
algorithm (child-optimal), on instances of up to a few thousand children.

``matching``'s game constructor deep-copies the player graph and hits RecursionError beyond a
few hundred players (its issue #139), so the oracle runs its algorithm on players built by its
own ``_make_players``; the full game API (with its input checks) is used on a small instance.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matching.algorithms import hospital_resident
from matching.games import HospitalResident
from matching.games.hospital_resident import _make_players

from redceci.enrolment import RoundInstance, deferred_acceptance
from tests.enrolment.factories import random_round


def _preferences(
    inst: RoundInstance,
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    bp, ptr = inst.bid_pair_ptr, inst.bid_ptr
    children = {
        int(inst.pair_child[bp[ptr[g]]]): [
            int(inst.pair_seat[bp[b]]) for b in range(ptr[g], ptr[g + 1])
        ]
        for g in range(inst.n_agents)
    }
    seats: dict[int, list[int]] = {}
    for p in np.lexsort((inst.pair_key, inst.pair_seat)).tolist():
        seats.setdefault(int(inst.pair_seat[p]), []).append(int(inst.pair_child[p]))
    caps = {s: int(inst.seats.capacity[s]) for s in seats}
    return children, seats, caps


def oracle(inst: RoundInstance, *, full_api: bool = False) -> np.ndarray:
    children, seats, caps = _preferences(inst)
    if full_api:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matching = HospitalResident.create_from_dictionaries(children, seats, caps).solve(
                optimal="resident"
            )
    else:
        residents, hospitals = _make_players(children, seats, caps)
        matching = hospital_resident(residents, hospitals, optimal="resident")
    out = np.full(inst.n_children, -1, dtype=np.int64)
    for hospital, residents in matching.items():
        for r in residents:
            out[r.name] = hospital.name
    return out


def test_the_full_matching_game_agrees_on_a_small_round() -> None:
    inst = random_round(np.random.default_rng(0), n_families=150, sibling_share=0.3)
    assert (deferred_acceptance(inst).child_seat == oracle(inst, full_api=True)).all()


@pytest.mark.parametrize(("families", "centres"), [(300, 10), (1000, 40), (2500, 100)])
def test_assignment_is_identical_to_the_matching_library(families: int, centres: int) -> None:
    rng = np.random.default_rng(families)
    inst = random_round(
        rng,
        n_families=families,
        n_centres=centres,
        n_rooms=3,
        max_choices=5,
        sibling_share=0.2,
        transfers=0.05,
        seed=families,
    )
    assert inst.n_children > families
    assert (deferred_acceptance(inst).child_seat == oracle(inst)).all()
