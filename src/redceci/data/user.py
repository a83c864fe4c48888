"""Readers for files users bring: registered centres, proposed sites, travel-time tables.

CSV or GeoJSON for centres and sites; CSV or Parquet for travel times.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from redceci.data.readers import Column, Kind, check_frame, read_csv_checked
from redceci.errors import DataError

CENTRE_STATUSES = ("operating", "planned")
SCHEMES = ("CECI IMSS", "CECI Empresa")


def _geojson_points(path: Path) -> pd.DataFrame:
    """Point features' properties plus lat/lon, as text, ready for the CSV checks."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(path, f"not valid GeoJSON: {exc}") from exc
    rows = []
    for n, feat in enumerate(doc.get("features", []) if isinstance(doc, dict) else [], start=1):
        geom = feat.get("geometry") or {}
        coords = geom.get("coordinates")
        if geom.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
            raise DataError(path, "feature is not a Point", row=n, column="geometry")
        props = {k: "" if v is None else str(v) for k, v in (feat.get("properties") or {}).items()}
        props["lon"], props["lat"] = str(coords[0]), str(coords[1])
        rows.append(props)
    return pd.DataFrame(rows, dtype=str)


def _read_points(path: Path, columns: list[Column]) -> pd.DataFrame:
    path = Path(path)
    if path.suffix.lower() in {".geojson", ".json"}:
        if not path.is_file():
            raise DataError(path, "file not found")
        return check_frame(path, _geojson_points(path), columns)
    return read_csv_checked(path, columns)


def _check_choice(path: Path, df: pd.DataFrame, column: str, allowed: tuple[str, ...]) -> None:
    bad = ~df[column].isin(allowed)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            path,
            f"{df[column].iloc[pos]!r} is not one of {', '.join(allowed)}",
            row=pos + 2,
            column=column,
        )


def read_registered_centres(path: Path) -> pd.DataFrame:
    """Centres a user registers: id, name, lat, lon, places, status, scheme.

    ``status`` is ``operating`` (counted as supply) or ``planned`` (kept in every plan).
    """
    cols = [
        Column("id", Kind.TEXT, nullable=False),
        Column("name", Kind.TEXT),
        Column("lat", Kind.LAT, nullable=False),
        Column("lon", Kind.LON, nullable=False),
        Column("places", Kind.COUNT, nullable=False),
        Column("status", Kind.TEXT, nullable=False),
        Column("scheme", Kind.TEXT, nullable=False),
    ]
    df = _read_points(path, cols)
    _check_choice(Path(path), df, "status", CENTRE_STATUSES)
    _check_choice(Path(path), df, "scheme", SCHEMES)
    return df


def read_user_sites(path: Path) -> pd.DataFrame:
    """Candidate sites a user proposes (a company's plot): id, name, lat, lon, scheme."""
    cols = [
        Column("id", Kind.TEXT, nullable=False),
        Column("name", Kind.TEXT),
        Column("lat", Kind.LAT, nullable=False),
        Column("lon", Kind.LON, nullable=False),
        Column("scheme", Kind.TEXT, nullable=False),
    ]
    df = _read_points(path, cols)
    _check_choice(Path(path), df, "scheme", SCHEMES)
    return df


def read_travel_table(path: Path) -> pd.DataFrame:
    """An origin-destination table: ``origin``, ``destination`` (ids), ``minutes``."""
    path = Path(path)
    cols = [
        Column("origin", Kind.TEXT, nullable=False),
        Column("destination", Kind.TEXT, nullable=False),
        Column("minutes", Kind.COUNT, nullable=False),
    ]
    if path.suffix.lower() == ".parquet":
        if not path.is_file():
            raise DataError(path, "file not found")
        try:
            df = pd.read_parquet(path, columns=["origin", "destination", "minutes"])
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(path, f"cannot read Parquet table: {exc}") from exc
        minutes = pd.to_numeric(df["minutes"], errors="coerce")
        bad = minutes.isna() | (minutes < 0)
        if bad.any():
            pos = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(path, "minutes must be a number >= 0", row=pos + 2, column="minutes")
        return df.assign(
            origin=df["origin"].astype(str),
            destination=df["destination"].astype(str),
            minutes=minutes.astype(float),
        )
    return read_csv_checked(path, cols)
