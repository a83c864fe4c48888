"""Whether the places asked for can be reached: each cap's sum, checked by hand."""

from __future__ import annotations

import math

import pytest

from redceci.planning.targets import (
    Limit,
    Shortfall,
    gap_headroom,
    places_within_reach,
    result_shortfall,
)

SIZES, COSTS = (110, 250), (22.07e6, 36.1e6)


def test_a_thousand_centres_of_250_places_hold_250000_not_500000() -> None:
    (short,) = places_within_reach(500_000, centres=1000, sizes=SIZES, costs=COSTS)
    assert short == Shortfall(Limit.CENTRES, 500_000, 250_000, 1000, 250)
    assert places_within_reach(250_000, centres=1000, sizes=SIZES, costs=COSTS) == []
    assert places_within_reach(None, centres=10, sizes=SIZES, costs=COSTS) == []


def test_the_budget_buys_whole_centres_of_the_cheapest_size_per_place() -> None:
    # 250 places for 36.1 MDP (144,400 pesos a place) beat 110 for 22.07 MDP (200,636).
    caps = places_within_reach(500_000, centres=None, sizes=SIZES, costs=COSTS, budget=36_100e6)
    assert caps == [
        Shortfall(Limit.BUDGET, 500_000, 250_000, 1000, 250, cost=36.1e6, budget=36_100e6)
    ]
    rich = places_within_reach(100, centres=None, sizes=SIZES, costs=COSTS, budget=1e12)
    assert rich == []


def test_both_caps_are_named_when_both_bind() -> None:
    caps = places_within_reach(10_000, centres=10, sizes=SIZES, costs=COSTS, budget=1e8)
    assert [c.limit for c in caps] == [Limit.CENTRES, Limit.BUDGET]
    assert caps[1].reachable == math.floor(1e8 / 36.1e6) * 250


def test_after_a_run_the_demand_is_blamed_only_when_no_cap_explains_the_shortfall() -> None:
    assert result_shortfall(1000, 995, []) is None  # whole centres: within 1 %
    assert result_shortfall(1000, 500, []) == Shortfall(Limit.DEMAND, 1000, 500)
    caps = places_within_reach(500_000, centres=1000, sizes=SIZES, costs=COSTS)
    assert result_shortfall(500_000, 250_000, caps) is None


@pytest.mark.parametrize(
    ("gap", "headroom"), [(0.0, 0.0), (0.5, 1.0), (0.2, 0.25), (-1e-9, 0.0), (1.0, math.inf)]
)
def test_the_gap_reads_as_how_much_better_the_best_plan_can_be(gap: float, headroom: float) -> None:
    assert gap_headroom(gap) == pytest.approx(headroom)
