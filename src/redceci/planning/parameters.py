"""Every assumption of the planning model, as a named, documented, overridable parameter.

Each field carries its default, a description and a ``source`` (a citation, or the word
ASSUMPTION with the reasoning). ``assumptions_table`` turns them into the report's table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from redceci.planning.fields import ASSUMPTION, RENAMED, former_names
from redceci.planning.fields import sourced as _p
from redceci.planning.programme_parameters import (
    LandParameters,
    ProgrammeParameters,
    StaffingParameters,
)
from redceci.platform.country import PackRule

__all__ = [
    "ASSUMPTION",
    "MONEY_KEYS",
    "RENAMED",
    "DemandParameters",
    "DesertParameters",
    "ImpactParameters",
    "LandParameters",
    "ModelParameters",
    "ProgrammeParameters",
    "ResolutionParameters",
    "SitingParameters",
    "StaffingParameters",
    "SupplyParameters",
    "TravelParameters",
    "assumptions_table",
    "money_defaults",
    "scaled_money",
    "with_money",
]


class DemandParameters(BaseModel):
    """Who needs a place: eligible children from census counts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age_min_days: int = _p(
        43,
        "Youngest age admitted, in days (after the 42-day post-natal leave).",
        "IMSS CECI: 43 days to 4 years (alcaldesdemexico.com, 2025-10-30); LSS maternity leave",
        ge=0,
        le=365,
    )
    age_max_years: float = _p(
        4.0,
        "Children are eligible until this birthday (4 today, 6 planned).",
        "IMSS CECI: 43 days to 4 years; plan to extend to 6 (elinformante.mx/?p=95225)",
        gt=0.2,
        le=6.0,
    )
    take_up_rate: float = _p(
        0.44,
        "Share of eligible children whose families would use a place if one were reachable.",
        "ENASIC 2022: 44% of children aged 0-5 attend a care service (ciep.mx)",
        ge=0.0,
        le=1.0,
    )
    latent_work_share: float = _p(
        0.10,
        "Share of economically inactive mothers who would work if care were available "
        "(their children count as would-be demand).",
        f"{ASSUMPTION}: IMCO reports 68% of women who want a job do not look for lack of care; "
        "the base share of inactive women wanting a job is not published in our data",
        ge=0.0,
        le=1.0,
    )
    employees_living_nearby: float = _p(
        0.5,
        "Share of a company's employees taken to live within its site's catchment: their "
        "children are already in the census demand there; the others' children are added to "
        "it in a proposal's needs analysis.",
        f"{ASSUMPTION}: half; the data read here has no home-to-work commuting figures (a "
        "survey of the company's staff, or the census travel-to-work tables, would replace it)",
        ge=0.0,
        le=1.0,
    )

    child_population_factor: float = _p(
        1.0,
        "Children per child of the 2020 census (1: the census; below 1 for a year with fewer "
        "births, e.g. the programme's demand-of-2030 scenario).",
        "INEGI, Censo de Población y Vivienda 2020 (P_0A2, P_3A5)",
        gt=0.0,
        le=2.0,
    )

    @property
    def age_max_days(self) -> float:
        return self.age_max_years * 365.25


