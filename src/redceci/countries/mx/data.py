"""Mexico's data adapter: INEGI, DENUE, PODECOBI, RETC and IMSS files turned into the core's
frames (``data/`` holds the readers, one module per source)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.countries.mx.ageb_split import REST_SOURCE, SplitRule, split_localities
from redceci.countries.mx.candidates import (
    candidates_from_agebs,
    candidates_from_localities,
    candidates_from_parks,
    candidates_from_polos,
)
from redceci.countries.mx.demand import demand_from_census
from redceci.countries.mx.supply import supply_from_denue
from redceci.data import catalogue as cat
from redceci.data.boundaries import read_boundaries
from redceci.data.census import (
    read_ageb,
    read_iter_localities,
    read_municipal_activity,
    read_municipalities,
    read_states,
    read_true_localities,
    with_municipal_activity,
)
from redceci.data.childcare import read_childcare
from redceci.data.employment import read_insured_workers
from redceci.data.places import read_ageb_points, read_locality_points
from redceci.data.sites import read_industrial_parks, read_polos
from redceci.errors import DataError, InputError
from redceci.planning.eligibility import add_eligibility
from redceci.planning.parameters import ModelParameters
from redceci.platform.country import DataFileCheck, PlanningInputs

#: The two CECI schemes approved by IMSS's Consejo Técnico (29 Jan 2025): direct provision
#: near the home, and with a company near the workplace.
SCHEMES = ("CECI IMSS", "CECI Empresa")
#: A locality split into AGEBs keeps its own candidate only if more than this share of its
#: people stay at its point (the AGEB layer covers too little of it).
KEEP_LOCALITY_SITE_REST_SHARE = 0.5


def read_demand(
    data: Path, params: ModelParameters
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Municipalities (with the national ITER's women's activity), locality points, and the
    demand units with eligibility: localities, split over their AGEBs where located."""
    municipalities = with_municipal_activity(
        read_municipalities(data), read_municipal_activity(data)
    ).reset_index(drop=True)
    points = read_locality_points(data)
    units = demand_from_census(municipalities, points, localities=read_true_localities(data))
    res = params.resolution
    if res.ageb_split:
        units = split_localities(
            units,
            read_ageb_points(data),
            counts=read_ageb(data, level="ageb"),
            rule=SplitRule(res.area_saturation_km2, res.max_density_per_km2),
        )
    return municipalities, points, add_eligibility(units, params.demand)


def locality_candidates(
    points: pd.DataFrame, units: pd.DataFrame, params: ModelParameters
) -> pd.DataFrame:
    """Locality candidates, without those of localities split into AGEBs (whose AGEB sites
    replace them) unless most of the locality's people stay at its point."""
    sites = candidates_from_localities(points, params.siting, scheme=SCHEMES[0])
    agebs = units["unit_id"].str.len() == 13
    split = units.loc[agebs, "unit_id"].str[:9]
    split_pop = units.loc[agebs, "POBTOT"].groupby(split).sum()
    rest = units[units["SOURCE"] == REST_SOURCE]
    rest_pop = pd.Series(rest["POBTOT"].to_numpy(), index=rest["unit_id"].str[:9])
    rest_share = (rest_pop / (rest_pop + split_pop.reindex(rest_pop.index).fillna(0))).reindex(
        split_pop.index
    )
    drop = set(rest_share.index[~(rest_share.fillna(0.0) > KEEP_LOCALITY_SITE_REST_SHARE)])
    return sites[~sites["site_id"].str[4:].isin(drop)]


#: The checked reader of each catalogued file: ``data check`` runs it to validate contents.
READERS: dict[str, Any] = {
    cat.MUNICIPALITIES.key: read_municipalities,
    cat.STATES.key: read_states,
    cat.ITER_LOCALITIES.key: read_iter_localities,
    cat.AGEB.key: lambda d: read_ageb(d, level="ageb"),
    cat.LOCALITY_POINTS.key: read_locality_points,
    cat.MUNICIPAL_BOUNDARIES.key: lambda d: read_boundaries(d, "municipios"),
    cat.STATE_BOUNDARIES.key: lambda d: read_boundaries(d, "estados"),
    cat.CHILDCARE.key: read_childcare,
    cat.POLOS.key: read_polos,
    cat.INDUSTRIAL_PARKS.key: read_industrial_parks,
    cat.INSURED_WORKERS.key: read_insured_workers,
    cat.AGEB_POINTS.key: read_ageb_points,
    cat.MUNICIPAL_ITER.key: read_municipal_activity,
}


class MexicoData:
    """The :class:`~redceci.platform.country.CountryData` of Mexico: every count is read
    (nothing estimated), so a counts file has nothing to replace."""

    def read_inputs(
        self,
        data_dir: Path,
        *,
        model: Any,
        estimates: Mapping[str, float],
        counts_file: Path | None,
    ) -> PlanningInputs:
        if counts_file is not None or estimates:
            raise InputError(
                "Mexico's pack reads every count from INEGI's census; --counts-file and "
                "[estimates] replace the estimates of packs that estimate (e.g. --country gt)"
            )
        params: ModelParameters = model
        municipalities, points, units = read_demand(data_dir, params)
        polos = read_polos(data_dir)
        return PlanningInputs(
            municipalities=municipalities,
            units=units,
            supply=[supply_from_denue(read_childcare(data_dir), params.supply)],
            candidates=[
                locality_candidates(points, units, params),
                candidates_from_agebs(units, params.siting, scheme=SCHEMES[0]),
                candidates_from_parks(
                    read_industrial_parks(data_dir), params.siting, scheme=SCHEMES[-1]
                ),
                candidates_from_polos(polos, scheme=SCHEMES[-1]),
            ],
            polos=polos,
            insured=read_insured_workers(data_dir),
        )

    def read_units(self, data_dir: Path, *, model: Any, region: str | None) -> pd.DataFrame:
        mun = read_municipalities(data_dir)
        points = read_locality_points(data_dir)
        locs = read_true_localities(data_dir)
        if region is not None:
            mun = mun[mun["CVE_ENT"] == region]
            points = points[points["MUN_CVEGEO"].str[:2] == region]
            locs = locs[locs["MUN_CVEGEO"].str[:2] == region]
            if mun.empty:
                raise InputError(f"no municipalities for state {region!r} in the census")
        units = demand_from_census(mun.reset_index(drop=True), points, localities=locs)
        return add_eligibility(units, model.demand)

    def read_regions(self, data_dir: Path) -> pd.DataFrame:
        table = read_states(data_dir)
        return pd.DataFrame({"code": table["CVE_ENT"], "name": table["NOM_ENT"]}).reset_index(
            drop=True
        )

    def read_boundaries(self, data_dir: Path, level: str) -> dict[str, Any]:
        return read_boundaries(data_dir, level)

    def check(self, data_dir: Path) -> list[DataFileCheck]:
        out = []
        for dataset in cat.CATALOGUE:
            result = cat.check_file(dataset, data_dir)
            ok, message = result.ok, result.message
            if ok:
                try:
                    READERS[dataset.key](data_dir)
                except DataError as exc:
                    ok, message = False, str(exc)
            out.append(DataFileCheck(dataset.filename, ok, result.rows, result.sha256, message))
        return out

    def sources(self) -> list[tuple[str, str, str]]:
        return [(d.filename, d.description, d.official_source) for d in cat.CATALOGUE]
