"""Candidate sites for new centres, each tagged with its scheme (near homes or near workplaces).

Urban and larger rural localities, or inside cities split into AGEBs one AGEB per cell, and
industrial parks and polos, and sites users supply (a company's plot); each tagged with the
``scheme`` its caller gives (the country pack's: ``Words.direct_scheme`` near homes,
``Words.employer_scheme`` near workplaces).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.planning.parameters import SitingParameters

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


def candidates_from_localities(
    points: pd.DataFrame, params: SitingParameters, *, scheme: str
) -> pd.DataFrame:
    """Urban localities and rural ones of at least ``min_rural_candidate_population``."""
    pop = points["POBTOT"].fillna(0.0)
    keep = points["URBAN"] | (pop >= params.min_rural_candidate_population)
    sel = points[keep]
    return pd.DataFrame(
        {
            "site_id": "loc:" + sel["CVEGEO"],
            "name": sel["NOM_LOC"].fillna(sel["CVEGEO"]),
            "kind": "locality",
            "scheme": scheme,
            "MUN_CVEGEO": sel["MUN_CVEGEO"],
            "lat": sel["LAT"],
            "lon": sel["LON"],
        }
    )


def candidates_from_agebs(
    units: pd.DataFrame, params: SitingParameters, *, scheme: str
) -> pd.DataFrame:
    """Inside cities split into AGEBs: the AGEB with the most eligible children in each square
    cell of ``ageb_cell_km`` of its locality, capped at ``max_centres_per_ageb_site`` centres.

    ``units`` are demand units with eligibility; AGEB units have a 13-character ``unit_id``.
    """
    agebs = units[units["unit_id"].str.len() == 13]
    if agebs.empty:
        return pd.DataFrame(columns=list(CANDIDATE_COLUMNS))
    loc = agebs["unit_id"].str[:9]
    lat = agebs["LAT"].to_numpy(dtype=float)
    lat0 = agebs.groupby(loc)["LAT"].transform("mean").to_numpy(dtype=float)
    km_x = agebs["LON"].to_numpy(dtype=float) * 111.32 * np.cos(np.radians(lat0))
    km_y = lat * 110.57
    cell = pd.DataFrame(
        {
            "loc": loc.to_numpy(),
            "cx": np.floor(km_x / params.ageb_cell_km).astype(np.int64),
            "cy": np.floor(km_y / params.ageb_cell_km).astype(np.int64),
            "eligible": agebs["eligible"].to_numpy(dtype=float),
        },
        index=agebs.index,
    )
    best = cell.sort_values("eligible", ascending=False, kind="stable")
    best = best[~best.duplicated(["loc", "cx", "cy"])].sort_index()
    sel = agebs.loc[best.index]
    return pd.DataFrame(
        {
            "site_id": "ageb:" + sel["unit_id"],
            "name": sel["NOM_LOC"].fillna(sel["unit_id"]),
            "kind": "ageb",
            "scheme": scheme,
            "MUN_CVEGEO": sel["MUN_CVEGEO"],
            "lat": sel["LAT"],
            "lon": sel["LON"],
            "max_centres": float(params.max_centres_per_ageb_site),
        }
    )


def candidates_from_parks(
    parks: pd.DataFrame, params: SitingParameters, *, scheme: str
) -> pd.DataFrame:
    """Industrial parks with a specific name and establishments within ``max_park_dispersion_km``."""
    keep = ~parks["nombre_generico"].astype(bool) & (
        parks["dispersion_km"].fillna(0.0) <= params.max_park_dispersion_km
    )
    sel = parks[keep].reset_index(drop=True)
    return pd.DataFrame(
        {
            "site_id": "parque:" + sel["MUN_CVEGEO"] + ":" + sel.index.astype(str),
            "name": sel["parque_industrial"],
            "kind": "industrial_park",
            "scheme": scheme,
            "MUN_CVEGEO": sel["MUN_CVEGEO"],
            "lat": sel["lat"],
            "lon": sel["lon"],
        }
    )


def candidates_from_polos(polos: pd.DataFrame, *, scheme: str) -> pd.DataFrame:
    """PODECOBI / CIIT polos (at the municipal seat: the polygons are not published)."""
    return pd.DataFrame(
        {
            "site_id": "polo:" + polos.index.astype(str),
            "name": "Polo " + polos["polo"],
            "kind": "polo",
            "scheme": scheme,
            "MUN_CVEGEO": polos["MUN_CVEGEO"],
            "lat": polos["lat"],
            "lon": polos["lon"],
        }
    )


def combine_candidates(*frames: pd.DataFrame) -> pd.DataFrame:
    """Stack candidate frames into one table with a state column and unique ids."""
    out = pd.concat([f.reindex(columns=list(CANDIDATE_COLUMNS)) for f in frames], ignore_index=True)
    out["CVE_ENT"] = out["MUN_CVEGEO"].str[:2]
    if out["site_id"].duplicated().any():
        dup = out.loc[out["site_id"].duplicated(), "site_id"].iloc[0]
        raise ValueError(f"duplicate candidate site id {dup!r}")
    return out
