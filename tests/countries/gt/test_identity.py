"""Guatemala's CUI: 13 digits, a mod-11 check digit over the weighted serial, and a real
departamento and municipio; the IGSS number: digits only."""

from __future__ import annotations

import pytest

from redceci.countries.gt.identity import (
    MUNICIPIOS_PER_DEPARTAMENTO,
    cui_check_digit,
    is_valid_cui,
    made_up_cui,
    validate_cui,
    validate_igss_number,
)
from redceci.errors import InputError


def test_the_check_digit_is_the_weighted_sum_modulo_eleven() -> None:
    # 1x2 + 2x3 + 3x4 + 4x5 + 5x6 + 6x7 + 7x8 + 8x9 = 240 = 21 x 11 + 9
    assert cui_check_digit("12345678") == 9
    assert validate_cui("1234 56789 0101") == "1234567890101"
    assert validate_cui("1234-56789-0101") == "1234567890101"


def test_every_single_digit_error_in_the_serial_or_check_is_caught() -> None:
    good = "1234567890101"
    for i in range(9):
        for d in "0123456789":
            if d != good[i]:
                assert not is_valid_cui(good[:i] + d + good[i + 1 :]), (i, d)


def test_departamento_and_municipio_must_exist() -> None:
    assert len(MUNICIPIOS_PER_DEPARTAMENTO) == 22 and sum(MUNICIPIOS_PER_DEPARTAMENTO) == 340
    assert is_valid_cui("1234567891333")  # Huehuetenango 33: Petatán, the newest
    with pytest.raises(InputError, match="has no municipio 34"):
        validate_cui("1234567891334")
    with pytest.raises(InputError, match="unknown departamento 23"):
        validate_cui("1234567892301")
    with pytest.raises(InputError, match="has no municipio 00"):
        validate_cui("1234567890100")
    with pytest.raises(InputError, match="13 digits"):
        validate_cui("123456789010")


def test_made_up_cuis_are_valid_and_distinct() -> None:
    import datetime as dt

    made = {made_up_cui(s, dt.date(2025, 1, 1), "16", s % 2 == 0) for s in range(5000)}
    assert len(made) == 5000
    assert all(is_valid_cui(c) and c[9:11] == "16" for c in made)


def test_igss_numbers_are_digits() -> None:
    assert validate_igss_number("1 234 567 89") == "123456789"
    for bad in ("12345", "123456789012", "12a4567"):
        with pytest.raises(InputError):
            validate_igss_number(bad)
