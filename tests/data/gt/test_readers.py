"""Guatemala's readers on the real files (the checks of SOURCES.md) and the user's counts file."""

from __future__ import annotations

from pathlib import Path

import pytest

from redceci.data.gt.boundaries import read_boundaries
from redceci.data.gt.census import read_departamentos, read_municipios
from redceci.data.gt.counts import read_counts
from redceci.data.gt.indicators import read_indicators
from redceci.data.gt.reference import read_reference
from redceci.errors import DataError
from tests.countries.folders import data_dir_of

#: Municipios per departamento, 01 ... 22 (SOURCES.md §1).
PER_DEPARTAMENTO = [
    17,
    8,
    16,
    16,
    14,
    14,
    19,
    8,
    24,
    21,
    9,
    30,
    33,
    21,
    8,
    17,
    14,
    5,
    11,
    11,
    7,
    17,
]


@pytest.fixture(scope="module")
def gt_data() -> Path:
    path = data_dir_of("gt")
    assert path.is_dir(), f"Guatemala's data folder not found at {path}"
    return path


def test_the_census_has_340_municipios_summing_to_ine_s_total(gt_data: Path) -> None:
    mun = read_municipios(gt_data)
    assert len(mun) == 340 and mun["CVEGEO"].str.fullmatch(r"\d{4}").all()
    assert int(mun["POBTOT"].sum()) == 14_901_286
    assert mun.loc["0101", "POBTOT"] == 923_392 and mun.loc["0115", "POBTOT"] == 433_734
    assert list(mun.groupby("CVE_ENT").size()) == PER_DEPARTAMENTO
    dep = read_departamentos(gt_data)
    assert len(dep) == 22
    assert (mun.groupby("CVE_ENT")["POBTOT"].sum() == dep["POBTOT"]).all()


def test_indicators_and_boundaries_cover_the_same_municipios(gt_data: Path) -> None:
    keys = set(read_municipios(gt_data).index)
    ind = read_indicators(gt_data)
    assert set(ind.index) == keys
    assert ind[["poverty", "rural", "not_employed"]].le(1).all().all()
    munis = read_boundaries(gt_data, "municipios")
    assert {f["properties"]["CVEGEO"] for f in munis["features"]} == keys
    deps = read_boundaries(gt_data, "estados")
    assert len(deps["features"]) == 22


def test_the_reference_figures_keep_the_latest_of_a_repeated_one(gt_data: Path) -> None:
    facts = read_reference(gt_data)
    assert facts[("proyeccion_INE", "poblacion_0_4_total")].value == 1_881_462
    attended = facts[("SOSEP_cuidado_infantil", "ninos_atendidos")]
    assert attended.value == 16_338 and "2023" in attended.date
    assert facts[("IGSS", "cobertura_PEA_formal")].value == pytest.approx(79.7)


def test_a_counts_file_is_read_and_its_errors_name_row_and_column(tmp_path: Path) -> None:
    good = tmp_path / "conteos.csv"
    good.write_text("cod_muni,children_0_4,insured\n101,5000,\n1601,,1200\n", encoding="utf-8")
    counts = read_counts(good)
    assert list(counts.index) == ["0101", "1601"]
    assert counts.loc["0101", "children_0_4"] == 5000 and counts["insured"].isna().sum() == 1
    twice = tmp_path / "twice.csv"
    twice.write_text("cod_muni,insured\n101,1\n101,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 3, column 'cod_muni': cod_muni repeated"):
        read_counts(twice)
    negative = tmp_path / "negative.csv"
    negative.write_text("cod_muni,insured\n101,-4\n", encoding="utf-8")
    with pytest.raises(DataError, match="column 'insured'"):
        read_counts(negative)
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("cod_muni,other\n101,4\n", encoding="utf-8")
    with pytest.raises(DataError, match="no count column"):
        read_counts(nothing)


def test_an_igss_coverage_file_is_checked_by_guatemala_s_rules(tmp_path: Path) -> None:
    from redceci.countries import country_pack
    from redceci.data.insurance import read_insurance_registry
    from redceci.enrolment.identity import use_identity

    good = tmp_path / "igss.csv"
    good.write_text("nss,status,coverage_end\n900000003,vigente,\n", encoding="utf-8")
    bad = tmp_path / "malo.csv"
    bad.write_text("nss,status,coverage_end\n900000003,vigente,\n12-ab,baja,2026-01-01\n")
    use_identity(country_pack("gt").identity)
    try:
        registry = read_insurance_registry(good)
        assert registry.coverage("900000003") is not None
        with pytest.raises(DataError, match=r"row 3, column 'nss': IGSS affiliation number"):
            read_insurance_registry(bad)
    finally:
        use_identity(country_pack("mx").identity)
    with pytest.raises(DataError, match="column 'nss': NSS '900000003': must be 11 digits"):
        read_insurance_registry(good)  # under Mexico's rules
