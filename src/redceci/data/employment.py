"""Reader for IMSS insured workers by state and month."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.catalogue import INSURED_WORKERS
from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.errors import DataError


def read_insured_workers(data_dir: Path) -> pd.DataFrame:
    """Rows (periodo 'YYYY-MM', CVE_ENT with '00' = national, NOM_ENT, asegurados)."""
    cols = [
        Column("periodo", Kind.TEXT, nullable=False),
        Column("CVE_ENT", Kind.KEY, width=2, nullable=False),
        Column("NOM_ENT", Kind.TEXT),
        Column("asegurados", Kind.COUNT, nullable=False),
    ]
    path = INSURED_WORKERS.path(data_dir)
    df = read_csv_checked(path, cols)
    bad = ~df["periodo"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").fillna(False).astype(bool)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(path, "period is not YYYY-MM", row=pos + 2, column="periodo")
    return df
