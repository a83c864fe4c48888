"""Existing and registered childcare supply as providers with places: the frames a country
pack's data adapters make (``SUPPLY_COLUMNS``), stacked and checked; registered centres bring
their own places."""

from __future__ import annotations

import pandas as pd

from redceci.errors import InputError

SUPPLY_COLUMNS = ("provider_id", "name", "kind", "sector", "MUN_CVEGEO", "lat", "lon", "places")


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
