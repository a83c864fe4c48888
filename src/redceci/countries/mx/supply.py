"""Mexico's existing childcare supply: DENUE guarderías as providers, each with a capacity from
its staff band."""

from __future__ import annotations

import pandas as pd

from redceci.errors import InputError
from redceci.planning.parameters import SupplyParameters

__all__ = ["supply_from_denue"]


def supply_from_denue(establishments: pd.DataFrame, params: SupplyParameters) -> pd.DataFrame:
    """Providers from DENUE guarderías, with places from ``capacity_by_staff_band``.

    An establishment whose staff band is unknown or not in the table is an error, so a change
    in DENUE's bands cannot silently drop supply.
    """
    band = establishments["per_ocu"]
    places = band.map(params.capacity_by_staff_band)
    unknown = places.isna()
    if unknown.any():
        bands = sorted(set(band[unknown].fillna("(vacío)")))
        raise InputError(
            f"staff bands without a capacity in capacity_by_staff_band: {bands}; add them"
        )
    return pd.DataFrame(
        {
            "provider_id": "denue:" + establishments["denue_id"].astype(str),
            "name": "Guardería " + establishments["sector"].fillna("").str.lower(),
            "kind": "denue",
            "sector": establishments["sector"],
            "MUN_CVEGEO": establishments["MUN_CVEGEO"],
            "lat": establishments["lat"].astype(float),
            "lon": establishments["lon"].astype(float),
            "places": places.astype(float),
        }
    ).reset_index(drop=True)
