"""Existing and registered childcare supply as providers with places.

DENUE guarderías get a capacity from their staff band; registered centres bring their own.
"""

from __future__ import annotations

import pandas as pd

from redceci.errors import InputError
from redceci.planning.parameters import SupplyParameters

SUPPLY_COLUMNS = ("provider_id", "name", "kind", "sector", "MUN_CVEGEO", "lat", "lon", "places")


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


def combine_supply(*frames: pd.DataFrame) -> pd.DataFrame:
    """Stack provider frames, checking ids are unique and places non-negative."""
    out = pd.concat([f.reindex(columns=list(SUPPLY_COLUMNS)) for f in frames], ignore_index=True)
    dup = out["provider_id"].duplicated()
    if dup.any():
        raise InputError(f"duplicate provider id {out.loc[dup, 'provider_id'].iloc[0]!r}")
    if (out["places"].to_numpy(dtype=float) < 0).any() or out["places"].isna().any():
        raise InputError("every provider needs a non-negative number of places")
    out["places"] = out["places"].astype(float)
    return out
