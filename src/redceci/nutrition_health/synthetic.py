"""SYNTHETIC health data for demos, tests and the bench: measurements drawn so that stunting,
wasting and overweight appear at Mexico's published rates, vaccination cards with late doses,
and food allergies at published rates. Nobody drawn exists; every generator is seeded.

Rates (parameters, with sources):

* ENSANUT 2018-19, children under 5 (Shamah-Levy et al., "Encuesta Nacional de Salud y Nutrición
  2018-19: Resultados Nacionales", INSP 2020) [U: figures from secondary summaries]: stunting
  (talla baja) 14.2 %, wasting (emaciación) 1.4 %, overweight including obesity 8.2 %. The
  draws use z ~ Normal(mean, sd) with the means solved so that P(z < -2) or P(z > 2) hits the
  rate (length: sd 1, the WHO reference's; weight-for-length: the mean and sd that give both the
  wasting and the overweight rate).
* Food allergy among US children (Gupta et al., Pediatrics 2011;128(1):e9-e17) [U: recalled
  figures; no Mexican estimate found]: peanut 2.0 %, milk 1.7 %, crustacean 1.0 %, tree nuts
  1.0 %, egg 0.8 %, fish 0.5 %, wheat (gluten) 0.4 %, soy 0.4 %.
* Vaccination: ASSUMPTION each due dose is given, late by 0-20 days, with probability 0.97
  (about 60 % of children then have every due dose); a dose skipped stays missing. No published
  dose-level rate was found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

from redceci.nutrition_health.foods import Allergen
from redceci.nutrition_health.growth import GrowthStandards
from redceci.platform.vaccines import Schedule


@dataclass(frozen=True)
class HealthRates:
    stunting: float = 0.142
    wasting: float = 0.014
    overweight: float = 0.082
    allergies: dict[Allergen, float] = field(
        default_factory=lambda: {
            Allergen.PEANUT: 0.020,
            Allergen.MILK: 0.017,
            Allergen.CRUSTACEAN: 0.010,
            Allergen.TREE_NUT: 0.010,
            Allergen.EGG: 0.008,
            Allergen.FISH: 0.005,
            Allergen.GLUTEN: 0.004,
            Allergen.SOY: 0.004,
        }
    )
    dose_given: float = 0.97
    source: str = "ENSANUT 2018-19 (INSP 2020) [U]; Gupta et al. Pediatrics 2011 [U]; ASSUMPTION"


def _mean_for(rate: float, *, low: bool) -> float:
    """Mean of a unit-variance normal with ``rate`` of its mass below -2 (or above +2)."""
    q = NormalDist().inv_cdf(rate)
    return -2.0 - q if low else 2.0 + q


def _two_tailed(low_rate: float, high_rate: float) -> tuple[float, float]:
    """Mean and sd of the normal with ``low_rate`` below -2 and ``high_rate`` above +2
    (weight-for-length: wasting and overweight at once)."""
    q_low = NormalDist().inv_cdf(low_rate)
    q_high = NormalDist().inv_cdf(1.0 - high_rate)
    sd = 4.0 / (q_high - q_low)
    return -2.0 - q_low * sd, sd


@dataclass(frozen=True)
class SyntheticMeasurement:
    day: dt.date
    weight_kg: float
    length_cm: float
    position: str


def measurements(
    standards: GrowthStandards,
    rng: np.random.Generator,
    *,
    sex: str,
    birth: dt.date,
    until: dt.date,
    every_days: int = 91,
    rates: HealthRates | None = None,
) -> list[SyntheticMeasurement]:
    """A child's quarterly measurements: a length-for-age z and a weight-for-length z drawn once
    (so the child keeps a track), small noise each visit, lengths to 0.1 cm, weights to 0.1 kg."""
    r = rates or HealthRates()
    g = 0 if sex == "M" else 1
    zlen = rng.normal(_mean_for(r.stunting, low=True), 1.0)
    zwfl = rng.normal(*_two_tailed(r.wasting, r.overweight))
    out = []
    first = birth + dt.timedelta(days=int(rng.integers(30, every_days)))
    day = max(first, until - dt.timedelta(days=every_days * 6))
    while day <= until:
        age = (day - birth).days
        if age >= standards.lhfa.size:
            break
        l_, m, s = (standards.lhfa.l[g, age], standards.lhfa.m[g, age], standards.lhfa.s[g, age])
        z = zlen + rng.normal(0, 0.1)
        length = float(m * (1 + l_ * s * z) ** (1 / l_))
        lying = age < 731
        table = standards.wfl if lying else standards.wfh
        idx = round((length - table.start) / table.step)
        if 0 <= idx < table.size:
            wl, wm, ws = table.l[g, idx], table.m[g, idx], table.s[g, idx]
            zw = float(np.clip(zwfl + rng.normal(0, 0.15), -4.5, 4.5))
            weight = float(wm * (1 + wl * ws * zw) ** (1 / wl))
            out.append(
                SyntheticMeasurement(day, round(weight, 1), round(length, 1), "L" if lying else "H")
            )
        day += dt.timedelta(days=every_days)
    return out


def card(
    schedule: Schedule,
    rng: np.random.Generator,
    *,
    birth: dt.date,
    until: dt.date,
    rates: HealthRates | None = None,
) -> list[tuple[str, int, dt.date]]:
    """Doses on a child's card by ``until``: each due dose given (late by 0-20 days) or not."""
    r = rates or HealthRates()
    out = []
    for dose in schedule.doses:
        due = schedule.due_on(dose, birth)
        given = due + dt.timedelta(days=int(rng.integers(0, 21)))
        if given <= until and rng.random() < r.dose_given:
            out.append((dose.vaccine, dose.number, given))
    return out


def allergies(rng: np.random.Generator, rates: HealthRates | None = None) -> list[Allergen]:
    """The allergens one child is allergic to (mostly none)."""
    r = rates or HealthRates()
    return [a for a, p in r.allergies.items() if rng.random() < p]
