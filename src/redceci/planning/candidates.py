"""Candidate sites for new centres: the frames a country pack's data adapters make
(``CANDIDATE_COLUMNS``, each site tagged with its scheme: near homes or near workplaces) and
the sites users supply, stacked with a region column and unique ids."""

from __future__ import annotations

import pandas as pd

CANDIDATE_COLUMNS = (
    "site_id",
    "name",
    "kind",
    "scheme",
    "MUN_CVEGEO",
    "CVE_ENT",
    "lat",
    "lon",
    "max_centres",  # per-site cap (NaN: the model's max_centres_per_site)
)


def combine_candidates(*frames: pd.DataFrame) -> pd.DataFrame:
    """Stack candidate frames into one table with a state column and unique ids."""
    out = pd.concat([f.reindex(columns=list(CANDIDATE_COLUMNS)) for f in frames], ignore_index=True)
    out["CVE_ENT"] = out["MUN_CVEGEO"].str[:2]
    if out["site_id"].duplicated().any():
        dup = out.loc[out["site_id"].duplicated(), "site_id"].iloc[0]
        raise ValueError(f"duplicate candidate site id {dup!r}")
    return out
