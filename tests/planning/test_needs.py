"""Needs: existing supply serves first, deserts follow the CAP rule, areas aggregate exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redceci.planning.needs import assess_units, summarise
from redceci.planning.parameters import DesertParameters
from redceci.planning.travel import Pairs


def units(children: list[float]) -> pd.DataFrame:
    c = np.array(children, dtype=float)
    return pd.DataFrame(
        {
            "unit_id": [f"u{i}" for i in range(len(c))],
            "CVE_ENT": ["01"] * len(c),
            "POBTOT": c * 10,
            "children": c,
            "need": c / 2,
            "eligible": c / 4,
        }
    )


def test_desert_rule_and_unmet_demand_by_hand() -> None:
    # u0: 60 children, reaches provider 0 (10 places): 6 per place -> desert.
    # u1: 60 children, reaches provider 1 (40 places): 1.5 per place -> not a desert.
    # u2: 40 children, no provider: below the 50-children threshold -> not a desert.
    # u3: 80 children, no provider -> desert.
    pairs = Pairs(
        np.array([0, 1], np.int32), np.array([0, 1], np.int32), np.array([5, 5], np.float32), 4, 2
    )
    out = assess_units(
        units([60, 60, 40, 80]),
        np.array([10.0, 40.0]),
        pairs,
        catchment_minutes=20,
        deserts=DesertParameters(),
    )
    assert out["desert"].tolist() == [True, False, False, True]
    np.testing.assert_allclose(out["children_per_place"][:2], [6.0, 1.5])
    # Need is 30 at u0 and u1: 10 places cover a third of u0; 40 cover all of u1.
    np.testing.assert_allclose(out["covered_share"], [1 / 3, 1, 0, 0])
    np.testing.assert_allclose(out["unmet"], [15 * 2 / 3, 0, 10, 20])


def test_thresholds_are_parameters() -> None:
    pairs = Pairs(np.array([0], np.int32), np.array([0], np.int32), np.array([5], np.float32), 1, 1)
    strict = DesertParameters(min_children=10, max_children_per_place=7)
    out = assess_units(units([60]), np.array([10.0]), pairs, catchment_minutes=20, deserts=strict)
    assert not out["desert"].iloc[0]


def test_summaries_add_up_to_the_national_totals(world) -> None:  # type: ignore[no-untyped-def]
    by_state = summarise(world.units, world.supply, "CVE_ENT")
    assert len(by_state) == 32
    for col in ("POBTOT", "children", "eligible", "unmet"):
        assert by_state[col].sum() == pytest.approx(world.units[col].sum())
    assert by_state["places"].sum() == pytest.approx(world.supply["places"].sum())
    assert by_state["POBTOT"].sum() == pytest.approx(126_014_024)
    # Unmet demand never exceeds eligible demand, and eligible never exceeds children.
    u = world.units
    assert (u["unmet"] <= u["eligible"] + 1e-9).all() and (
        u["eligible"] <= u["children"] + 1e-9
    ).all()


def test_cdmx_has_more_places_per_child_than_chiapas(world) -> None:  # type: ignore[no-untyped-def]
    by_state = summarise(world.units, world.supply, "CVE_ENT")
    assert by_state.loc["09", "places_per_100"] > 2 * by_state.loc["07", "places_per_100"]


def test_locality_rows_use_the_places_within_reach(world) -> None:  # type: ignore[no-untyped-def]
    """By locality and AGEB (one municipality), places are those within the catchment of
    each unit, and the ratios are computed from them."""
    from redceci.workflow import needs_table

    table = needs_table(world, municipality="19039")
    units = world.units.set_index("unit_id")
    assert (table["places"] == units.loc[table.index, "places_reachable"]).all()
    # Monterrey city is split into its AGEBs (Nuevo León has AGEB population).
    agebs = [i for i in table.index if i.startswith("190390001") and len(i) == 13]
    assert len(agebs) > 400
    city = table.loc[agebs[0]]
    assert city["places"] > 0
    assert city["children_per_place"] == pytest.approx(city["children"] / city["places"])
