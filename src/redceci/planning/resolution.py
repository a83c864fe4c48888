"""The planning resolution per region: the share of people placed at each level of detail the
country pack's demand units come from (the units' ``SOURCE``), and the finest level that holds
people."""

from __future__ import annotations

import pandas as pd

__all__ = ["LEVELS", "resolution_table"]


#: Unit SOURCE -> the level its counts come from (finest first), for the resolution table.
LEVELS = {
    "ageb_census": "ageb_counts",
    "ageb_population": "ageb_population",
    "ageb_estimate": "ageb_location",
    "census": "locality_counts",
    "points": "locality_estimate",
    "locality_rest": "locality_estimate",
    "remainder": "municipal_seat",
}


def resolution_table(units: pd.DataFrame) -> pd.DataFrame:
    """Per state: the share of people placed at each level (``LEVELS``), the finest level that
    holds people (the state's planning resolution), and the number of units."""
    level = units["SOURCE"].map(LEVELS).fillna("locality_estimate")
    pop = units.groupby([units["CVE_ENT"], level])["POBTOT"].sum().unstack().fillna(0.0)
    order = list(dict.fromkeys(LEVELS.values()))
    pop = pop.reindex(columns=order, fill_value=0.0)
    share = pop.div(pop.sum(axis=1).where(lambda s: s > 0, 1.0), axis=0)
    out = share.add_prefix("share_")
    out["units"] = units.groupby("CVE_ENT").size()
    # Inactive women are a census count only where the source gives PE_INAC_F; elsewhere
    # they are estimated as women 12+ minus economically active women.
    out["inactive_counted"] = units.groupby("CVE_ENT")["PE_INAC_F"].apply(
        lambda s: bool(s.notna().any())
    )
    out["resolution"] = [
        next((lv for lv in order[:3] if row[lv] > 0), "locality") for _, row in pop.iterrows()
    ]
    return out
