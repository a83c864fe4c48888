"""Reader for a user's file of real municipal counts, replacing the pack's estimates.

CSV with ``cod_muni`` (INE code, e.g. 101) and any of ``children_0_4``, ``employed_women``,
``insured``, ``care_places``: each given value replaces the estimate for that municipio; empty
cells keep the estimate. Errors name the file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.gt.census import municipal_key
from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.errors import DataError

#: The counts a user may give (at least one), in the order of the estimates they replace.
COUNTS = ("children_0_4", "employed_women", "insured", "care_places")


def read_counts(path: Path) -> pd.DataFrame:
    """The user's counts indexed by the 4-digit ``CVEGEO``; columns are the ``COUNTS`` given
    (NaN where a cell is empty)."""
    cols = [
        Column("cod_muni", Kind.KEY, nullable=False),
        *(Column(c, Kind.COUNT, required=False) for c in COUNTS),
    ]
    df = read_csv_checked(path, cols)
    header = set(pd.read_csv(path, nrows=0).columns)
    given = [c for c in COUNTS if c in header]
    if not given:
        raise DataError(path, f"no count column; give any of {', '.join(COUNTS)}")
    key = municipal_key(df["cod_muni"])
    if key.duplicated().any():
        row = int(key.duplicated().to_numpy().nonzero()[0][0]) + 2
        raise DataError(path, "cod_muni repeated", row=row, column="cod_muni")
    out = df[given].astype(float)
    out.index = pd.Index(key, name="CVEGEO")
    return out
