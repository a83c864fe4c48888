"""A file of child measurements for z-scores (``redceci health zscores``): columns ``sex`` (F/M),
``birth_date`` and ``measured_on`` (ISO dates), ``weight_kg``, ``length_cm`` and optional
``position`` (L lying, H standing). Rows are read one by one: a row that cannot be read gets an
error naming its row (line in the file) and column, and the other rows are kept."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.errors import DataError

REQUIRED = ("sex", "birth_date", "measured_on", "weight_kg", "length_cm")
OPTIONAL = ("position",)


@dataclass(frozen=True)
class RowError:
    row: int  # line in the file (header = 1)
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.reason}"


@dataclass(frozen=True)
class Measurements:
    """The file as read (text, every column kept) and the parsed values; rows with an error have
    ``ok`` False and NaN/empty values."""

    raw: pd.DataFrame
    sex: list[str]
    age_days: list[int]
    weight_kg: list[float]
    length_cm: list[float]
    position: list[str]
    ok: list[bool]
    errors: list[RowError]


def _number(
    text: str, column: str, row: int, errors: list[RowError], *, low: float, high: float, unit: str
) -> float:
    if text.strip() == "":
        return math.nan  # not measured: that indicator is left empty
    try:
        value = float(text)
    except ValueError:
        errors.append(RowError(row, column, f"not a number: {text!r}"))
        return math.nan
    if not low <= value <= high:
        errors.append(
            RowError(
                row, column, f"implausible measurement {value:g} {unit} (accepted {low:g}-{high:g})"
            )
        )
        return math.nan
    return value


def _date(text: str, column: str, row: int, errors: list[RowError]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        errors.append(RowError(row, column, f"not an ISO date (YYYY-MM-DD): {text!r}"))
        return None


#: Accepted ranges for a measurement to be read at all (beyond: an implausible measurement,
#: rejected with its row). ASSUMPTION: wide physical limits for 0-5 year olds, looser than WHO's
#: z-score flags which judge plausibility for the age.
WEIGHT_KG = (0.5, 60.0)
LENGTH_CM = (35.0, 150.0)


def read_measurements(path: Path) -> Measurements:
    """Read ``path``; a missing file or a missing required column is a ``DataError`` (nothing can
    be computed), a bad value is a ``RowError`` for its row only."""
    if not path.is_file():
        raise DataError(path, "file not found")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError) as exc:
        raise DataError(path, f"malformed CSV: {exc}") from exc
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise DataError(
            path, "required column is missing from the header", row=1, column=missing[0]
        )
    out: dict[str, list[Any]] = {k: [] for k in ("sex", "age", "w", "h", "pos", "ok")}
    errors: list[RowError] = []
    for i, record in enumerate(raw.to_dict("records"), start=2):
        row_errors: list[RowError] = []
        sex = str(record["sex"]).strip().upper()
        if sex not in ("F", "M"):
            row_errors.append(RowError(i, "sex", f"must be F or M, not {record['sex']!r}"))
        birth = _date(str(record["birth_date"]), "birth_date", i, row_errors)
        measured = _date(str(record["measured_on"]), "measured_on", i, row_errors)
        age = -1
        if birth and measured:
            age = (measured - birth).days
            if age < 0:
                row_errors.append(RowError(i, "measured_on", "measured before the birth date"))
        weight = _number(
            str(record["weight_kg"]),
            "weight_kg",
            i,
            row_errors,
            low=WEIGHT_KG[0],
            high=WEIGHT_KG[1],
            unit="kg",
        )
        length = _number(
            str(record["length_cm"]),
            "length_cm",
            i,
            row_errors,
            low=LENGTH_CM[0],
            high=LENGTH_CM[1],
            unit="cm",
        )
        position = str(record.get("position", "") or "").strip().upper()
        if position not in ("", "L", "H"):
            row_errors.append(RowError(i, "position", f"must be L, H or empty, not {position!r}"))
            position = ""
        ok = not row_errors
        errors += row_errors
        out["sex"].append(sex if ok else "")
        out["age"].append(age if ok else -1)
        out["w"].append(weight if ok else math.nan)
        out["h"].append(length if ok else math.nan)
        out["pos"].append(position)
        out["ok"].append(ok)
    return Measurements(
        raw, out["sex"], out["age"], out["w"], out["h"], out["pos"], out["ok"], errors
    )
