"""Staffing: a centre's staff by role from its rooms by age and the ratio rules, its yearly
running cost, and hiring by state and year."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from redceci.errors import InputError
from redceci.planning.parameters import StaffingParameters
from redceci.planning.staffing import (
    ROLES,
    centre_staff,
    hiring_by_state_year,
    staff_by_centre,
)
from redceci.platform.ratios import DEFAULT_RATIOS, RatioPolicy

PARAMS = StaffingParameters()


def test_a_250_place_centre_by_hand() -> None:
    # Rooms by age band width: lactantes 43 d-19 m and maternales 19-48 m -> 94 and 156.
    staff = centre_staff(250, PARAMS)
    assert dict(staff.children) == {"lactantes": 94, "maternales": 156}
    # 94 lactantes in 5 salas of at most 20 (19,19,19,19,18): 5 leads, 4 assistants each (1:5).
    # 156 maternales in 6 salas of 26: 6 leads, 3 assistants each (1:10).
    assert dict(staff.salas) == {"lactantes": 5, "maternales": 6}
    assert staff.posts["educator"] == 11
    assert staff.posts["assistant"] == 5 * 4 + 6 * 3
    # One cook per 50 children, cleaning one plus one per 60, fixed roles as set.
    assert staff.posts["cook"] == 5 and staff.posts["cleaning"] == 1 + 5
    assert staff.posts["director"] == staff.posts["nurse_doctor"] == 1
    assert staff.hired["assistant"] == math.ceil(38 * PARAMS.relief_factor)
    expected = sum(
        n * PARAMS.monthly_salary[r] * 12 * PARAMS.on_cost_factor for r, n in staff.hired.items()
    )
    assert staff.staff_cost == pytest.approx(expected)
    assert staff.other_cost == 250 * PARAMS.other_cost_per_place_year


def test_educators_and_assistants_meet_the_ratio_rule_in_every_sala() -> None:
    for places in (20, 55, 110, 171, 250, 400):
        staff = centre_staff(places, PARAMS)
        assistants = educators = 0
        for group, n in staff.children.items():
            k = staff.salas[group]
            assert k == math.ceil(n / PARAMS.sala_max_children[group])
            sizes = [n // k + (1 if i < n % k else 0) for i in range(k)] if k else []
            assert sum(sizes) == n and max(sizes, default=0) <= PARAMS.sala_max_children[group]
            cpa = DEFAULT_RATIOS.rule(group).children_per_assistant
            assistants += sum(math.ceil(size / cpa) for size in sizes)
            educators += k
        assert staff.posts["assistant"] == assistants
        assert staff.posts["educator"] == educators
        assert sum(staff.children.values()) == places


def test_a_young_catchment_needs_more_staff_than_an_older_one() -> None:
    young = centre_staff(250, PARAMS, eligible_under_3=900.0, eligible_3_plus=100.0)
    old = centre_staff(250, PARAMS, eligible_under_3=300.0, eligible_3_plus=700.0)
    assert young.children["lactantes"] > old.children["lactantes"]
    assert young.posts["assistant"] > old.posts["assistant"]


def test_a_role_without_salary_is_an_error_naming_it() -> None:
    params = PARAMS.model_copy(update={"centre_roles": {"gardener": (1.0, 0.0)}})
    with pytest.raises(InputError, match="gardener"):
        centre_staff(110, params)


def test_staff_by_centre_and_hiring_by_state_and_year_add_up() -> None:
    centres = pd.DataFrame(
        {
            "places": [250, 110, 250, 110],
            "CVE_ENT": ["02", "02", "08", "08"],
            "year": [2026, 2027, 2026, None],
        }
    )
    staff = staff_by_centre(centres, PARAMS)
    assert list(staff.columns[: len(ROLES)]) == list(ROLES)
    assert staff.loc[0, "staff_total"] == centre_staff(250, PARAMS).total_hired
    hiring = hiring_by_state_year(pd.concat([centres, staff], axis=1))
    assert hiring.loc[("02", 2026), "staff_total"] == staff.loc[0, "staff_total"]
    assert ("08", 2027) not in hiring.index  # the unscheduled centre hires nobody yet
    assert hiring["staff_total"].sum() == staff.loc[[0, 1, 2], "staff_total"].sum()


def test_guatemala_s_centres_are_staffed_by_madres_cuidadoras_at_ten_children_each() -> None:
    """SOSEP's rule (the pack's rooms and ratios): one multi-age group, no lead per sala, one
    madre cuidadora per 10 children; with no sala size for the group it is one sala."""
    from redceci.countries import country_pack

    gt = country_pack("gt")
    staff = centre_staff(250, PARAMS, rooms=gt.rooms, ratios=gt.ratios)
    assert dict(staff.children) == {"multiedad": 250} and dict(staff.salas) == {"multiedad": 1}
    assert staff.posts["educator"] == 0 and staff.posts["assistant"] == 25
    frame = staff_by_centre(
        pd.DataFrame({"places": [250, 95]}), PARAMS, rooms=gt.rooms, ratios=gt.ratios
    )
    assert list(frame["assistant"]) == [
        math.ceil(25 * PARAMS.relief_factor),
        math.ceil(10 * PARAMS.relief_factor),
    ]
    with_leads = RatioPolicy(rules=gt.ratios.rules, leads_per_room=1)
    with pytest.raises(InputError, match="no sala size"):  # rules with leads still need one
        centre_staff(250, PARAMS, rooms=gt.rooms, ratios=with_leads)
