"""Readers for files users bring: registered centres, proposed sites, plots offered for centres,
travel-time tables.

CSV (UTF-8, with or without BOM; comma or semicolon) or GeoJSON points for centres and sites;
CSV or Parquet for travel times. Every problem raises ``DataError`` naming the file, the row
and the column. Rows are counted as the user sees them: in a CSV the line number (header = 1,
first record = 2); in GeoJSON the feature number and in Parquet the record number (first = 1).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from redceci.data.readers import Column, Kind, check_frame, read_csv_checked
from redceci.errors import DataError

CENTRE_STATUSES = ("operating", "planned")
SCHEMES = ("CECI IMSS", "CECI Empresa")
GEOJSON_SUFFIXES = (".geojson", ".json")
CSV_SUFFIXES = (".csv", ".txt", ".gz")
PARQUET_SUFFIXES = (".parquet", ".pq")


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise DataError(path, "file not found")


def _csv_separator(path: Path) -> str:
    """``;`` when the header uses it and no comma (spreadsheets in Spanish locales)."""
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline()
    except (OSError, EOFError) as exc:
        raise DataError(path, f"cannot read the file: {exc}", row=1) from exc
    return ";" if ";" in header and "," not in header else ","


def _read_user_csv(path: Path, columns: list[Column]) -> pd.DataFrame:
    return read_csv_checked(path, columns, encoding="utf-8-sig", sep=_csv_separator(path))


def _geojson_points(path: Path) -> pd.DataFrame:
    """Point features' properties plus lat/lon, as text, ready for the CSV checks."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(path, f"not valid GeoJSON: {exc}") from exc
    if (
        not isinstance(doc, dict)
        or doc.get("type") != "FeatureCollection"
        or not isinstance(doc.get("features"), list)
    ):
        raise DataError(path, "not a GeoJSON FeatureCollection")
    rows = []
    for n, feat in enumerate(doc["features"], start=1):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise DataError(path, f"feature {n} is not a GeoJSON Feature", row=n)
        geom = feat.get("geometry") or {}
        coords = geom.get("coordinates") if isinstance(geom, dict) else None
        if (
            not isinstance(geom, dict)
            or geom.get("type") != "Point"
            or not isinstance(coords, list)
            or len(coords) < 2
        ):
            raise DataError(path, f"feature {n} is not a Point", row=n, column="geometry")
        raw_props = feat.get("properties") or {}
        if not isinstance(raw_props, dict):
            raise DataError(path, f"feature {n} has no properties object", row=n)
        props = {k: "" if v is None else str(v) for k, v in raw_props.items()}
        props["lon"], props["lat"] = str(coords[0]), str(coords[1])
        rows.append(props)
    return pd.DataFrame(rows, dtype=str)


def _read_points(path: Path, columns: list[Column]) -> pd.DataFrame:
    path = Path(path)
    _require_file(path)
    suffix = path.suffix.lower()
    if suffix in GEOJSON_SUFFIXES:
        raw = _geojson_points(path)
        try:
            df = check_frame(path, raw, columns)
        except DataError as exc:  # check_frame counts rows as CSV lines: make them features
            if exc.row is None:
                raise
            if exc.row < 2:
                raise DataError(
                    path, "required property is missing from every feature", column=exc.column
                ) from exc
            n = exc.row - 1
            raise DataError(path, f"{exc.reason} (feature {n})", row=n, column=exc.column) from exc
    elif suffix in CSV_SUFFIXES:
        df = _read_user_csv(path, columns)
    else:
        raise DataError(path, f"unsupported file type {suffix or '(none)'!r}: use CSV or GeoJSON")
    _check_not_empty(path, df)
    _check_unique(path, df, ["id"], first_row=1 if suffix in GEOJSON_SUFFIXES else 2)
    names = df["name"].astype(object)
    return df.assign(name=names.where(names.notna(), None))


def _check_not_empty(path: Path, df: pd.DataFrame) -> None:
    if df.empty:
        raise DataError(path, "the file has no records")