class ResolutionParameters(BaseModel):
    """Demand inside cities: urban localities split over their AGEBs (``planning.ageb_split``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ageb_split: bool = _p(
        True,
        "Split each urban locality's demand over its AGEBs where they are located "
        "(off: one point per locality, as before).",
        "INEGI Marco Geoestadístico AGEB points (ageb_centroides.csv.gz, SOURCES.md §6)",
    )
    area_saturation_km2: float = _p(
        0.3,
        "Where AGEBs have a location but no count, an AGEB of area a holds a share of the "
        "locality in proportion to a / (a + a0): 0 gives equal shares, a large a0 shares by "
        "area.",
        "Fitted on the 13 RESAGEBURB states, where AGEB population and area are both known: "
        "people put in the wrong AGEB 24% with a0 = 0.3 km² (leave-one-state-out), against "
        "35% with equal shares and 30% by area (docs/planning.md; bench/ageb_split.py)",
        ge=0.0,
    )
    max_density_per_km2: float = _p(
        20_000.0,
        "Where AGEBs have no count, they hold at most this many people per km² of their "
        "area; the rest of the locality stays at its point (the AGEB layer of some metropolitan "
        "areas is partial).",
        f"{ASSUMPTION}: above the densest complete locality of the 13 RESAGEBURB states (8,461 "
        "people/km², Soledad de Graciano Sánchez) and the densest Mexico City alcaldía "
        "localities on INEGI's complete AGEB layer (Iztacalco 17,500/km²)",
        gt=0.0,
    )


class SupplyParameters(BaseModel):
    """How many places existing establishments hold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    capacity_by_staff_band: dict[str, int] = _p(
        {
            "0 a 5 personas": 44,
            "6 a 10 personas": 84,
            "11 a 30 personas": 244,
            "31 a 50 personas": 404,
            "51 a 100 personas": 804,
            "101 a 250 personas": 2004,
            "251 y más personas": 2004,
        },
        "Places assumed for a DENUE guardería by its staff-size band (DENUE has no capacity).",
        "Data Cívica, huella-de-cuidados (cap_est_infantes_datacivica), an assumed table",
    )


class TravelParameters(BaseModel):
    """Travel time without a road network: haversine x detour / speed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    detour_factor: float = _p(
        1.3,
        "Network distance over straight-line distance.",
        "Newell (1980), O'Sullivan (1996): about 1.2 in urban grids; 1.3 allows for "
        "Mexican peri-urban street patterns (ASSUMPTION on the upper side)",
        ge=1.0,
        le=3.0,
    )
    speed_urban_kmh: float = _p(
        20.0,
        "Door-to-door speed from a home in an urban locality (mix of car, bus, walking).",
        f"{ASSUMPTION}: typical congested urban bus/car speed",
        gt=0,
    )
    speed_rural_kmh: float = _p(
        40.0,
        "Door-to-door speed from a home in a rural locality.",
        f"{ASSUMPTION}: rural roads",
        gt=0,
    )
    catchment_minutes: float = _p(
        20.0,
        "A place is reachable if it is at most this many minutes away.",
        f"{ASSUMPTION}: parents' daily drop-off; BPC's child-care gap uses drive-time catchments",
        gt=0,
        le=180,
    )


class DesertParameters(BaseModel):
    """Care deserts, after the Center for American Progress rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_children: float = _p(
        50.0,
        "A unit can be a desert only if it has more than this many age-eligible children.",
        "Center for American Progress (2018), childcaredeserts.org",
        ge=0,
    )
    max_children_per_place: float = _p(
        3.0,
        "More than this many children per reachable place makes a desert.",
        "Center for American Progress (2018), childcaredeserts.org",
        gt=0,
    )
    e2sfca_weights: tuple[float, float, float] = _p(
        (1.0, 0.68, 0.22),
        "Distance-decay weights of the enhanced 2SFCA for the three thirds of the catchment.",
        "Luo & Qi (2009), Health & Place 15:1100 (Gaussian weights, 30-min catchment)",
    )


