"""Candidate sites: inside cities split into AGEBs, one AGEB per cell where the children are,
so a large city's centres spread over it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.countries.mx.candidates import candidates_from_agebs
from redceci.planning.parameters import SitingParameters
from redceci.workflow import World, plan


def test_each_cell_offers_the_ageb_with_most_eligible_children() -> None:
    units = pd.DataFrame(
        {
            "unit_id": ["0100100010011", "0100100010022", "0100100010033", "010010001"],
            "MUN_CVEGEO": ["01001"] * 4,
            "NOM_LOC": ["a", "b", "c", "locality"],
            # The first two share a 1.5 km cell, the third is 3 km north.
            "LAT": [21.880, 21.881, 21.907, 21.880],
            "LON": [-102.2950, -102.2955, -102.2950, -102.2950],
            "eligible": [10.0, 30.0, 5.0, 99.0],
        }
    )
    sites = candidates_from_agebs(units, SitingParameters(ageb_cell_km=1.5), scheme="CECI IMSS")
    assert list(sites["site_id"]) == ["ageb:0100100010022", "ageb:0100100010033"]
    assert (sites["max_centres"] == SitingParameters().max_centres_per_ageb_site).all()


def test_a_state_plan_spreads_tijuanas_centres_over_its_agebs(world: World) -> None:
    params = world.params.model_copy(
        update={"siting": world.params.siting.model_copy(update={"max_centres": 60})}
    )
    result = plan(World(**{**world.__dict__, "params": params}), states=["02"])
    sites = result.sites
    tijuana = sites[sites["site_id"].str.startswith("ageb:020040001")]
    assert len(tijuana) >= 8
    at_one_point = sites.groupby(["lat", "lon"])["centres"].sum()
    assert at_one_point.max() <= SitingParameters().max_centres_per_ageb_site
    # Spread: the chosen Tijuana sites lie kilometres apart, not on one coordinate.
    lat, lon = tijuana["lat"].to_numpy(), tijuana["lon"].to_numpy()
    assert np.ptp(lat) > 0.05 and np.ptp(lon) > 0.05
