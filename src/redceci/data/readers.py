"""Checked CSV reading: declared columns, INEGI missing markers, keys and coordinates.

Every failure raises ``DataError`` naming the file, the row (line in the file) and the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from redceci.errors import DataError

#: Markers INEGI and others use for "no value": suppressed (*), not available (N/D), dash, blank.
MISSING_MARKERS = frozenset({"", "*", "N/D", "ND", "-", "NA", "nan"})


class Kind(StrEnum):
    """What a column holds, and so how it is checked and converted."""

    KEY = "key"  # code kept as a zero-padded string (CVEGEO and its parts; AGEB has letters)
    COUNT = "count"  # non-negative number; missing markers become NaN, never zero
    NUMBER = "number"  # any real number; missing markers become NaN
    TEXT = "text"
    LAT = "lat"
    LON = "lon"
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    """A declared column of a data file."""

    name: str
    kind: Kind = Kind.COUNT
    width: int | None = None  # KEY: exact number of digits after zero-padding
    required: bool = True  # the column must be present in the header
    nullable: bool = True  # missing values are allowed
    bounds: tuple[float, float] | None = None  # LAT/LON/NUMBER: allowed range


def read_csv_checked(
    path: Path,
    columns: Sequence[Column],
    *,
    encoding: str = "utf-8",
    sep: str = ",",
) -> pd.DataFrame:
    """Read ``path`` keeping only ``columns``, each checked and converted by its kind.

    Raises
    ------
    DataError
        The file is missing or unreadable, a required column is absent, or a value does not
        fit its column (the first offending row is named).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found (set REDCECI_DATA or --data to the data folder)")
    try:
        header = pd.read_csv(path, nrows=0, sep=sep, encoding=encoding).columns
    except (UnicodeDecodeError, pd.errors.ParserError, OSError, EOFError) as exc:
        raise DataError(path, f"cannot read the header: {exc}", row=1) from exc
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        raise DataError(
            path, "required column is missing from the header", row=1, column=missing[0]
        )
    try:
        raw = pd.read_csv(
            path,
            sep=sep,
            encoding=encoding,
            dtype=str,
            keep_default_na=False,
            usecols=[c.name for c in columns if c.name in header],
        )
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError, EOFError) as exc:
        raise DataError(path, f"malformed CSV: {exc}") from exc
    return check_frame(path, raw, columns)


def check_frame(path: Path, raw: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """Check and convert a frame of text read from ``path`` (row 1 = header, as in a CSV)."""
    for col in columns:
        if col.required and col.name not in raw:
            raise DataError(path, "required column is missing", row=1, column=col.name)
    out = {}
    for col in columns:
        if col.name in raw:
            out[col.name] = _convert(path, raw[col.name].fillna("").astype(str), col)
        else:
            out[col.name] = pd.Series(np.nan, index=raw.index, dtype="float64")
    return pd.DataFrame(out, index=raw.index)


def _fail(path: Path, values: pd.Series, bad: np.ndarray, col: Column, reason: str) -> DataError:
    pos = int(np.flatnonzero(bad)[0])
    return DataError(path, f"{reason} (value {values.iloc[pos]!r})", row=pos + 2, column=col.name)


def _convert(path: Path, values: pd.Series, col: Column) -> pd.Series:
    stripped = values.str.strip()
    missing = stripped.isin(MISSING_MARKERS).to_numpy()
    if not col.nullable and missing.any():
        raise _fail(path, values, missing, col, "value is missing")
    if col.kind is Kind.TEXT:
        return stripped.where(~missing, None)
    if col.kind is Kind.BOOL:
        lowered = stripped.str.lower()
        ok = lowered.isin({"true", "false", "1", "0"}).to_numpy() | missing
        if not ok.all():
            raise _fail(path, values, ~ok, col, "not a boolean")
        return lowered.isin({"true", "1"})
    if col.kind is Kind.KEY:
        digits = stripped.str.fullmatch(r"[0-9A-Z]+").fillna(False).to_numpy(dtype=bool)
        bad = ~digits & ~missing
        if bad.any():
            raise _fail(path, values, bad, col, "code is not made of digits (and capital letters)")
        padded = stripped.str.zfill(col.width) if col.width else stripped
        if col.width:
            too_long = (padded.str.len() != col.width).to_numpy() & ~missing
            if too_long.any():
                raise _fail(path, values, too_long, col, f"code is longer than {col.width} digits")
        return padded.where(~missing, None)
    numbers = pd.to_numeric(stripped.where(~missing, None), errors="coerce").astype("float64")
    bad = numbers.isna().to_numpy() & ~missing
    if bad.any():
        raise _fail(path, values, bad, col, "not a number")
    arr = numbers.to_numpy()
    if col.kind is Kind.COUNT:
        neg = (arr < 0) & ~missing
        if neg.any():
            raise _fail(path, values, neg, col, "count is negative")
    bounds = col.bounds
    if bounds is None and col.kind is Kind.LAT:
        bounds = (-90.0, 90.0)
    if bounds is None and col.kind is Kind.LON:
        bounds = (-180.0, 180.0)
    if bounds is not None:
        out = ((arr < bounds[0]) | (arr > bounds[1])) & ~missing
        if out.any():
            raise _fail(path, values, out, col, f"outside the allowed range {bounds}")
    return numbers
