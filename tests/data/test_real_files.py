"""The real data files read as documented in SOURCES.md (counts and totals it states)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from redceci.data.boundaries import read_boundaries
from redceci.data.catalogue import CATALOGUE, check_file
from redceci.data.census import (
    read_ageb,
    read_iter_localities,
    read_municipal_activity,
    read_municipalities,
    read_states,
    with_municipal_activity,
)
from redceci.data.childcare import read_childcare
from redceci.data.employment import read_insured_workers
from redceci.data.places import read_ageb_points, read_locality_points
from redceci.data.sites import read_industrial_parks, read_polos


def test_every_catalogued_file_is_present_with_its_documented_row_count(data_dir: Path) -> None:
    for dataset in CATALOGUE:
        result = check_file(dataset, data_dir)
        assert result.present, dataset.filename
        assert result.ok, f"{dataset.filename}: {result.rows} rows, {result.message}"
        assert result.sha256 is not None and len(result.sha256) == 64


def test_municipal_table_sums_to_the_official_national_population(data_dir: Path) -> None:
    mun = read_municipalities(data_dir)
    assert len(mun) == 2469
    assert mun["POBTOT"].sum() == 126_014_024
    assert mun["CVEGEO"].str.len().eq(5).all()
    # One suppressed P_0A2 stays missing (not zero); the rest sum as SOURCES.md says.
    assert mun["P_0A2"].isna().sum() == 1
    assert mun["P_0A2"].sum() == 5_764_052
    assert read_states(data_dir)["POBTOT"].sum() == 126_014_024


def test_iter_localities_sum_to_the_state_totals(data_dir: Path) -> None:
    loc = read_iter_localities(data_dir)
    totals = loc.groupby(loc["ENTIDAD"])["POBTOT"].sum()
    assert totals["19"] == 5_784_442
    assert totals["22"] == 2_368_467


def test_ageb_localities_carry_true_counts_with_letters_in_codes(data_dir: Path) -> None:
    assert len(read_ageb(data_dir, level="localidad")) == 943
    ageb = read_ageb(data_dir, level="ageb")
    assert len(ageb) == 13029
    assert ageb["CVEGEO"].str.len().eq(13).all()


def test_locality_points_and_supply_and_sites(data_dir: Path) -> None:
    pts = read_locality_points(data_dir)
    assert len(pts) == 50608  # active rows with coordinates
    assert pts["URBAN"].sum() == 4892
    care = read_childcare(data_dir)
    assert len(care) == 6706 + 3785
    assert set(care["scian"]) == {"624411", "624412"}
    assert len(read_polos(data_dir)) == 32
    parks = read_industrial_parks(data_dir)
    assert len(parks) == 913 and parks["mun_approx"].sum() == 5
    assert parks["MUN_CVEGEO"].str.fullmatch(r"\d{5}").all()


def test_insured_workers_states_sum_to_the_national_figure(data_dir: Path) -> None:
    ins = read_insured_workers(data_dir)
    dec21 = ins[ins["periodo"] == "2021-12"]
    national = dec21.loc[dec21["CVE_ENT"] == "00", "asegurados"].iloc[0]
    assert national == 20_620_148
    assert np.isclose(dec21.loc[dec21["CVE_ENT"] != "00", "asegurados"].sum(), national)


def test_boundaries_have_every_state_and_municipality(data_dir: Path) -> None:
    assert len(read_boundaries(data_dir, "estados")["features"]) == 32
    assert len(read_boundaries(data_dir, "municipios")["features"]) == 2469


def test_ageb_points_and_the_national_municipal_iter_read_as_documented(data_dir: Path) -> None:
    agebs = read_ageb_points(data_dir)
    assert len(agebs) == 32_732 and agebs["CVEGEO"].is_unique
    assert agebs["CVE_ENT"].nunique() == 27
    counted = agebs.loc[agebs["POBTOT_AGEB"].notna(), "CVE_ENT"].unique()
    # The 17 states of INEGI's service files, plus Nuevo León and Torreón (Coahuila).
    assert len(counted) == 19 and {"05", "19"} <= set(counted)
    activity = read_municipal_activity(data_dir)
    assert len(activity) == 2469 and activity["POBTOT"].sum() == 126_014_024
    assert activity[["PEA_F", "P_12YMAS_F"]].notna().all().all()
    # Where the census table already gives women's activity (406 municipalities), both agree.
    mun = read_municipalities(data_dir)
    both = mun["PEA_F"].notna()
    assert both.sum() == 406
    for col in ("PEA_F", "P_12YMAS_F", "POCUPADA_F"):
        given = mun.loc[both, col]
        assert (given == activity.loc[given.index, col]).all()
    filled = with_municipal_activity(mun, activity)
    assert filled["PEA_F"].notna().all()
