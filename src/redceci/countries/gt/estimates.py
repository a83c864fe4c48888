"""What Guatemala's data lacks at municipal level, estimated from national figures.

The census tables give each municipio's population only. Children 0-4, employed women,
IGSS-insured people and CADI places are known nationally; each is spread over the 340
municipios by a documented rule whose inputs are named, overridable parameters
(``[estimates]`` in the ``--params`` TOML file) and whose results a user replaces with real
counts (``--counts-file``, ``data/gt/counts``). The rules:

* **Children 0-4** = the national total (INE's projection) shared in proportion to population
  x the municipio's youth share, the latter from A2SIT's dependency ratio ``D``: dependants are
  ``D / (1 + D)`` of the population, and less the national 65+ share (census) they are the
  young. Why: Guatemala's dependency is mostly youth (0-14 are 33.4% of people, 65+ 5.6%), so
  ``D`` ranks municipios by their share of children; ``dependency_weight`` = 0 uses population
  alone. Single years are spread evenly: 0-2 = 3/5 and 3-5 = 3/5 of 0-4 (age 5 as one
  more year), 6-11 = 6/5.
* **Employed women** = adults 18+ (population less 0-17, i.e. less 3.6 x the 0-4 count) x the
  share of them working (1 - A2SIT ``Desemp``, people 18+ without work) x women's share of the
  employed: ENEI 2021's 30% of formal and 39% of informal jobs, mixed by the formal share of the
  employed (IGSS covers 23.2% of the PEA and 79.7% of the formal PEA: 29.1% formal).
* **IGSS-insured people** = IGSS's coverage of the population (20%) x national population,
  shared in proportion to urban population (A2SIT ``Rural``), capped at the municipio's
  population. Why: affiliation follows formal wage jobs, which are urban.
* **CADI places** = SOSEP's children attended (16,338, 2023) shared in proportion to the
  estimated children 0-4, one provider at each municipio's centroid (no CADI list with
  locations exists; SOSEP reports CADI in 220 of 340 municipios).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from redceci.errors import InputError
from redceci.planning.fields import ASSUMPTION
from redceci.planning.fields import sourced as _p
from redceci.platform.country import Estimate

__all__ = ["EstimateParameters", "MunicipalEstimates", "estimate_counts", "parameters_from"]

ENEI_2021 = (
    "ENEI 2021 (INE) via ICEFI, 2022-03: 30 of 100 people in formal jobs and 39 of 100 in "
    "informal jobs are women (blogs.eleconomista.net/icefi/2022/03/reconocimiento-del-"
    "trabajo-domestico-y-de-cuidados-no-remunerado)"
)
#: How A2SIT's ``Desemp`` is read (its dictionary says only "% de desempleados (+18)").
DESEMP_READING = (
    "ASSUMPTION: A2SIT's Desemp (26% to 85% by municipio, 49% weighted by population) is the "
    "share of people 18+ not working (unemployed or inactive): open unemployment in Guatemala "
    "is a few per cent, so it cannot be the ILO rate"
)
REPLACE = "--counts-file with column {column} (CSV cod_muni,{column})"


class EstimateParameters(BaseModel):
    """The inputs of the estimates; ``None`` means the figure in the reference file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    children_0_4_national: float | None = _p(
        None,
        "Children aged 0-4 in Guatemala (None: INE's projection in the reference file).",
        "INE projection 2021 (base census 2018): 1,881,462 (agn.gt)",
        gt=0,
    )
    old_age_share: float | None = _p(
        None,
        "Share of people aged 65+ (None: census 2018 from the reference file).",
        "INE Censo 2018: 837,280 of 14,901,286 (5.6%)",
        ge=0,
        lt=1,
    )
    dependency_weight: float = _p(
        1.0,
        "How far the dependency ratio shifts children between municipios (0: population only).",
        f"{ASSUMPTION}: youth is 33.4% and 65+ 5.6% of people (census 2018), so the dependency "
        "ratio ranks municipios by their share of children",
        ge=0,
        le=1,
    )
    women_share_population: float | None = _p(
        None,
        "Women's share of the population (None: census 2018 from the reference file).",
        "INE Censo 2018: 7,678,190 women of 14,901,286",
        gt=0,
        lt=1,
    )
    women_share_formal: float = _p(0.30, "Women's share of formal jobs.", ENEI_2021, gt=0, lt=1)
    women_share_informal: float = _p(0.39, "Women's share of informal jobs.", ENEI_2021, gt=0, lt=1)
    formal_share_of_employed: float | None = _p(
        None,
        "Formal share of the employed (None: IGSS coverage of the PEA / of the formal PEA).",
        "IGSS 2023 (Prensa Libre, 2024-01): 23.2% of the PEA, 79.7% of the formal PEA",
        gt=0,
        le=1,
    )
    insured_share_population: float | None = _p(
        None,
        "Share of the population covered by IGSS (None: the reference file's 20%).",
        "IGSS 2023 (Prensa Libre, 2024-01): coverage of 20% of the population",
        gt=0,
        le=1,
    )
    care_places_national: float | None = _p(
        None,
        "Children attended in SOSEP CADI and Hogares Comunitarios (None: the reference file).",
        "SOSEP via AGN/DCA 2023: 16,338 children in 449 CADI and 131 Hogares Comunitarios",
        ge=0,
    )


