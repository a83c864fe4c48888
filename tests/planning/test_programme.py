"""The programme on real data: a state's plan phased over the years, its tables adding up, its
staff and hiring, plots as sites with their years, and robust sites under other scenarios."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redceci.planning.programme import Programme, robustness
from redceci.planning.staffing import ROLES
from redceci.settings import Settings
from redceci.workflow import World, load_world, programme

STATE = "01"  # Aguascalientes: small, AGEB counts


def capped(world: World, centres: int) -> World:
    siting = world.params.siting.model_copy(update={"max_centres": centres})
    return dataclasses.replace(world, params=world.params.model_copy(update={"siting": siting}))


@pytest.fixture(scope="module")
def prog(world: World) -> Programme:
    pace = world.params.programme.model_copy(
        update={
            "centres_per_year": {2026: 0, 2027: 6, 2028: 4, 2029: 4},
            "capital_per_year": {2027: 6 * 36.1e6},
            "bound_seconds_per_year": 2.0,
        }
    )
    w = capped(world, 20)
    w = dataclasses.replace(w, params=w.params.model_copy(update={"programme": pace}))
    return programme(w, states=[STATE])


def test_every_centre_of_the_plan_gets_a_year_within_the_pace(prog: Programme) -> None:
    c = prog.centres
    assert len(c) == prog.plan.result.n_centres == 20
    opened = c["year"].value_counts()
    assert opened.get(2026, 0) == 0  # no site has land before 2027
    assert opened.get(2027, 0) <= 6 and opened.get(2028, 0) <= 4 and opened.get(2029, 0) <= 4
    assert c["year"].notna().all()  # the last year takes the rest
    assert (c["year"] >= c["earliest_year"]).all()
    capital_2027 = c.loc[c["year"] == 2027, "cost"].sum()
    assert capital_2027 <= 6 * 36.1e6 + 1


def test_yearly_table_adds_up_and_is_certified(prog: Programme) -> None:
    by, c = prog.by_year, prog.centres
    for year, row in by.iterrows():
        open_ = c[c["year"] <= year]
        assert row["centres_open"] == len(open_)
        assert row["places_open"] == open_["places"].sum()
        assert row["capital"] == pytest.approx(c.loc[c["year"] == year, "cost"].sum())
        share = prog.params.programme.first_year_operating_share
        running = (
            c.loc[c["year"] < year, "operating_cost"].sum()
            + share * c.loc[c["year"] == year, "operating_cost"].sum()
        )
        assert row["operating"] == pytest.approx(running)
        assert row["bound"] >= row["mothers_objective"] - 1e-6
    # Open centres and value only grow; the last year is the plan itself.
    assert by["centres_open"].is_monotonic_increasing
    assert by["mothers_objective"].is_monotonic_increasing
    assert by["mothers_objective"].iloc[-1] == pytest.approx(prog.plan.result.objective, rel=1e-6)
    ph = prog.phasing
    assert ph.value == pytest.approx(by["mothers_objective"].sum())
    assert 0 <= ph.gap < 1 and ph.bound >= ph.value


def test_state_rows_sum_to_the_national_year(prog: Programme) -> None:
    sums = prog.by_state_year.groupby(level="year")[
        ["centres_opened", "centres_open", "places_open", "capital", "operating"]
    ].sum()
    for col in sums.columns:
        np.testing.assert_allclose(sums[col], prog.by_year[col], rtol=1e-9)
    served = prog.by_state_year.groupby(level="year")["served"].sum()
    np.testing.assert_allclose(served, prog.by_year["served"], rtol=1e-9)


def test_hiring_is_the_staff_of_the_centres_opening(prog: Programme) -> None:
    c = prog.centres
    hiring = prog.hiring.groupby(level="year").sum()
    for year in hiring.index:
        opening = c[c["year"] == year]
        for role in [*ROLES, "staff_total"]:
            assert hiring.loc[year, role] == opening[role].sum()
    assert (c["staff_total"] == c[list(ROLES)].sum(axis=1)).all()


def test_sensitivity_reports_sites_kept_robust_first(prog: Programme) -> None:
    sc, rb = prog.scenarios, prog.robustness
    assert sc is not None and rb is not None
    assert list(sc["scenario"]) == ["low", "high", "demand_2030"]
    assert (sc["base_sites_kept"] >= sc["base_sites_same"]).all()
    assert sc["base_sites_kept_share"].between(0, 1).all()
    assert rb["scenarios_kept"].is_monotonic_decreasing
    assert len(rb) == len(prog.plan.sites)


def test_robustness_counts_the_same_site_and_neighbours() -> None:
    base = pd.DataFrame(
        {
            "site_id": ["a", "b"],
            "name": ["A", "B"],
            "CVE_ENT": ["01", "01"],
            "lat": [21.0, 22.0],
            "lon": [-102.0, -102.0],
            "centres": [2, 1],
        }
    )
    other = pd.DataFrame(
        {"site_id": ["x", "b"], "lat": [21.01, 22.0], "lon": [-102.0, -102.0], "centres": [3, 1]}
    )
    rb, sc = robustness(base, {"s": other}, within_km=2.0)
    assert sc.loc[0, "base_sites_same"] == 1 and sc.loc[0, "base_sites_kept"] == 2
    assert dict(zip(rb["site_id"], rb["centres_s"], strict=True)) == {"a": 3, "b": 1}
    _, sc0 = robustness(base, {"s": other}, within_km=0.0)
    assert sc0.loc[0, "base_sites_kept"] == 1


def test_a_donated_plot_is_a_one_centre_site_that_opens_in_its_year(settings: Settings) -> None:
    plots = pd.DataFrame(
        {
            "id": ["p1"],
            "name": ["Predio donado"],
            "lat": [21.8823],  # Aguascalientes city, east
            "lon": [-102.2600],
            "area_m2": [6_000.0],
            "status": ["donated"],
            "status_date": [dt.date(2026, 1, 15)],
            "scheme": ["CECI IMSS"],
        }
    )
    world = load_world(settings, plots=plots)
    sites = world.candidates.set_index("site_id")
    assert sites.loc["plot:p1", "kind"] == "plot" and sites.loc["plot:p1", "max_centres"] == 1
    keep = {"plot:p1": 250}
    result = programme(capped(world, 10), states=[STATE], must_keep=keep, sensitivity=False)
    row = result.centres[result.centres["site_id"] == "plot:p1"].iloc[0]
    assert row["land"] == "plot"
    assert row["earliest_year"] == 2026 and row["year"] == 2026  # Nov 2026; first to open
    assert (result.centres["site_id"] == "plot:p1").sum() == 1
