"""Guatemala's data adapter: its files (``data/gt``) and estimates turned into the core's frames.

Without locality points, each municipio is one demand unit and one candidate site, at its
polygon's centroid (SOURCES.md §1: INE publishes no seat coordinates); existing supply is the
estimated CADI places of each municipio; there are no employment poles with locations
(free zones are counted nationally only, SOURCES.md §6).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.countries.gt.estimates import NationalFigures, estimate_counts, parameters_from
from redceci.data.catalogue import check_file
from redceci.data.gt import catalogue as cat
from redceci.data.gt.boundaries import read_boundaries
from redceci.data.gt.census import read_departamentos, read_municipios
from redceci.data.gt.counts import read_counts
from redceci.data.gt.indicators import read_indicators
from redceci.data.gt.reference import fact, read_reference
from redceci.errors import DataError, InputError
from redceci.planning.demand import UNIT_COLUMNS
from redceci.planning.eligibility import add_eligibility
from redceci.platform.country import DataFileCheck, PlanningInputs

#: The schemes of a Guatemalan network: run by SOSEP near homes, or with an employer.
SCHEMES = ("CADI SOSEP", "CADI Empresa")
#: A municipio whose people are mostly urban (A2SIT ``Rural`` below this) is an urban unit.
URBAN_BELOW_RURAL_SHARE = 0.5


def national_figures(data_dir: Path) -> NationalFigures:
    """The national figures the estimates spread, read from the reference file."""
    facts = read_reference(data_dir)

    def get(topic: str, name: str) -> tuple[float, str]:
        f = fact(facts, topic, name, data_dir)
        return f.value, f.source

    total = get("censo2018", "poblacion_total")
    old = get("censo2018", "poblacion_65_mas")
    women = get("censo2018", "mujeres")
    pea = get("IGSS", "cobertura_PEA_total")
    formal_pea = get("IGSS", "cobertura_PEA_formal")
    insured = get("IGSS", "cobertura_EMA_poblacion_total")
    return NationalFigures(
        children_0_4=get("proyeccion_INE", "poblacion_0_4_total"),
        old_age_share=(old[0] / total[0], f"{old[1]}; {total[1]}"),
        women_share=(women[0] / total[0], women[1]),
        insured_share=(insured[0] / 100.0, insured[1]),
        formal_share=(pea[0] / formal_pea[0], f"{pea[1]}; {formal_pea[1]}"),
        care_places=get("SOSEP_cuidado_infantil", "ninos_atendidos"),
    )


class GuatemalaData:
    """The :class:`~redceci.platform.country.CountryData` of Guatemala."""

    def read_inputs(
        self,
        data_dir: Path,
        *,
        model: Any,
        estimates: Mapping[str, float],
        counts_file: Path | None,
    ) -> PlanningInputs:
        mun = read_municipios(data_dir)
        indicators = read_indicators(data_dir)
        counts = read_counts(counts_file) if counts_file is not None else None
        est = estimate_counts(
            mun, indicators, national_figures(data_dir), parameters_from(estimates), counts=counts
        )
        municipalities = mun.join(est.counts.drop(columns=["POBTOT"]))
        rural = indicators["rural"].reindex(mun.index)
        units = pd.DataFrame(
            {
                "unit_id": mun["CVEGEO"],
                "MUN_CVEGEO": mun["CVEGEO"],
                "CVE_ENT": mun["CVE_ENT"],
                "NOM_LOC": mun["NOM_MUN"],
                "LAT": mun["LAT_CABECERA"],
                "LON": mun["LON_CABECERA"],
                "URBAN": (rural < URBAN_BELOW_RURAL_SHARE).to_numpy(),
                "SOURCE": "estimate",
                **{c: est.counts[c] for c in est.counts.columns},
            }
        ).reindex(columns=list(UNIT_COLUMNS))
        units = add_eligibility(units.reset_index(drop=True), model.demand)
        places = est.care_places
        has = places > 0
        supply = pd.DataFrame(
            {
                "provider_id": "cadi:" + mun.loc[has, "CVEGEO"],
                "name": "CADI (estimado) " + mun.loc[has, "NOM_MUN"],
                "kind": "cadi_estimate",
                "sector": "Público",
                "MUN_CVEGEO": mun.loc[has, "CVEGEO"],
                "lat": mun.loc[has, "LAT_CABECERA"],
                "lon": mun.loc[has, "LON_CABECERA"],
                "places": places[has].astype(float),
            }
        ).reset_index(drop=True)
        candidates = pd.DataFrame(
            {
                "site_id": "mun:" + mun["CVEGEO"],
                "name": mun["NOM_MUN"] + ", " + mun["NOM_ENT"],
                "kind": "municipality",
                "scheme": SCHEMES[0],
                "MUN_CVEGEO": mun["CVEGEO"],
                "lat": mun["LAT_CABECERA"],
                "lon": mun["LON_CABECERA"],
            }
        ).reset_index(drop=True)
        polos = pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in (("polo", str), ("lat", float), ("lon", float))}
        )
        polos["CVE_ENT"] = pd.Series(dtype=str)
        polos["MUN_CVEGEO"] = pd.Series(dtype=str)
        insured = pd.DataFrame(
            {
                "periodo": pd.Series(dtype=str),
                "CVE_ENT": pd.Series(dtype=str),
                "NOM_ENT": pd.Series(dtype=str),
                "asegurados": pd.Series(dtype=float),
            }
        )
        return PlanningInputs(
            municipalities=municipalities.reset_index(drop=True),
            units=units,
            supply=[supply],
            candidates=[candidates],
            polos=polos,
            insured=insured,
            estimates=est.estimates,
        )

    def read_units(self, data_dir: Path, *, model: Any, region: str | None) -> pd.DataFrame:
        units = self.read_inputs(data_dir, model=model, estimates={}, counts_file=None).units
        if region is not None:
            units = units[units["CVE_ENT"] == region]
            if units.empty:
                raise InputError(f"no municipios for departamento {region!r} in the census")
        return units.reset_index(drop=True)

    def read_regions(self, data_dir: Path) -> pd.DataFrame:
        table = read_departamentos(data_dir)
        return pd.DataFrame({"code": table["CVE_ENT"], "name": table["NOM_ENT"]}).reset_index(
            drop=True
        )

    def read_boundaries(self, data_dir: Path, level: str) -> dict[str, Any]:
        return read_boundaries(data_dir, level)

    def check(self, data_dir: Path) -> list[DataFileCheck]:
        readers: dict[str, Callable[[Path], object]] = {
            cat.MUNICIPIOS.key: read_municipios,
            cat.DEPARTAMENTOS.key: read_departamentos,
            cat.INDICATORS.key: read_indicators,
            cat.REFERENCE.key: national_figures,
            cat.MUNICIPAL_BOUNDARIES.key: lambda d: read_boundaries(d, "municipios"),
            cat.REGION_BOUNDARIES.key: lambda d: read_boundaries(d, "estados"),
        }
        out = []
        for dataset in cat.CATALOGUE:
            result = check_file(dataset, data_dir)
            ok, message = result.ok, result.message
            if ok:
                try:
                    readers[dataset.key](data_dir)
                except DataError as exc:
                    ok, message = False, str(exc)
            out.append(DataFileCheck(dataset.filename, ok, result.rows, result.sha256, message))
        return out

    def sources(self) -> list[tuple[str, str, str]]:
        return [(d.filename, d.description, d.official_source) for d in cat.CATALOGUE]