def parameters_from(overrides: Mapping[str, float]) -> EstimateParameters:
    """The parameters with a user's overrides (``[estimates]`` of the params file)."""
    try:
        return EstimateParameters.model_validate(dict(overrides))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise InputError(f"[estimates]: {problems}") from exc


@dataclass(frozen=True)
class NationalFigures:
    """The national figures the estimates spread, each with its source."""

    children_0_4: tuple[float, str]
    old_age_share: tuple[float, str]
    women_share: tuple[float, str]
    insured_share: tuple[float, str]
    formal_share: tuple[float, str]
    care_places: tuple[float, str]


@dataclass(frozen=True)
class MunicipalEstimates:
    """Per municipio (indexed like the input): the census schema's counts the core reads, the
    estimated CADI places, and what was estimated (for the report's assumptions table)."""

    counts: pd.DataFrame
    care_places: pd.Series
    estimates: tuple[Estimate, ...]


def estimate_counts(
    municipalities: pd.DataFrame,
    indicators: pd.DataFrame,
    national: NationalFigures,
    params: EstimateParameters,
    *,
    counts: pd.DataFrame | None = None,
) -> MunicipalEstimates:
    """Estimate each municipio's counts (see the module's docstring for every rule).

    Parameters
    ----------
    municipalities
        ``POBTOT`` per municipio, indexed by its key.
    indicators
        ``dependency``, ``not_employed`` and ``rural`` per municipio, same index.
    national
        The national figures (``NationalFigures``); ``params`` override them where set.
    counts
        A user's real counts (``children_0_4``, ``employed_women``, ``insured``,
        ``care_places``; NaN keeps the estimate), indexed by municipio key.

    Returns
    -------
    MunicipalEstimates whose ``counts`` has ``POBTOT, POBFEM, P_0A2, P_3A5, P_6A11,
    POCUPADA_F, PDER_IMSS, P_12YMAS_F, PEA_F, PE_INAC_F`` (the last two unknown: NaN).
    """
    missing = municipalities.index.difference(indicators.index)
    if len(missing):
        raise InputError(f"no indicators for municipio(s) {', '.join(missing[:5])}")
    ind = indicators.reindex(municipalities.index)
    pop = municipalities["POBTOT"].to_numpy(dtype=float)

    def pick(value: float | None, figure: tuple[float, str]) -> tuple[float, str]:
        return figure if value is None else (float(value), "user value ([estimates])")

    c04_nat = pick(params.children_0_4_national, national.children_0_4)
    old = pick(params.old_age_share, national.old_age_share)
    women = pick(params.women_share_population, national.women_share)
    formal = pick(params.formal_share_of_employed, national.formal_share)
    insured_share = pick(params.insured_share_population, national.insured_share)
    places_nat = pick(params.care_places_national, national.care_places)

    d = ind["dependency"].to_numpy(dtype=float)
    young = np.clip(d / (1.0 + d) - old[0], 0.01, 1.0)
    young_avg = float((young * pop).sum() / max(pop.sum(), 1.0))
    w = params.dependency_weight
    weight = pop * ((1.0 - w) + w * young / young_avg)
    c04 = c04_nat[0] * weight / max(weight.sum(), 1e-12)
    given = _given(counts, municipalities.index)
    c04 = _replace(c04, given, "children_0_4")
    adults = np.maximum(pop - 3.6 * c04, 0.0)
    working = 1.0 - ind["not_employed"].to_numpy(dtype=float)
    women_employed_share = formal[0] * params.women_share_formal + (1.0 - formal[0]) * (
        params.women_share_informal
    )
    employed_women = _replace(adults * working * women_employed_share, given, "employed_women")
    urban = pop * (1.0 - ind["rural"].to_numpy(dtype=float))
    insured = insured_share[0] * pop.sum() * urban / max(urban.sum(), 1e-12)
    insured = _replace(np.minimum(insured, pop), given, "insured")
    places = _replace(places_nat[0] * c04 / max(c04.sum(), 1e-12), given, "care_places")
    fem = pop * women[0]
    out = pd.DataFrame(
        {
            "POBTOT": pop,
            "POBFEM": fem,
            "P_0A2": 0.6 * c04,
            "P_3A5": 0.6 * c04,
            "P_6A11": 1.2 * c04,
            "POCUPADA_F": employed_women,
            "PDER_IMSS": insured,
            "P_12YMAS_F": np.maximum(fem - 1.2 * c04, 0.0),
            "PEA_F": np.nan,
            "PE_INAC_F": np.nan,
        },
        index=municipalities.index,
    )

    def replaced(column: str) -> int:
        return 0 if given is None or column not in given else int(given[column].notna().sum())

    estimates = (
        Estimate(
            "children_0_4",
            round(float(c04.sum())),
            "Children 0-4 per municipio: national total x population x youth share from the "
            f"dependency ratio (weight {w:g}; 65+ share {old[0]:.3f})",
            f"{c04_nat[1]}; dependency ratio: UNHCR A2SIT; {old[1]}",
            REPLACE.format(column="children_0_4"),
            replaced("children_0_4"),
        ),
        Estimate(
            "employed_women",
            round(float(employed_women.sum())),
            "Employed women per municipio: adults 18+ x (1 - A2SIT Desemp) x women's share of "
            f"the employed ({women_employed_share:.3f} = {formal[0]:.3f} formal x "
            f"{params.women_share_formal:g} + informal x {params.women_share_informal:g})",
            f"{ENEI_2021}; formal share: {formal[1]}; Desemp: UNHCR A2SIT. {DESEMP_READING}",
            REPLACE.format(column="employed_women"),
            replaced("employed_women"),
        ),
        Estimate(
            "insured",
            round(float(insured.sum())),
            f"IGSS-insured people per municipio: {insured_share[0]:.1%} of the national "
            "population, shared by urban population (A2SIT Rural), capped at the population",
            f"{insured_share[1]}; IGSS Boletín Estadístico de Afiliación (by departamento) "
            "would replace it",
            REPLACE.format(column="insured"),
            replaced("insured"),
        ),
        Estimate(
            "care_places",
            round(float(places.sum())),
            "CADI places per municipio (SOSEP): national children attended, shared by the "
            "estimated children 0-4; one provider at the municipio's centroid",
            f"{places_nat[1]}; no list of CADI with locations exists (SOURCES.md §5)",
            REPLACE.format(column="care_places") + ", or --centres-file with the CADI",
            replaced("care_places"),
        ),
    )
    return MunicipalEstimates(
        counts=out, care_places=pd.Series(places, index=municipalities.index), estimates=estimates
    )


def _given(counts: pd.DataFrame | None, index: pd.Index) -> pd.DataFrame | None:
    if counts is None:
        return None
    unknown = counts.index.difference(index)
    if len(unknown):
        raise InputError(f"counts file: unknown municipio code(s) {', '.join(unknown[:5])}")
    return counts.reindex(index)


def _replace(estimate: np.ndarray, given: pd.DataFrame | None, column: str) -> np.ndarray:
    if given is None or column not in given:
        return np.asarray(estimate, dtype=float)
    real = given[column].to_numpy(dtype=float)
    return np.where(np.isnan(real), estimate, real)
