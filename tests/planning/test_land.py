"""Land: a plot's life and when it lets a centre open, the area each size needs, plots as
candidate sites and each site's earliest year."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from redceci.planning.land import (
    LAND_NEEDED,
    LAND_PLOT,
    LAND_REGISTERED,
    PLOT_TRANSITIONS,
    PlotStatus,
    assess_plot,
    land_needed_year,
    largest_size_fitting,
    min_area_m2,
    opening_date,
    plots_as_candidates,
    site_land,
)
from redceci.planning.parameters import LandParameters, ProgrammeParameters

PP = ProgrammeParameters()
LAND = LandParameters()


def test_a_plot_moves_only_forward_and_rejection_is_final() -> None:
    assert PLOT_TRANSITIONS[PlotStatus.OFFERED] == {PlotStatus.VALIDATED, PlotStatus.REJECTED}
    assert PlotStatus.OFFERED not in PLOT_TRANSITIONS[PlotStatus.DONATED]
    assert not PLOT_TRANSITIONS[PlotStatus.REJECTED]
    assert not PLOT_TRANSITIONS[PlotStatus.OPERATING]


@pytest.mark.parametrize(
    ("status", "since", "opens"),
    [
        # donated in March 2026: 10 months of building -> January 2027
        ("donated", dt.date(2026, 3, 15), dt.date(2027, 1, 15)),
        # validated: 3 months to donation, then 10 -> 13 months
        ("validated", dt.date(2026, 1, 31), dt.date(2027, 2, 28)),
        # offered: 6 months for the land, then 10 -> 16 months
        ("offered", dt.date(2026, 1, 1), dt.date(2027, 5, 1)),
        # works begun before the programme: Paraje Oriente, first stone 30 April 2025
        ("under_construction", dt.date(2025, 4, 30), dt.date(2026, 2, 28)),
        ("operating", dt.date(2025, 6, 1), dt.date(2025, 6, 1)),
        ("rejected", dt.date(2026, 1, 1), None),
    ],
)
def test_opening_date_counts_land_then_building(
    status: str, since: dt.date, opens: dt.date | None
) -> None:
    assert opening_date(status, since, PP) == opens


def test_a_site_without_land_opens_after_finding_and_building_on_it() -> None:
    assert land_needed_year(PP) == 2027  # 6 + 10 months from January 2026
    quick = PP.model_copy(update={"land_months": 0, "construction_months": 6})
    assert land_needed_year(quick) == 2026


def test_minimum_area_per_size_and_the_largest_size_a_plot_holds() -> None:
    assert min_area_m2(110, LAND) == 3_500
    assert min_area_m2(250, LAND) == 5_000
    assert min_area_m2(125, LAND) == pytest.approx(5_000 * 125 / 250)  # next larger, scaled
    assert min_area_m2(500, LAND) == pytest.approx(10_000)  # above all: the largest, scaled
    assert largest_size_fitting(4_000, (110, 250), LAND) == 110
    assert largest_size_fitting(3_000, (110, 250), LAND) is None
    plot = assess_plot(4_000, 250, 0.7, (110, 250), LAND)
    assert plot["area_enough"] is False and plot["largest_size_fitting"] == 110
    assert plot["in_desert"] is True and plot["min_area_m2"] == 5_000
    assert assess_plot(6_000, None, 0.1, (110, 250), LAND)["area_enough"] is None


def plots() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["Predio A", None, "Predio C"],
            "lat": [21.9, 21.8, 21.7],
            "lon": [-102.3, -102.2, -102.1],
            "area_m2": [6_000.0, 4_000.0, 9_000.0],
            "status": ["donated", "offered", "rejected"],
            "status_date": [dt.date(2026, 2, 1), None, None],
            "scheme": ["CECI IMSS", "CECI Empresa", "CECI IMSS"],
        }
    )


def test_open_plots_become_one_centre_candidates() -> None:
    sites = plots_as_candidates(plots(), scheme="CECI IMSS")
    assert list(sites["site_id"]) == ["plot:a", "plot:b"]  # the rejected plot is not
    assert list(sites["name"]) == ["Predio A", "Predio b"]
    assert (sites["max_centres"] == 1).all() and list(sites["kind"]) == ["plot", "plot"]
    assert list(sites["scheme"]) == ["CECI IMSS", "CECI Empresa"]


def test_each_site_gets_its_earliest_year_and_land() -> None:
    ids = pd.Series(["plot:a", "plot:b", "usuario:x", "ageb:0100100010017"])
    years, land = site_land(ids, plots(), {"usuario:x"}, PP)
    assert list(years) == [2026, 2027, 2026, 2027]  # Dec 2026; May 2027; Nov 2026; 2027
    assert list(land) == [LAND_PLOT, LAND_PLOT, LAND_REGISTERED, LAND_NEEDED]


def test_nearest_plots_finds_the_plot_within_reach_only() -> None:
    from redceci.planning.land import nearest_plots

    sites = pd.DataFrame({"lat": [25.785, 25.60], "lon": [-100.195, -100.30]})
    found = nearest_plots(
        sites, pd.DataFrame({"id": [7], "lat": [25.78], "lon": [-100.19]}), within_km=2.0
    )
    assert found["plot_id"].tolist() == [7, None]
    assert found["plot_km"].iloc[0] == pytest.approx(0.75, abs=0.01)
    assert pd.isna(found["plot_km"].iloc[1])