class SitingParameters(BaseModel):
    """Choosing new centres: sizes, costs, targets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sizes: tuple[int, ...] = _p(
        (110, 250),
        "Standard centre sizes (places).",
        "CECI hold 110-250 children (sprinforma.mx; San Quintín 110, Paraje Oriente 250)",
    )
    costs: tuple[float, ...] = _p(
        (22.07e6, 36.1e6),
        "Construction cost of each size, in the country's currency (defaults: pesos; "
        "a pack sets its own). 250 places = the 36.1 MDP standard centre; "
        "110 places scaled by the six-tenths rule (36.1 x (110/250)^0.6).",
        "36.1 MDP standard CECI (sprinforma.mx); six-tenths rule (Williams 1947) is an "
        "ASSUMPTION for the smaller size",
    )
    max_centres: int | None = _p(
        1000,
        "At most this many new centres.",
        "Goal: 1,000 CECI by 2030 (alcaldesdemexico.com, 2025-10-30)",
        ge=0,
    )
    max_places: int | None = _p(
        500_000,
        "At most this many new places.",
        "Goal: ~500,000 places by 2030 (alcaldesdemexico.com, 2025-10-30)",
        ge=0,
    )
    budget: float | None = _p(
        None,
        "Construction budget in the country's currency (none = unlimited).",
        "user input",
        ge=0,
    )
    min_occupancy: float = _p(
        0.5,
        "A new centre is opened only if it is expected to fill at least this share of places.",
        f"{ASSUMPTION}: IMSS guarderías ran at 80.5% occupancy (elclarinete.com.mx); "
        "half-full is the floor we accept for a new centre",
        ge=0,
        le=1,
    )
    max_centres_per_site: int = _p(
        60,
        "At most this many centres at one candidate (a large city is one locality point).",
        f"{ASSUMPTION}: the national locality layer gives one point per city",
        ge=1,
    )
    ageb_cell_km: float = _p(
        1.5,
        "Inside a city split into AGEBs, candidate sites are one AGEB per square cell of this "
        "side (the one with the most IMSS-eligible children), so sites follow the children "
        "without a candidate at every AGEB.",
        f"{ASSUMPTION}: 1.5 km is about 20 minutes' walk across, a fraction of the 20-minute "
        "catchment; finer cells add candidates and time, not better plans",
        gt=0.1,
        le=20.0,
    )
    max_centres_per_ageb_site: int = _p(
        3,
        "At most this many centres at one AGEB candidate (one plot each, in one neighbourhood).",
        f"{ASSUMPTION}: a plot holds one centre (Valle de Chalco's 250 places with a UMF Plus on "
        "~17,000 m², domain-facts.md §1); three neighbouring plots in one 1.5 km cell is the most "
        "we plan without a finer location",
        ge=1,
    )
    min_rural_candidate_population: int = _p(
        1000,
        "Rural localities with at least this population are candidate sites.",
        f"{ASSUMPTION}: a 110-place centre needs a few thousand inhabitants nearby",
        ge=0,
    )
    max_park_dispersion_km: float = _p(
        5.0,
        "Industrial parks whose establishments spread wider than this are not candidates.",
        "SOURCES.md: dispersion_km is the quality flag of the RETC-derived parks",
        gt=0,
    )
    swap_passes: int = _p(
        8,
        "Work limit of the local search: at most this many swap passes (it stops earlier "
        "when a pass improves nothing).",
        "engineering: the national plan stops improving after 4-5 passes",
        ge=0,
        le=1000,
    )
    bound_iterations: int = _p(
        300,
        "Work limit of the certificate: evaluations of the Lagrangian bound (deflected "
        "subgradient) before the restarts.",
        "engineering: nationally a step costs ~25 ms at load 2 on this 2-core machine (whole "
        "sites summed, not sorted); from the polish's duals the bound is 44,475 after 200 "
        "steps, 44,311 after 300, 44,240 after 500 and stops at 44,231 (~900 steps, the "
        "step scale spent): 300 + 2 x 30 steps get most of the way in ~9 s",
        ge=1,
        le=100_000,
    )
    restarts: int = _p(
        2,
        "Lagrangian restarts: searches seeded with the sites the bound's relaxation chose.",
        "engineering: Beasley (1993) Lagrangian heuristic; nationally every restart seeded "
        "by the relaxation beat the first plan (43,308 -> 43,41x-43,49x from five seeds) and "
        "a 2-pass restart takes ~4-5 s",
        ge=0,
        le=100,
    )
    covering_bound_iterations: int = _p(
        600,
        "bound_iterations when no capacity can bind (maximal covering): an evaluation then "
        "needs no sorting and costs about a fifth.",
        "engineering: on SYNTHETIC 5,000 x 1,000 covering instances 500-600 steps reach the "
        "LP bound (bench/siting.py)",
        ge=1,
        le=100_000,
    )
    covering_restarts: int = _p(
        3,
        "restarts when no capacity can bind (maximal covering).",
        "engineering: covering restarts are cheap (a few dozen centres)",
        ge=0,
        le=100,
    )
    restart_bound_iterations: int = _p(
        30,
        "Bound evaluations after each restart (warm-started where the last stopped, with "
        "the new incumbent as target).",
        "engineering",
        ge=0,
        le=100_000,
    )
    restart_swap_passes: int = _p(
        2,
        "Work limit of each Lagrangian restart's local search: at most this many swap "
        "passes (never more than swap_passes; maximal covering restarts use swap_passes).",
        "engineering: nationally a restart with no pass limit ran 7 passes (~2 s each) and "
        "hit its 8 s wall-clock net, so two runs gave different plans; from two seeds, 2 "
        "passes reach 43,451 / 43,436, 4 passes 43,448 / 43,453, 6 (converged) 43,487",
        ge=0,
        le=1000,
    )
    lp_bound_max_pairs: int = _p(
        20_000,
        "Also certify with the LP relaxation (HiGHS, a dual bound safe from its tolerances) "
        "when the instance has at most this many unit-site pairs (0: never).",
        "engineering: up to ~20,000 pairs the LP takes about a second on this machine",
        ge=0,
        le=10_000_000,
    )
    exact_max_sites: int = _p(
        0,
        "Re-solve exactly (HiGHS, the plan as MIP start, a node limit) when reduced-cost "
        "fixing leaves at most this many candidate sites open (0: never).",
        "engineering: off by default -- on SYNTHETIC 5,000 x 1,000 covering instances the "
        "restricted MILP with ~500 sites did not finish its root LP in 2 minutes",
        ge=0,
        le=100_000,
    )
    exact_max_nodes: int = _p(
        2000,
        "Node limit of the exact re-solve (a work limit: the same answer on any machine).",
        "engineering",
        ge=1,
        le=10_000_000,
    )
    optimal_gap: float = _p(
        1e-6,
        "Relative gap at or under which a plan is reported optimal.",
        "engineering: the default relative gap of the exact solve; HiGHS's own default "
        "mip_rel_gap is 1e-4",
        ge=0,
        le=0.1,
    )
    time_limit_s: float = _p(
        40.0,
        "Wall-clock safety net of the local search (the work limit is swap_passes); a plan "
        "stopped by it says so (limits_hit) and may differ from machine to machine.",
        "engineering: about 4x the expected time, so it never binds at normal load: the "
        "national greedy and local search take 5-10 s at load 2-4 on this 2-core machine",
        gt=0,
    )
    bound_time_limit_s: float = _p(
        60.0,
        "Wall-clock safety net of the certificate, all its steps together (the work limit "
        "is bound_iterations + restarts x restart_bound_iterations).",
        "engineering: about 4x the expected time, so it never binds at normal load: the "
        "national bound's 360 steps take ~9-18 s at load 2-3 on this 2-core machine",
        gt=0,
    )
    restart_time_limit_s: float = _p(
        40.0,
        "Wall-clock safety net of the Lagrangian restarts, all together (the work limits are "
        "restarts and restart_swap_passes).",
        "engineering: about 4x the expected time, so it never binds at normal load: the "
        "national plan's two restarts (2 passes each) take ~9-12 s at load 2-3; the former "
        "8 s net was hit and made the national plan depend on the machine",
        gt=0,
    )

    @model_validator(mode="before")
    @classmethod
    def _former_names(cls, data: Any) -> Any:
        """``costs_mxn`` and ``budget_mxn`` still work, with a warning (``RENAMED``)."""
        return former_names("siting", data)

    @model_validator(mode="after")
    def _sizes_match_costs(self) -> SitingParameters:
        if len(self.sizes) != len(self.costs) or not self.sizes:
            raise ValueError("sizes and costs must be non-empty and of equal length")
        if any(s <= 0 for s in self.sizes) or any(c < 0 for c in self.costs):
            raise ValueError("sizes must be positive and costs non-negative")
        return self


class ImpactParameters(BaseModel):
    """Effect of places on women's labour-force participation (dose-response)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dose_response_pp: dict[str, tuple[tuple[float, float], ...]] = _p(
        {
            "low": ((0.0, 0.0), (10.0, 1.0), (30.0, 5.0)),
            "central": ((0.0, 0.0), (10.0, 3.0), (30.0, 11.0)),
            "high": ((0.0, 0.0), (10.0, 5.0), (30.0, 17.0)),
        },
        "Percentage-point rise in mothers' participation by places per 100 eligible children "
        "(piecewise linear, flat beyond the last point).",
        "Calderón & De la Cruz Toledo (APPAM 2018): 10 places/100 -> +1 to 5 pp; "
        ">30/100 -> +5 to 17 pp (central = midpoint)",
    )
    children_per_mother: float = _p(
        1.2,
        "Age-eligible children per mother of such children (to count mothers).",
        f"{ASSUMPTION}: few mothers have two children under 4",
        ge=1.0,
    )
    headroom_weighting: bool = _p(
        True,
        "Scale each unit's siting weight by its room for more women in work "
        "((1 - employment rate) / (1 - national rate), clipped to [0.5, 2]).",
        f"{ASSUMPTION}: the effect of care is larger where fewer women already work",
    )


