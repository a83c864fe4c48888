"""Readers for places where centres may go: PODECOBI polos and industrial parks (RETC)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.catalogue import INDUSTRIAL_PARKS, MEXICO_LAT, MEXICO_LON, POLOS
from redceci.data.readers import Column, Kind, read_csv_checked


def read_polos(data_dir: Path) -> pd.DataFrame:
    """Polos: programa, polo, CVE_ENT, MUN_CVEGEO, lat, lon (municipal seat), estatus."""
    cols = [
        Column("programa", Kind.TEXT, nullable=False),
        Column("polo", Kind.TEXT, nullable=False),
        Column("CVE_ENT", Kind.KEY, width=2, nullable=False),
        Column("CVEGEO_MUN", Kind.KEY, width=5, nullable=False),
        Column("NOM_MUN", Kind.TEXT),
        Column("lat_aprox_cabecera", Kind.LAT, nullable=False, bounds=MEXICO_LAT),
        Column("lon_aprox_cabecera", Kind.LON, nullable=False, bounds=MEXICO_LON),
        Column("estatus", Kind.TEXT),
    ]
    df = read_csv_checked(POLOS.path(data_dir), cols)
    return df.rename(
        columns={
            "CVEGEO_MUN": "MUN_CVEGEO",
            "lat_aprox_cabecera": "lat",
            "lon_aprox_cabecera": "lon",
        }
    )


def read_industrial_parks(data_dir: Path) -> pd.DataFrame:
    """RETC-derived parks: name, generic-name flag, MUN_CVEGEO, lat, lon, dispersion_km, size.

    A trailing ``*`` on the municipality code (nearest polygon used upstream) is dropped and
    recorded in ``mun_approx``.
    """
    cols = [
        Column("parque_industrial", Kind.TEXT, nullable=False),
        Column("nombre_generico", Kind.BOOL),
        Column("estado", Kind.TEXT),
        Column("municipio", Kind.TEXT),
        Column("CVEGEO_MUN", Kind.TEXT, nullable=False),
        Column("lat", Kind.LAT, nullable=False, bounds=MEXICO_LAT),
        Column("lon", Kind.LON, nullable=False, bounds=MEXICO_LON),
        Column("dispersion_km", Kind.COUNT),
        Column("n_establecimientos", Kind.COUNT),
    ]
    path = INDUSTRIAL_PARKS.path(data_dir)
    df = read_csv_checked(path, cols)
    code = df["CVEGEO_MUN"].str.rstrip("*")
    bad = ~code.str.fullmatch(r"\d{5}").fillna(False).astype(bool)
    if bad.any():
        from redceci.errors import DataError

        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(path, "not a 5-digit municipality code", row=pos + 2, column="CVEGEO_MUN")
    df["mun_approx"] = df["CVEGEO_MUN"].str.endswith("*")
    df["MUN_CVEGEO"] = code
    return df.drop(columns=["CVEGEO_MUN"])
