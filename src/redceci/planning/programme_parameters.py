"""Parameters of the programme over time: the yearly pace and budget, land, staff and running
cost, and the sensitivity scenarios; each with its source or marked ASSUMPTION."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from redceci.planning.fields import ASSUMPTION, former_names
from redceci.planning.fields import sourced as _p

#: Standard CECI construction cost, pesos (sprinforma.mx, domain-facts.md §1).
STANDARD_COST_MXN = 36.1e6
_PACE_SOURCE = (
    "domain-facts.md §1 'Build schedule': 200 start 2026, 250 in 2027, 200 a year in 2028-2029, "
    "the rest by 2030 (alcaldesdemexico.com 2025-10-30; pulsoslp.com.mx); 203 being prepared "
    "for 2026 (eleconomista.com.mx 2025-12-15)"
)

#: The 2026 general minimum wage, pesos a month (315.04 a day; CONASAMI, 3 Dec 2025,
#: eleconomista.com.mx 20251203-789397 and mgmnoticias.mx/?p=61343: 9,582.47 a month).
MINIMUM_WAGE_2026_MONTH = 9_582.47


class StaffingParameters(BaseModel):
    """Staff a centre needs by role and what it costs a year (``planning.staffing``).

    Educators (the ratio rules' leads per sala) and assistants follow the country pack's ratio
    rules (``ratios``; Mexico's: ``platform.ratios.DEFAULT_RATIOS``) over its rooms by age
    (``rooms``; Mexico's: ``platform.rooms.DEFAULT_ROOMS``; places split by
    ``platform.room_mix``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sala_max_children: dict[str, int] = _p(
        {"lactantes": 20, "maternales": 30, "preescolar": 30},
        "Most children in one sala (room) of each age group; a group larger than this is "
        "split into salas of even size, each with its lead educator. Under ratio rules with no "
        "lead, a group not listed is one sala.",
        f"{ASSUMPTION}: IMSS sala sizes are not published (domain-facts.md: 'Rooms / age groups "
        "... NOT FOUND'); 20 lactantes keeps one adult per 4 infants with the 1:5 assistant rule",
    )
    centre_roles: dict[str, tuple[float, float]] = _p(
        {
            "director": (1.0, 0.0),
            "nutritionist": (1.0, 0.0),
            "nurse_doctor": (1.0, 0.0),
            "cook": (0.0, 50.0),
            "cleaning": (1.0, 60.0),
            "security": (2.0, 0.0),
        },
        "Other roles: (fixed per centre, one more per this many children; 0 = none).",
        "operations-facts.md §1 [U]: one health-filter doctor or nurse per centre, one kitchen "
        "assistant per 50 children; domain-facts.md §1: IMSS's own nutritionists; director, "
        f"cleaning (one per 60 children) and two security guards (CCTV, access control) are an "
        f"{ASSUMPTION}",
    )
    monthly_salary: dict[str, float] = _p(
        {
            "educator": 20_000.0,
            "assistant": 14_000.0,
            "director": 35_000.0,
            "nutritionist": 22_000.0,
            "nurse_doctor": 22_000.0,
            "cook": 11_200.0,
            "cleaning": 9_600.0,
            "security": 9_950.0,
        },
        "Gross monthly salary by role, in the country's currency (defaults: pesos, 2026).",
        "Floors: general minimum wage 315.04 pesos/day = 9,582.47/month; professional minima "
        "2026 cocinero 368.05/day, velador 326.38/day (CONASAMI; eleconomista.com.mx "
        "2025-12-03, nmas.com.mx). Educator, assistant, director, nutritionist and nurse are an "
        f"{ASSUMPTION} (IMSS's 2026 tabulator for guardería staff not found)",
    )
    on_cost_factor: float = _p(
        1.5,
        "Employer's cost per peso of salary: social security, INFONAVIT, retirement savings, "
        "year-end bonus and holiday premium.",
        f"{ASSUMPTION}: employer contributions of roughly 25-30% (LSS), INFONAVIT 5%, SAR 2% "
        "and aguinaldo plus vacation premium of about 15% of salary",
        ge=1.0,
    )
    relief_factor: float = _p(
        1.1,
        "Educators and assistants hired per post, so the ratios hold on days with holidays, "
        "sick leave and training (other roles: one person per post).",
        f"{ASSUMPTION}: about one care post in ten absent on an average day",
        ge=1.0,
    )
    other_cost_per_place_year: float = _p(
        25_000.0,
        "Non-staff running cost per place and year (food, materials, utilities, maintenance), in "
        "the country's currency (defaults: pesos).",
        f"{ASSUMPTION}: about 70 pesos a child-day for food over 250 days plus 7,500 a place "
        "for materials, utilities and upkeep",
        ge=0.0,
    )

    @model_validator(mode="before")
    @classmethod
    def _former_names(cls, data: Any) -> Any:
        """``monthly_salary_mxn`` still works, with a warning (``fields.RENAMED``)."""
        return former_names("staffing", data)


class ProgrammeParameters(BaseModel):
    """The programme over time (``planning.phasing``): which centre opens in which year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_year: int = _p(2026, "First year of openings.", _PACE_SOURCE, ge=2000, le=2100)
    last_year: int = _p(
        2030,
        "Last year: every centre left opens then ('the rest by 2030').",
        "Goal: 1,000 CECI by 2030 (alcaldesdemexico.com, 2025-10-30)",
        ge=2000,
        le=2100,
    )
    centres_per_year: dict[int, int] = _p(
        {2026: 200, 2027: 250, 2028: 200, 2029: 200},
        "Most centres opening each year before the last (the last takes the rest).",
        _PACE_SOURCE,
    )
    capital_per_year: dict[int, float] = _p(
        {2026: 200 * STANDARD_COST_MXN, 2027: 250 * STANDARD_COST_MXN}
        | dict.fromkeys((2028, 2029), 200 * STANDARD_COST_MXN),
        "Construction budget of each year before the last, in the country's currency (defaults: "
        "pesos; the last year: what is left).",
        "The yearly pace times the 36.1 MDP standard centre (sprinforma.mx; domain-facts.md §1)",
    )
    construction_months: int = _p(
        10,
        "Months from a donated plot (or a started build) to an open centre.",
        "Paraje Oriente, Ciudad Juárez: first stone 30 Apr 2025, due Jan-Mar 2026 "
        "(razon.com.mx 2025-12-14; adiario.mx), 9-11 months",
        ge=0,
        le=60,
    )
    land_months: int = _p(
        6,
        "Months for a site without a plot to get one offered, validated and donated.",
        f"{ASSUMPTION}: siting depends on municipal land donation (domain-facts.md §1); 150 "
        "plots were validated within the programme's first year",
        ge=0,
        le=60,
    )
    donation_months: int = _p(
        3,
        "Months from a validated plot to its donation.",
        f"{ASSUMPTION}: the donation of Valle de Chalco's plot was approved by the municipal "
        "council after validation (mvs.editor80.com 2026-01-04)",
        ge=0,
        le=60,
    )
    first_year_operating_share: float = _p(
        0.5,
        "Share of a year a centre runs in the year it opens (its first-year running cost).",
        f"{ASSUMPTION}: openings spread evenly over the year",
        ge=0.0,
        le=1.0,
    )
    goal_centres: int = _p(1000, "Centres by 2030.", "alcaldesdemexico.com, 2025-10-30", ge=0)
    goal_places: int = _p(500_000, "Places by 2030.", "alcaldesdemexico.com, 2025-10-30", ge=0)
    bound_seconds_per_year: float = _p(
        10.0,
        "Seconds given to the Lagrangian upper bound of each year before the last.",
        "engineering: the certificate tightens with time",
        gt=0,
    )
    robust_within_km: float = _p(
        2.0,
        "A scenario keeps a site of the plan when it chooses a site within this distance of "
        "it (the same neighbourhood: AGEB candidates are one per 1.5 km cell).",
        f"{ASSUMPTION}: neighbouring AGEBs are interchangeable plots for one centre",
        ge=0.0,
    )
    take_up_low_high: tuple[float, float] = _p(
        (0.30, 0.60),
        "Take-up in the low and high scenarios (central: the demand model's take_up_rate).",
        f"{ASSUMPTION}: around ENASIC 2022's 44% of children aged 0-5 in a care service (ciep.mx)",
    )
    latent_work_low_high: tuple[float, float] = _p(
        (0.05, 0.20),
        "Share of inactive mothers who would work with care, in the low and high scenarios "
        "(the employment response; central: latent_work_share).",
        f"{ASSUMPTION}: IMCO: 68% of women who want a job do not look for lack of care",
    )
    children_2030_factor: float = _p(
        0.84,
        "Children aged 0-4 in 2030 per child of the 2020 census (the demand-of-2030 scenario).",
        f"{ASSUMPTION} from published figures: registered births fell from 2,162,535 (2018, "
        "INEGI, the census cohorts) to 1,820,888 (2023, INEGI ENR), a ratio of 0.84; CONAPO's "
        "Proyecciones de la Población de México 2020-2070 (11 Jul 2023) foresee fertility "
        "falling further (1.92 children per woman in 2023, 1.49 in 2070). CONAPO's 0-4 figure "
        "for 2030 is not in the data folder: replace this factor with it",
        gt=0.0,
        le=2.0,
    )

    @model_validator(mode="before")
    @classmethod
    def _former_names(cls, data: Any) -> Any:
        """``capital_per_year_mxn`` still works, with a warning (``fields.RENAMED``)."""
        return former_names("programme", data)

    @model_validator(mode="after")
    def _years_fit(self) -> ProgrammeParameters:
        if self.last_year < self.first_year:
            raise ValueError("last_year must not be before first_year")
        for name in ("centres_per_year", "capital_per_year"):
            values: dict[int, float] = getattr(self, name)
            outside = [y for y in values if not self.first_year <= y < self.last_year]
            if outside:
                raise ValueError(f"{name}: years {outside} are outside the years before the last")
            if any(v < 0 for v in values.values()):
                raise ValueError(f"{name}: values must be non-negative")
        return self

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))


class LandParameters(BaseModel):
    """Plots for centres: the area each size needs (``planning.land``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_area_m2: dict[int, float] = _p(
        {110: 3_500.0, 250: 5_000.0},
        "Smallest plot, m², for a centre of each size (places); a size not listed needs the "
        "area of the next larger one listed, scaled by places.",
        "110 places: San Quintín's 3,500 m² donated plot (diarioimagen.net); 250 places: "
        f"{ASSUMPTION} for a one-storey centre with a central patio, between Las Gladiolas' "
        "1,382 m² (a denser, costlier build, 46 MDP) and Valle de Chalco's ~17,000 m² shared "
        "with a UMF Plus (domain-facts.md §1)",
    )
    plot_match_km: float = _p(
        2.0,
        "A planned site has land when an open plot of the registry lies within this distance.",
        f"{ASSUMPTION}: the same neighbourhood (AGEB candidates are one per 1.5 km cell)",
        gt=0.0,
    )
    desert_share_flag: float = _p(
        0.5,
        "An offered plot lies in a care desert when at least this share of the age-eligible "
        "children in its catchment live in desert units.",
        f"{ASSUMPTION}: a majority of the catchment",
        ge=0.0,
        le=1.0,
    )
