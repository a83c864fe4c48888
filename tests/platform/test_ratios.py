"""Ratio rules: adults a room needs, for one age group and for mixed rooms under either rule."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redceci.countries.mx.ratios import RATIOS
from redceci.countries.mx.rooms import ROOMS
from redceci.errors import InputError
from redceci.platform.ratios import RatioPolicy, RatioRule
from redceci.platform.rooms import AgeLimit

WEIGHTED = RatioPolicy(RATIOS.rules, mixing="weighted")


def test_an_empty_room_needs_nobody() -> None:
    assert RATIOS.staff_needed([]) == 0


@pytest.mark.parametrize(
    ("children", "staff"),
    [(1, 2), (5, 2), (6, 3), (10, 3), (11, 4)],
)
def test_lactantes_need_a_lead_and_one_assistant_per_five(children: int, staff: int) -> None:
    assert RATIOS.staff_needed(["lactantes"] * children) == staff


def test_maternales_need_a_lead_and_one_assistant_per_ten() -> None:
    assert RATIOS.staff_needed(["maternales"] * 10) == 2
    assert RATIOS.staff_needed(["maternales"] * 11) == 3


def test_a_mixed_room_counts_everyone_under_the_strictest_group_by_default() -> None:
    room = ["lactantes"] * 2 + ["maternales"] * 8  # 10 children, strictest 1:5
    assert RATIOS.staff_needed(room) == 1 + 2
    assert WEIGHTED.staff_needed(room) == 1 + math.ceil(2 / 5 + 8 / 10)  # 1.2 -> 2


@given(st.lists(st.sampled_from(RATIOS.groups), max_size=60))
def test_weighted_never_asks_for_more_than_strictest_nor_less_than_any_single_group(
    groups: list[str],
) -> None:
    weighted, strictest = WEIGHTED.staff_needed(groups), RATIOS.staff_needed(groups)
    assert weighted <= strictest
    for g in set(groups):
        alone = [x for x in groups if x == g]
        assert weighted >= RATIOS.staff_needed(alone)


def test_children_allowed_inverts_the_rule() -> None:
    for group in RATIOS.groups:
        for staff in range(5):
            n = RATIOS.children_allowed(group, staff)
            assert n == 0 or RATIOS.staff_needed([group] * n) <= staff
            assert RATIOS.staff_needed([group] * (n + 1)) > staff


def test_the_groups_follow_the_default_rooms_and_a_childs_age() -> None:
    assert RATIOS.rules[0].min_age == ROOMS.rooms[0].min_age
    assert RATIOS.rules[0].max_age == ROOMS.rooms[0].max_age
    birth = date(2025, 1, 31)
    assert RATIOS.rule_for(birth, date(2025, 2, 10)) is None  # 10 days old
    assert RATIOS.rule_for(birth, date(2025, 6, 1)).group == "lactantes"  # type: ignore[union-attr]
    assert RATIOS.rule_for(birth, date(2026, 8, 31)).group == "maternales"  # type: ignore[union-attr]


def test_bad_policies_are_refused() -> None:
    with pytest.raises(InputError, match="not contiguous"):
        RatioPolicy(
            (
                RatioRule("a", AgeLimit(days=43), AgeLimit(months=12), 5),
                RatioRule("b", AgeLimit(months=13), AgeLimit(months=48), 10),
            )
        )
    with pytest.raises(InputError, match="at least 1"):
        RatioRule("a", AgeLimit(), AgeLimit(months=12), 0)
    with pytest.raises(InputError, match="no ratio group"):
        RATIOS.staff_needed(["sala cuna"])
