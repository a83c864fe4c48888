"""Family, guardians and children; insurance entitlement with its 4-week grace; the CSV registry."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from redceci.data.insurance import read_insurance_registry
from redceci.enrolment import (
    GRACE_PERIOD,
    AuthorisedPerson,
    Child,
    Coverage,
    Family,
    Guardian,
    InMemoryInsuranceRegistry,
    family_entitled,
    is_entitled,
)
from redceci.errors import DataError, InputError
from tests.enrolment.factories import make_curp, make_nss


def test_a_guardian_nss_is_validated_and_cleaned() -> None:
    assert Guardian("Ana", nss="1234567890-3").nss == "12345678903"
    with pytest.raises(InputError):
        Guardian("Ana", nss="12345678900")


def test_a_child_birth_date_must_match_its_curp() -> None:
    birth = date(2025, 3, 1)
    assert Child("Leo", make_curp(birth), birth).curp.endswith(make_curp(birth)[-1])
    with pytest.raises(InputError, match="differs"):
        Child("Leo", make_curp(birth), date(2025, 3, 2))


def test_a_family_needs_an_insured_guardian_and_distinct_children() -> None:
    kid = Child("Leo", make_curp(date(2025, 1, 5)), date(2025, 1, 5))
    with pytest.raises(InputError, match="NSS"):
        Family("f1", (Guardian("Ana"),), (kid,))
    with pytest.raises(InputError, match="twice"):
        Family("f1", (Guardian("Ana", nss=make_nss()),), (kid, kid))
    fam = Family(
        "f1",
        (Guardian("Ana", nss=make_nss(), employer="ACME"),),
        (kid,),
        (AuthorisedPerson("Abuela", "abuela", "INE 123"),),
    )
    assert fam.single_working_parent
    assert fam.employers == frozenset({"ACME"})


def test_coverage_lasts_four_weeks_after_the_last_covered_day() -> None:
    end = date(2026, 1, 31)
    baja = Coverage("x", insured=False, coverage_end=end)
    assert timedelta(days=28) == GRACE_PERIOD
    assert is_entitled(baja, end + timedelta(days=28))
    assert not is_entitled(baja, end + timedelta(days=29))
    assert is_entitled(Coverage("x", insured=True), date(2030, 1, 1))
    assert not is_entitled(None, end)


def test_a_family_is_entitled_if_any_guardian_is() -> None:
    reg = InMemoryInsuranceRegistry(
        [Coverage("a", insured=False, coverage_end=date(2020, 1, 1)), Coverage("b", insured=True)]
    )
    assert family_entitled(reg, ["a", "b"], date(2026, 1, 1))
    assert not family_entitled(reg, ["a", "zzz"], date(2026, 1, 1))


def test_the_csv_registry_reads_statuses_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "vigencia.csv"
    a, b = make_nss("1234567890"), make_nss("9876543210")
    path.write_text(f"nss,status,coverage_end,employer\n{a},vigente,,ACME\n{b},baja,2026-01-31,\n")
    reg = read_insurance_registry(path)
    assert reg.coverage(a) == Coverage(a, insured=True, employer="ACME")
    assert is_entitled(reg.coverage(b), date(2026, 2, 28))
    assert not is_entitled(reg.coverage(b), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("12345678900,vigente,,", "nss"),
        ("{a},activo,,", "status"),
        ("{a},baja,,", "coverage_end"),
        ("{a},baja,31/01/2026,", "coverage_end"),
    ],
)
def test_the_csv_registry_names_the_bad_row_and_column(
    tmp_path: Path, row: str, column: str
) -> None:
    path = tmp_path / "vigencia.csv"
    path.write_text("nss,status,coverage_end,employer\n" + row.format(a=make_nss()) + "\n")
    with pytest.raises(DataError) as err:
        read_insurance_registry(path)
    assert err.value.row == 2
    assert err.value.column == column
