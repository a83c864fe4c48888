"""Readers for INE's Censo 2018 tables of Guatemala: municipios and departamentos.

The census tables give population only (no ages, sex or employment by municipio: see
``SOURCES.md``); the pack estimates the rest (``countries/gt/estimates``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.gt.catalogue import DEPARTAMENTOS, GUATEMALA_LAT, GUATEMALA_LON, MUNICIPIOS
from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.errors import DataError


def municipal_key(code: pd.Series) -> pd.Series:
    """INE's municipal code (101 ... 2217) as the core's 4-digit key (``0101``)."""
    return code.astype(str).str.zfill(4)


def read_municipios(data_dir: Path) -> pd.DataFrame:
    """The 340 municipios: ``CVEGEO`` (4 digits), ``CVE_ENT`` (2), names, ``POBTOT``, the
    polygon centroid (``LAT``/``LON``) and ``AREA_KM2``, indexed by ``CVEGEO``."""
    cols = [
        Column("cod_muni", Kind.KEY, nullable=False),
        Column("cod_depto", Kind.KEY, nullable=False),
        Column("municipio", Kind.TEXT, nullable=False),
        Column("departamento", Kind.TEXT, nullable=False),
        Column("centroid_lon", Kind.LON, nullable=False, bounds=GUATEMALA_LON),
        Column("centroid_lat", Kind.LAT, nullable=False, bounds=GUATEMALA_LAT),
        Column("area_km2_approx", Kind.COUNT, nullable=False),
        Column("pob_total_2018", nullable=False),
    ]
    path = MUNICIPIOS.path(data_dir)
    df = read_csv_checked(path, cols)
    key = municipal_key(df["cod_muni"])
    depto = df["cod_depto"].astype(str).str.zfill(2)
    if not (key.str[:2] == depto).all():
        raise DataError(path, "cod_muni does not start with its cod_depto", column="cod_muni")
    if key.duplicated().any():
        raise DataError(path, "cod_muni repeated", column="cod_muni")
    out = pd.DataFrame(
        {
            "CVEGEO": key,
            "CVE_ENT": depto,
            "NOM_ENT": df["departamento"],
            "NOM_MUN": df["municipio"],
            "POBTOT": df["pob_total_2018"].astype(float),
            "LAT_CABECERA": df["centroid_lat"],
            "LON_CABECERA": df["centroid_lon"],
            "AREA_KM2": df["area_km2_approx"],
        }
    )
    return out.set_index("CVEGEO", drop=False)


def read_departamentos(data_dir: Path) -> pd.DataFrame:
    """The 22 departamentos: ``CVE_ENT`` (2 digits), ``NOM_ENT`` and ``POBTOT``."""
    cols = [
        Column("cod_depto", Kind.KEY, nullable=False),
        Column("departamento", Kind.TEXT, nullable=False),
        Column("n_municipios", nullable=False),
        Column("pob_total_2018", nullable=False),
    ]
    df = read_csv_checked(DEPARTAMENTOS.path(data_dir), cols)
    out = pd.DataFrame(
        {
            "CVE_ENT": df["cod_depto"].astype(str).str.zfill(2),
            "NOM_ENT": df["departamento"],
            "POBTOT": df["pob_total_2018"].astype(float),
            "N_MUN": df["n_municipios"].astype(int),
        }
    )
    return out.set_index("CVE_ENT", drop=False)
