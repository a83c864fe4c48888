"""The insurance file setting: the app reads the IMSS coverage file once at start-up and gives
it to enrolment rounds; a malformed file stops the start-up naming its row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from redceci.app import create_app
from redceci.countries.mx.identity import nss_check_digit
from redceci.errors import DataError
from redceci.settings import Settings
from redceci.store.db import Database


def _nss(first_ten: str) -> str:
    return first_ten + str(nss_check_digit(first_ten))


def test_the_coverage_file_reaches_the_rounds(
    settings: Settings, tmp_path: Path, database: Database
) -> None:
    insured, left = _nss("1234567890"), _nss("9876543210")
    path = tmp_path / "vigencia.csv"
    path.write_text(
        f"nss,status,coverage_end,employer\n{insured},vigente,,\n{left},baja,2026-01-31,\n"
    )
    app = create_app(
        settings.model_copy(update={"insurance_file": path}), database=database, migrate=False
    )
    registry = app.state.insurance
    assert registry.coverage(insured).insured
    assert not registry.coverage(left).insured
    assert registry.coverage(_nss("1111111111")) is None


def test_without_the_setting_rounds_do_not_check_insurance(
    settings: Settings, database: Database
) -> None:
    app = create_app(settings, database=database, migrate=False)
    assert getattr(app.state, "insurance", None) is None


def test_a_malformed_coverage_file_stops_the_start_up(
    settings: Settings, tmp_path: Path, database: Database
) -> None:
    path = tmp_path / "vigencia.csv"
    path.write_text("nss,status,coverage_end,employer\n12345678900,vigente,,\n")
    with pytest.raises(DataError) as err:
        create_app(settings.model_copy(update={"insurance_file": path}), database=database)
    assert (err.value.row, err.value.column) == (2, "nss")
