"""Readers for the INEGI Census 2020 tables: municipalities, states, ITER localities, AGEB.

Codes stay zero-padded strings; ``*`` and ``N/D`` become NaN (never zero).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.catalogue import (
    AGEB,
    ITER_LOCALITIES,
    MEXICO_LAT,
    MEXICO_LON,
    MUNICIPAL_ITER,
    MUNICIPALITIES,
    STATES,
)
from redceci.data.readers import Column, Kind, read_csv_checked

#: Census counts the planning model uses, by their INEGI mnemonics.
CENSUS_COUNTS = (
    "POBTOT",
    "POBFEM",
    "P_0A2",
    "P_3A5",
    "P_6A11",
    "POCUPADA_F",
    "PDER_IMSS",
)
#: Counts present only for some states (NaN elsewhere).
OPTIONAL_COUNTS = ("P_12YMAS_F", "PEA_F", "PE_INAC_F", "P_15A49_F", "HOGJEF_F", "PCON_DISC")


def read_municipalities(data_dir: Path) -> pd.DataFrame:
    """All municipalities: CVEGEO, names, census counts and the seat's coordinates."""
    cols = [
        Column("CVEGEO", Kind.KEY, width=5, nullable=False),
        Column("CVE_ENT", Kind.KEY, width=2, nullable=False),
        Column("NOM_ENT", Kind.TEXT),
        Column("NOM_MUN", Kind.TEXT),
        *(Column(c) for c in CENSUS_COUNTS),
        *(Column(c, required=False) for c in OPTIONAL_COUNTS),
        Column("POCUPADA"),
        Column("LAT_CABECERA", Kind.LAT, nullable=False, bounds=MEXICO_LAT),
        Column("LON_CABECERA", Kind.LON, nullable=False, bounds=MEXICO_LON),
        Column("AREA_KM2", Kind.NUMBER, required=False),
    ]
    df = read_csv_checked(MUNICIPALITIES.path(data_dir), cols)
    return df.set_index("CVEGEO", drop=False)


#: Women's activity counts the national municipal ITER gives for every municipality.
ACTIVITY_COUNTS = ("P_12YMAS_F", "PEA_F", "P_15A49_F", "HOGJEF_F")


def read_municipal_activity(data_dir: Path) -> pd.DataFrame:
    """National municipal ITER 2020: women 12+ and economically active women (with POBTOT,
    POCUPADA_F and a few more) for all 2,469 municipalities, indexed by CVEGEO."""
    cols = [
        Column("CVEGEO_MUN", Kind.KEY, width=5, nullable=False),
        Column("POBTOT", nullable=False),
        Column("POCUPADA_F"),
        *(Column(c) for c in ACTIVITY_COUNTS),
    ]
    df = read_csv_checked(MUNICIPAL_ITER.path(data_dir), cols)
    df = df.rename(columns={"CVEGEO_MUN": "CVEGEO"})
    return df.set_index("CVEGEO", drop=False)


def with_municipal_activity(municipalities: pd.DataFrame, activity: pd.DataFrame) -> pd.DataFrame:
    """Municipalities with the women's-activity counts the census table lacks (18 states)
    taken from the national municipal ITER; counts already given are kept."""
    out = municipalities.copy()
    codes = out["CVEGEO"]
    for col in ACTIVITY_COUNTS:
        national = codes.map(activity[col])
        if col in out:
            out[col] = out[col].where(out[col].notna(), national)
        else:
            out[col] = national
    return out


def read_states(data_dir: Path) -> pd.DataFrame:
    """State totals with names, indexed by the 2-digit state code."""
    cols = [
        Column("CVE_ENT", Kind.KEY, width=2, nullable=False),
        Column("NOM_ENT", Kind.TEXT, nullable=False),
        *(Column(c) for c in ("POBTOT", "P_0A2", "P_3A5", "POCUPADA_F", "PDER_IMSS")),
        Column("PEA_F", required=False),
        Column("P_12YMAS_F", required=False),
    ]
    df = read_csv_checked(STATES.path(data_dir), cols)
    return df.set_index("CVE_ENT", drop=False)


def read_iter_localities(data_dir: Path) -> pd.DataFrame:
    """ITER locality rows (NL and Querétaro): true locality figures with coordinates.

    Returns locality rows only. Totals (``LOC`` 0000) and the summary rows 9998/9999 (one- and
    two-dwelling localities, which are also listed one by one) are dropped.
    """
    cols = [
        Column("CVEGEO", Kind.KEY, width=9, nullable=False),
        Column("ENTIDAD", Kind.KEY, width=2, nullable=False),
        Column("MUN", Kind.KEY, width=3, nullable=False),
        Column("LOC", Kind.KEY, width=4, nullable=False),
        Column("NOM_LOC", Kind.TEXT),
        Column("LAT_DEC", Kind.LAT, bounds=MEXICO_LAT),
        Column("LON_DEC", Kind.LON, bounds=MEXICO_LON),
        *(Column(c) for c in CENSUS_COUNTS),
        *(Column(c) for c in OPTIONAL_COUNTS),
    ]
    df = read_csv_checked(ITER_LOCALITIES.path(data_dir), cols)
    df = df[(df["MUN"] != "000") & ~df["LOC"].isin(["0000", "9998", "9999"])].copy()
    df["MUN_CVEGEO"] = df["ENTIDAD"] + df["MUN"]
    return df.rename(columns={"LAT_DEC": "LAT", "LON_DEC": "LON"}).reset_index(drop=True)


def read_ageb(data_dir: Path, *, level: str = "localidad") -> pd.DataFrame:
    """Urban AGEB table rows at one level (``localidad`` or ``ageb``), upper-case mnemonics.

    The file has no coordinates: locality rows are placed through the locality points.
    """
    if level not in {"entidad", "municipio", "localidad", "ageb"}:
        raise ValueError(f"unknown AGEB level {level!r}")
    cols = [
        Column("nivel", Kind.TEXT, nullable=False),
        Column("cvegeo", Kind.KEY, nullable=False),
        Column("nom_loc", Kind.TEXT),
        *(Column(c.lower()) for c in CENSUS_COUNTS),
        *(Column(c.lower()) for c in OPTIONAL_COUNTS),
    ]
    df = read_csv_checked(AGEB.path(data_dir), cols)
    df = df[df["nivel"] == level].copy()
    df.columns = [c.upper() for c in df.columns]
    df["MUN_CVEGEO"] = df["CVEGEO"].str[:5]
    return df.reset_index(drop=True)


def read_true_localities(data_dir: Path) -> pd.DataFrame:
    """True locality figures: ITER for NL and Querétaro, AGEB urban-locality totals elsewhere."""
    iter_rows = read_iter_localities(data_dir)
    ageb_rows = read_ageb(data_dir, level="localidad")
    ageb_rows = ageb_rows[~ageb_rows["MUN_CVEGEO"].isin(set(iter_rows["MUN_CVEGEO"]))]
    return pd.concat([iter_rows, ageb_rows], ignore_index=True)