def _check_unique(path: Path, df: pd.DataFrame, keys: list[str], *, first_row: int) -> None:
    dup = df.duplicated(subset=keys, keep="first").to_numpy()
    if dup.any():
        pos = int(np.flatnonzero(dup)[0])
        value = ", ".join(str(df[k].iloc[pos]) for k in keys)
        first = int(np.flatnonzero((df[keys] == df[keys].iloc[pos]).all(axis=1).to_numpy())[0])
        raise DataError(
            path,
            f"duplicate {' and '.join(keys)} ({value}), first in row {first + first_row}",
            row=pos + first_row,
            column=keys[-1],
        )


def _check_choice(
    path: Path, df: pd.DataFrame, column: str, allowed: tuple[str, ...], *, first_row: int
) -> None:
    bad = ~df[column].isin(allowed)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            path,
            f"{df[column].iloc[pos]!r} is not one of {', '.join(allowed)}",
            row=pos + first_row,
            column=column,
        )


def _first_row(path: Path) -> int:
    """Row number of the first record: 1 for GeoJSON features, 2 for CSV (after the header)."""
    return 1 if Path(path).suffix.lower() in GEOJSON_SUFFIXES else 2


def read_registered_centres(path: Path) -> pd.DataFrame:
    """Centres a user registers: id, name, lat, lon, places, status, scheme.

    ``status`` is ``operating`` (counted as supply) or ``planned`` (kept in every plan);
    ``places`` is a whole number of at least 1; ``id`` is unique; ``name`` may be left out.
    """
    path = Path(path)
    cols = [
        Column("id", Kind.TEXT, nullable=False),
        Column("name", Kind.TEXT, required=False),
        Column("lat", Kind.LAT, nullable=False),
        Column("lon", Kind.LON, nullable=False),
        Column("places", Kind.COUNT, nullable=False),
        Column("status", Kind.TEXT, nullable=False),
        Column("scheme", Kind.TEXT, nullable=False),
    ]
    df = _read_points(path, cols)
    first = _first_row(path)
    places = df["places"].to_numpy(dtype=float)
    bad = ~np.isfinite(places) | (places < 1) | (places != np.floor(places))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(
            path,
            f"places must be a whole number of at least 1 (value {places[pos]!r})",
            row=pos + first,
            column="places",
        )
    _check_choice(path, df, "status", CENTRE_STATUSES, first_row=first)
    _check_choice(path, df, "scheme", SCHEMES, first_row=first)
    return df.assign(places=df["places"].astype("int64"))


def read_user_sites(path: Path) -> pd.DataFrame:
    """Candidate sites a user proposes (a company's plot): id, name, lat, lon, scheme.

    ``id`` is unique; ``name`` may be left out.
    """
    path = Path(path)
    cols = [
        Column("id", Kind.TEXT, nullable=False),
        Column("name", Kind.TEXT, required=False),
        Column("lat", Kind.LAT, nullable=False),
        Column("lon", Kind.LON, nullable=False),
        Column("scheme", Kind.TEXT, nullable=False),
    ]
    df = _read_points(path, cols)
    _check_choice(path, df, "scheme", SCHEMES, first_row=_first_row(path))
    return df


TRAVEL_COLUMNS = ("origin", "destination", "minutes")


def read_travel_table(path: Path) -> pd.DataFrame:
    """An origin-destination table: ``origin``, ``destination`` (text ids), ``minutes``.

    Origins are demand-unit ids, destinations provider or candidate-site ids; ids are text
    (zero-padded codes keep their zeros). Minutes are finite and non-negative; each pair
    appears once. Other columns are ignored.
    """
    path = Path(path)
    _require_file(path)
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        df, first = _read_parquet_table(path), 1
    elif suffix in CSV_SUFFIXES:
        cols = [
            Column("origin", Kind.TEXT, nullable=False),
            Column("destination", Kind.TEXT, nullable=False),
            Column("minutes", Kind.COUNT, nullable=False),
        ]
        df, first = _read_user_csv(path, cols), 2
    else:
        raise DataError(path, f"unsupported file type {suffix or '(none)'!r}: use CSV or Parquet")
    _check_not_empty(path, df)
    minutes = df["minutes"].to_numpy(dtype=float)
    if not np.isfinite(minutes).all():
        pos = int(np.flatnonzero(~np.isfinite(minutes))[0])
        raise DataError(
            path,
            f"minutes must be a finite number >= 0 (value {minutes[pos]!r})",
            row=pos + first,
            column="minutes",
        )
    _check_unique(path, df, ["origin", "destination"], first_row=first)
    return df.reset_index(drop=True)


