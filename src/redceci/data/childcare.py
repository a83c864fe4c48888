"""Reader for DENUE childcare establishments (guarderías, public and private)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.catalogue import CHILDCARE, MEXICO_LAT, MEXICO_LON
from redceci.data.readers import Column, Kind, read_csv_checked


def read_childcare(data_dir: Path) -> pd.DataFrame:
    """DENUE guarderías: denue_id, scian, sector, per_ocu (staff band), MUN_CVEGEO, lat, lon.

    Elder-care and disability residences in the same file are left out.
    """
    cols = [
        Column("denue_id", Kind.KEY, nullable=False),
        Column("scian", Kind.KEY, width=6, nullable=False),
        Column("categoria", Kind.TEXT, nullable=False),
        Column("sector", Kind.TEXT),
        Column("per_ocu", Kind.TEXT),
        Column("CVEGEO_MUN", Kind.KEY, width=5, nullable=False),
        Column("lat", Kind.LAT, nullable=False, bounds=MEXICO_LAT),
        Column("lon", Kind.LON, nullable=False, bounds=MEXICO_LON),
    ]
    df = read_csv_checked(CHILDCARE.path(data_dir), cols)
    df = df[df["categoria"] == "guarderia"].drop(columns=["categoria"])
    return df.rename(columns={"CVEGEO_MUN": "MUN_CVEGEO"}).reset_index(drop=True)
