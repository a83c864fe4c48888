"""Mexico's candidate sites: urban and larger rural localities, one AGEB per cell inside cities
split into AGEBs, industrial parks and PODECOBI / CIIT polos; each tagged with the ``scheme``
its caller gives (the pack's ``SCHEMES``: CECI IMSS near homes, CECI Empresa near
workplaces)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.planning.candidates import CANDIDATE_COLUMNS
from redceci.planning.parameters import SitingParameters

__all__ = [
    "candidates_from_agebs",
    "candidates_from_localities",
    "candidates_from_parks",
    "candidates_from_polos",
]


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