class ModelParameters(BaseModel):
    """All model parameters, grouped."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    demand: DemandParameters = DemandParameters()
    resolution: ResolutionParameters = ResolutionParameters()
    supply: SupplyParameters = SupplyParameters()
    travel: TravelParameters = TravelParameters()
    deserts: DesertParameters = DesertParameters()
    siting: SitingParameters = SitingParameters()
    impact: ImpactParameters = ImpactParameters()
    staffing: StaffingParameters = StaffingParameters()
    programme: ProgrammeParameters = ProgrammeParameters()
    land: LandParameters = LandParameters()
    #: The source of each value a country pack set (``group.name`` -> source), shown in the
    #: assumptions table instead of the field's own (``with_money``).
    sources: dict[str, str] = Field(default_factory=dict)
    #: The ISO 4217 code of every amount, in the parameters and in what the model computes
    #: (the core's defaults: Mexican pesos; a country pack sets its own with ``with_money``).
    currency: str = Field(default="MXN", pattern=r"^[A-Z]{3}$")


#: The money parameters a country pack sets in its currency (``CountryPack.planning_money``);
#: the core's defaults are pesos (the first pack's).
MONEY_KEYS = (
    "siting.costs",
    "staffing.monthly_salary",
    "staffing.other_cost_per_place_year",
    "programme.capital_per_year",
)


def money_defaults(params: ModelParameters | None = None) -> dict[str, Any]:
    """The money values of ``params`` (the core's defaults when None), by ``MONEY_KEYS``."""
    params = params or ModelParameters()
    out: dict[str, Any] = {}
    for key in MONEY_KEYS:
        group, name = key.split(".")
        out[key] = getattr(getattr(params, group), name)
    return out


def scaled_money(value: Any, factor: float) -> Any:
    """A money value (an amount, a tuple of amounts or a table of them) times ``factor``,
    rounded to whole units of the currency."""
    if isinstance(value, dict):
        return {k: scaled_money(v, factor) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return tuple(scaled_money(v, factor) for v in value)
    return float(round(float(value) * factor))


def with_money(
    params: ModelParameters, money: Mapping[str, PackRule], currency: str
) -> ModelParameters:
    """``params`` in a country pack's ``currency`` (ISO 4217), with its money values
    (``MONEY_KEYS``), their sources kept for the assumptions table."""
    unknown = sorted(set(money) - set(MONEY_KEYS))
    if unknown:
        raise ValueError(
            f"money parameters {', '.join(unknown)} are not a pack's (known: "
            f"{', '.join(MONEY_KEYS)})"
        )
    merged = params.model_dump()
    merged["currency"] = currency
    for key, rule in money.items():
        group, name = key.split(".")
        merged[group][name] = rule.value
    merged["sources"] = {**params.sources, **{k: r.source for k, r in money.items()}}
    return ModelParameters.model_validate(merged)


def assumptions_table(params: ModelParameters) -> list[dict[str, str]]:
    """Rows (group, name, value, description, source) describing every parameter in use."""
    rows: list[dict[str, str]] = []
    for group_name in type(params).model_fields:
        group = getattr(params, group_name)
        if not isinstance(group, BaseModel):
            continue
        for name, field in type(group).model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            rows.append(
                {
                    "group": group_name,
                    "name": name,
                    "value": str(getattr(group, name)),
                    "description": field.description or "",
                    "source": params.sources.get(
                        f"{group_name}.{name}", str(extra.get("source", ""))
                    ),
                }
            )
    return rows
