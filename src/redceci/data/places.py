"""Reader for INEGI's locality points (urban and rural block localities, whole country)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.catalogue import LOCALITY_POINTS, MEXICO_LAT, MEXICO_LON
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
