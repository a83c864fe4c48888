"""Readers for INEGI's Marco Geoestadístico points: localities (urban and rural block
localities, whole country) and urban AGEBs (27 states, population for 17 of them)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.catalogue import AGEB_POINTS, LOCALITY_POINTS, MEXICO_LAT, MEXICO_LON
from redceci.data.readers import Column, Kind, read_csv_checked


def read_locality_points(data_dir: Path) -> pd.DataFrame:
    """Active localities with coordinates: CVEGEO, MUN_CVEGEO, NOM_LOC, URBAN, LAT, LON, POBTOT.

    Inactive rows (``ESTATUS=0``, no coordinates) are dropped; a missing population (``-``)
    is kept as NaN and counted as zero people by the demand model.
    """
    cols = [
        Column("CVEGEO", Kind.KEY, width=9, nullable=False),
        Column("NOM_LOC", Kind.TEXT),
        Column("AMBITO", Kind.TEXT),
        Column("LAT", Kind.LAT, bounds=MEXICO_LAT),
        Column("LON", Kind.LON, bounds=MEXICO_LON),
        Column("POBTOT"),
        Column("ESTATUS", Kind.KEY, nullable=False),
    ]
    df = read_csv_checked(LOCALITY_POINTS.path(data_dir), cols)
    df = df[(df["ESTATUS"] == "1") & df["LAT"].notna() & df["LON"].notna()].copy()
    df["MUN_CVEGEO"] = df["CVEGEO"].str[:5]
    df["URBAN"] = df["AMBITO"].eq("URBANO")
    return df.drop(columns=["ESTATUS", "AMBITO"]).reset_index(drop=True)


def read_ageb_points(data_dir: Path) -> pd.DataFrame:
    """Urban AGEBs: CVEGEO (13 characters), LOC_CVEGEO, MUN_CVEGEO, CVE_ENT, LAT, LON,
    AREA_KM2, and the census population where INEGI's service gave it (``pobtot``/``pobfem``
    as POBTOT_AGEB/POBFEM_AGEB, NaN elsewhere)."""
    cols = [
        Column("CVEGEO", Kind.KEY, width=13, nullable=False),
        Column("lat", Kind.LAT, nullable=False, bounds=MEXICO_LAT),
        Column("lon", Kind.LON, nullable=False, bounds=MEXICO_LON),
        Column("area_km2", Kind.COUNT, nullable=False),
        Column("pobtot"),
        Column("pobfem"),
    ]
    df = read_csv_checked(AGEB_POINTS.path(data_dir), cols)
    df = df.rename(
        columns={
            "lat": "LAT",
            "lon": "LON",
            "area_km2": "AREA_KM2",
            "pobtot": "POBTOT_AGEB",
            "pobfem": "POBFEM_AGEB",
        }
    )
    df["LOC_CVEGEO"] = df["CVEGEO"].str[:9]
    df["MUN_CVEGEO"] = df["CVEGEO"].str[:5]
    df["CVE_ENT"] = df["CVEGEO"].str[:2]
    return df.reset_index(drop=True)