def _read_parquet_table(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise DataError(path, f"cannot read Parquet table: {exc}") from exc
    for name in TRAVEL_COLUMNS:
        if name not in schema.names:
            raise DataError(path, "required column is missing", column=name)
    for name in ("origin", "destination"):
        kind = schema.field(name).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise DataError(
                path,
                f"ids must be text (zero-padded codes keep their zeros), not {kind}",
                column=name,
            )
    try:
        df = pq.read_table(path, columns=list(TRAVEL_COLUMNS)).to_pandas()
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise DataError(path, f"cannot read Parquet table: {exc}") from exc
    for name in ("origin", "destination"):
        ids = df[name]
        bad = (ids.isna() | (ids.astype(str).str.strip() == "")).to_numpy()
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise DataError(path, f"value is missing (record {pos + 1})", row=pos + 1, column=name)
    minutes = pd.to_numeric(df["minutes"], errors="coerce")
    bad = (minutes.isna() | (minutes < 0)).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(
            path,
            f"minutes must be a number >= 0 (value {df['minutes'].iloc[pos]!r}, record {pos + 1})",
            row=pos + 1,
            column="minutes",
        )
    return pd.DataFrame(
        {
            "origin": df["origin"].astype(str).str.strip(),
            "destination": df["destination"].astype(str).str.strip(),
            "minutes": minutes.astype(float),
        }
    )


PLOT_STATUSES = ("offered", "validated", "donated", "under_construction", "operating", "rejected")


def read_plots(path: Path) -> pd.DataFrame:
    """Plots offered for centres: id, name, lat, lon, area_m2, status, status_date, scheme.

    ``status`` is offered, validated, donated, under_construction, operating or rejected;
    ``status_date`` (YYYY-MM-DD, may be left out) is when the plot reached it; ``area_m2`` is
    positive; ``scheme`` may be left out (CECI IMSS).
    """
    path = Path(path)
    cols = [
        Column("id", Kind.TEXT, nullable=False),
        Column("name", Kind.TEXT, required=False),
        Column("lat", Kind.LAT, nullable=False),
        Column("lon", Kind.LON, nullable=False),
        Column("area_m2", Kind.COUNT, nullable=False),
        Column("status", Kind.TEXT, nullable=False),
        Column("status_date", Kind.TEXT, required=False),
        Column("scheme", Kind.TEXT, required=False),
    ]
    df = _read_points(path, cols)
    first = _first_row(path)
    area = df["area_m2"].to_numpy(dtype=float)
    if (area <= 0).any():
        pos = int(np.flatnonzero(area <= 0)[0])
        raise DataError(path, "area_m2 must be positive", row=pos + first, column="area_m2")
    _check_choice(path, df, "status", PLOT_STATUSES, first_row=first)
    scheme = df["scheme"].where(df["scheme"].notna(), SCHEMES[0])
    df = df.assign(scheme=scheme)
    _check_choice(path, df, "scheme", SCHEMES, first_row=first)
    dates = pd.to_datetime(df["status_date"], format="%Y-%m-%d", errors="coerce")
    bad = (dates.isna() & df["status_date"].notna()).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(
            path,
            f"not a date YYYY-MM-DD (value {df['status_date'].iloc[pos]!r})",
            row=pos + first,
            column="status_date",
        )
    days = [None if pd.isna(d) else d.date() for d in dates]
    return df.assign(status_date=pd.Series(days, index=df.index, dtype=object))
