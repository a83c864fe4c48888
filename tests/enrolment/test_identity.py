"""NSS and CURP check digits and formats."""

from __future__ import annotations

from datetime import date

import pytest

from redceci.countries.mx.identity import (
    curp_birth_date,
    is_valid_curp,
    is_valid_nss,
    nss_check_digit,
    validate_curp,
    validate_nss,
)
from redceci.errors import InputError
from tests.enrolment.factories import make_curp


def test_nss_check_digit_is_the_luhn_digit() -> None:
    # Luhn by hand for 1234567890: weights 1,2,1,2...: 1+4+3+8+5+(1+2)+7+(1+6)+9+0 = 47 -> 3
    assert nss_check_digit("1234567890") == 3
    assert is_valid_nss("12345678903")
    assert not is_valid_nss("12345678904")


def test_nss_rejects_wrong_length_and_letters_and_cleans_separators() -> None:
    assert validate_nss("1234-567890 3") == "12345678903"
    for bad in ("1234567890", "123456789012", "1234567890A"):
        assert not is_valid_nss(bad)
    with pytest.raises(InputError, match="check digit"):
        validate_nss("12345678900")


def test_a_published_curp_validates_and_gives_its_birth_date() -> None:
    # the example of python-stdnum's mx.curp documentation
    assert validate_curp("boxw310820hnerxn09") == "BOXW310820HNERXN09"
    assert curp_birth_date("BOXW310820HNERXN09") == date(1931, 8, 20)


def test_curp_from_2000_uses_a_letter_and_the_21st_century() -> None:
    curp = make_curp(date(2024, 2, 29))
    assert curp[16] == "A"
    assert curp_birth_date(curp) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("curp", "why"),
    [
        ("BOXW310820HNERXN08", "check digit"),
        ("BOXW310230HNERXN09", "format|does not exist"),
        ("BOXW310820HZZRXN09", "state"),
        ("BOXW310820QNERXN09", "format"),
        ("BOXW31082", "format"),
    ],
)
def test_bad_curps_are_refused_with_the_reason(curp: str, why: str) -> None:
    assert not is_valid_curp(curp)
    with pytest.raises(InputError, match=why):
        validate_curp(curp)
