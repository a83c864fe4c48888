"""Checked CSV reading: missing markers, codes, coordinates and errors that name file/row/column."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.errors import DataError


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


COLS = [
    Column("CVEGEO", Kind.KEY, width=5, nullable=False),
    Column("P_0A2"),
    Column("LAT", Kind.LAT, bounds=(14.0, 33.0)),
]


def test_inegi_missing_markers_become_nan_never_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "CVEGEO,P_0A2,LAT\n01001,*,21.8\n01002,N/D,21.9\n01003,7,22.0\n")
    df = read_csv_checked(path, COLS)
    assert np.isnan(df["P_0A2"].iloc[0]) and np.isnan(df["P_0A2"].iloc[1])
    assert df["P_0A2"].iloc[2] == 7


def test_codes_are_zero_padded_strings(tmp_path: Path) -> None:
    df = read_csv_checked(write(tmp_path, "CVEGEO,P_0A2,LAT\n1001,1,21\n"), COLS)
    assert df["CVEGEO"].iloc[0] == "01001"


@pytest.mark.parametrize(
    ("body", "row", "column"),
    [
        ("01001,1,21\n01002,abc,21\n", 3, "P_0A2"),
        ("01001,1,21\n01002,-4,21\n", 3, "P_0A2"),
        ("01001,1,21\n01002,1,45.0\n", 3, "LAT"),
        ("01001,1,21\n1A-02,1,21\n", 3, "CVEGEO"),
        ("01001,1,21\n,1,21\n", 3, "CVEGEO"),
        ("0100123,1,21\n", 2, "CVEGEO"),
    ],
)
def test_bad_values_name_file_row_and_column(
    tmp_path: Path, body: str, row: int, column: str
) -> None:
    path = write(tmp_path, "CVEGEO,P_0A2,LAT\n" + body, "bad.csv.gz")
    with pytest.raises(DataError) as info:
        read_csv_checked(path, COLS)
    err = info.value
    assert (err.path, err.row, err.column) == (path, row, column)
    assert "bad.csv.gz" in str(err) and f"row {row}" in str(err) and column in str(err)


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "CVEGEO,LAT\n01001,21\n")
    with pytest.raises(DataError, match="'P_0A2'"):
        read_csv_checked(path, COLS)


def test_missing_file_says_where_to_point(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="REDCECI_DATA"):
        read_csv_checked(tmp_path / "nope.csv", COLS)


def test_truncated_gzip_is_a_data_error(tmp_path: Path) -> None:
    rows = "".join(f"{i:05d},{i * 7919 % 1000},{14 + i % 19}\n" for i in range(1, 5000))
    good = write(tmp_path, "CVEGEO,P_0A2,LAT\n" + rows, "g.csv.gz")
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(good.read_bytes()[:200])
    with pytest.raises(DataError, match=r"broken\.csv\.gz"):
        read_csv_checked(broken, COLS)
