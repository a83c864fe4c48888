"""Demand units: municipal census totals are preserved exactly, true figures used where given."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from redceci.countries.mx.demand import demand_from_census, impute_missing_totals
from redceci.data.census import read_municipalities, read_true_localities
from redceci.data.places import read_locality_points
from redceci.planning.demand import UNIT_COUNTS


@pytest.fixture(scope="module")
def national(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    mun = read_municipalities(data_dir).reset_index(drop=True)
    units = demand_from_census(
        mun, read_locality_points(data_dir), localities=read_true_localities(data_dir)
    )
    return mun, units


def test_units_sum_to_census_totals_in_every_municipality(national) -> None:  # type: ignore[no-untyped-def]
    mun, units = national
    expected = impute_missing_totals(mun).set_index("CVEGEO")
    sums = units.groupby("MUN_CVEGEO")[list(UNIT_COUNTS)].sum(min_count=1)
    assert len(sums) == 2469
    for col in UNIT_COUNTS:
        given = expected[col].notna()
        np.testing.assert_allclose(
            sums.loc[given.index[given], col], expected.loc[given, col], rtol=0, atol=1e-6
        )
        # Where the census does not give the optional count, no unit invents one.
        assert sums.loc[given.index[~given], col].isna().all()
    assert units["POBTOT"].sum() == 126_014_024


def test_national_layer_has_enough_units_and_no_negative_counts(national) -> None:  # type: ignore[no-untyped-def]
    _, units = national
    assert len(units) >= 50_000
    assert (units[list(UNIT_COUNTS)].fillna(0) >= 0).all().all()
    assert units["unit_id"].is_unique
    assert units[["LAT", "LON"]].notna().all().all()


def test_true_locality_figures_replace_disaggregated_ones(national) -> None:  # type: ignore[no-untyped-def]
    _, units = national
    by_id = units.set_index("unit_id")
    # Monterrey (190390001) and Aguascalientes city (010010001): ITER / AGEB figures.
    assert by_id.loc["190390001", "SOURCE"] == "census"
    assert by_id.loc["010010001", "P_0A2"] == 39525  # AGEB locality total
    assert by_id.loc["010010001", "POBTOT"] == 863893


def test_people_outside_locality_points_stay_at_the_municipal_seat() -> None:
    mun = pd.DataFrame(
        {
            "CVEGEO": ["99001"],
            "CVE_ENT": ["99"],
            "LAT_CABECERA": [20.0],
            "LON_CABECERA": [-100.0],
            "POBTOT": [1000.0],
            "POBFEM": [500.0],
            "P_0A2": [60.0],
            "P_3A5": [60.0],
            "P_6A11": [120.0],
            "POCUPADA_F": [150.0],
            "PDER_IMSS": [400.0],
            "P_12YMAS_F": [np.nan],
            "PEA_F": [np.nan],
            "PE_INAC_F": [np.nan],
        }
    )
    points = pd.DataFrame(
        {
            "CVEGEO": ["990010001", "990010002"],
            "MUN_CVEGEO": ["99001", "99001"],
            "NOM_LOC": ["A", "B"],
            "LAT": [20.1, 20.2],
            "LON": [-100.1, -100.2],
            "URBAN": [True, False],
            "POBTOT": [600.0, 200.0],
        }
    )
    units = demand_from_census(mun, points).set_index("unit_id")
    assert units.loc["99001R", "POBTOT"] == 200
    assert (units.loc["99001R", "LAT"], units.loc["99001R", "LON"]) == (20.0, -100.0)
    # 60 children shared 600:200:200.
    assert units.loc["990010001", "P_0A2"] == pytest.approx(36.0)
    assert units.loc["99001R", "P_0A2"] == pytest.approx(12.0)


def test_points_exceeding_the_municipal_total_are_scaled_down() -> None:
    mun = pd.DataFrame(
        {
            "CVEGEO": ["99001"],
            "CVE_ENT": ["99"],
            "LAT_CABECERA": [20.0],
            "LON_CABECERA": [-100.0],
            **{c: [100.0] for c in UNIT_COUNTS},
        }
    )
    points = pd.DataFrame(
        {
            "CVEGEO": ["990010001"],
            "MUN_CVEGEO": ["99001"],
            "NOM_LOC": ["A"],
            "LAT": [20.1],
            "LON": [-100.1],
            "URBAN": [True],
            "POBTOT": [150.0],
        }
    )
    units = demand_from_census(mun, points)
    assert units["POBTOT"].sum() == pytest.approx(100.0)
