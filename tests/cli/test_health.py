"""``redceci health zscores`` and ``health foods-check``: what they write, and bad rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from redceci.cli import app

HEADER = "id,sex,birth_date,measured_on,weight_kg,length_cm,position\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_zscores_adds_the_who_scores_and_flags_to_every_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER + "1,M,2025-01-01,2026-01-01,9.5,75.2,L\n2,M,2025-01-01,2026-01-01,9.5,74.5,H\n",
        encoding="utf-8",
    )
    code, out, _ = run("health", "zscores", str(source), "--out", str(tmp_path / "out.csv"))
    assert code == 0, out
    table = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    first = table.iloc[0]
    assert (first["zwei"], first["zlen"], first["zwfl"]) == ("-0.14", "-0.23", "-0.06")
    assert (first["fwei"], first["flen"], first["fwfl"], first["fbmi"]) == ("0", "0", "0", "0")
    # standing under 2 years: +0.7 cm, so 74.5 standing scores as 75.2 lying
    assert table.iloc[1]["zlen"] == "-0.23"
    assert list(table["id"]) == ["1", "2"]


def test_a_bad_row_is_named_and_the_others_are_computed(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER + "1,M,2025-01-01,2026-01-01,9.5,75.2,L\n"
        "2,F,2024-03-10,2026-06-01,abc,86.0,H\n"
        "3,M,2025-01-01,2024-01-01,9.5,75.2,L\n"
        "4,M,2025-01-01,2026-01-01,9.5,300,L\n",
        encoding="utf-8",
    )
    code, out, err = run("health", "zscores", str(source), "--out", str(tmp_path / "o.csv"))
    assert code == 0
    err = " ".join(err.split())
    assert "row 3, column 'weight_kg': not a number" in err
    assert "row 4, column 'measured_on'" in err and "row 5, column 'length_cm'" in err
    table = pd.read_csv(tmp_path / "o.csv", dtype=str, keep_default_na=False)
    assert table["zwei"].tolist() == ["-0.14", "", "", ""]
    assert table["error"].iloc[3].startswith("length_cm: implausible measurement 300 cm")
    assert "1 of 4 rows computed" in out


def test_implausible_z_is_flagged_and_left_empty(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "1,M,2025-01-01,2026-01-01,30,75,L\n", encoding="utf-8")
    run("health", "zscores", str(source), "--out", str(tmp_path / "o.csv"))
    row = pd.read_csv(tmp_path / "o.csv", dtype=str, keep_default_na=False).iloc[0]
    assert (row["zwei"], row["fwei"], row["zlen"], row["flen"]) == ("", "1", "-0.31", "0")


def test_a_missing_column_stops_with_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("sex,birth_date\nM,2025-01-01\n", encoding="utf-8")
    code, _, err = run("health", "zscores", str(source), "--out", str(tmp_path / "o.csv"))
    assert code == 2 and "measured_on" in err


def test_the_composition_table_matches_its_foodata_central_copy() -> None:
    code, out, _ = run("health", "foods-check")
    assert code == 0 and "0 not found, 0 values differ" in out
