"""SYNTHETIC health draws: the prevalences the WHO z-scores find in them are the published rates
they were drawn for (within sampling error), cards and allergies at their rates; seeded."""

from __future__ import annotations

import datetime as dt

import numpy as np

from redceci.countries.mx.vaccines import CNV_2023
from redceci.data.growth_standards import who_standards
from redceci.nutrition_health import synthetic
from redceci.nutrition_health.growth import zscores

UNTIL = dt.date(2026, 3, 1)


def test_drawn_measurements_show_the_ensanut_prevalences() -> None:
    who, rng, rates = who_standards(), np.random.default_rng(5), synthetic.HealthRates()
    rows = []
    for i in range(4000):
        sex = "MF"[i % 2]
        birth = UNTIL - dt.timedelta(days=int(rng.integers(60, 1800)))
        drawn = synthetic.measurements(who, rng, sex=sex, birth=birth, until=UNTIL)
        if not drawn:  # too young for a first visit yet
            continue
        m = drawn[-1]
        rows.append((sex, (m.day - birth).days, m.weight_kg, m.length_cm, m.position))
    sex, age, weight, length, position = map(np.array, zip(*rows, strict=True))
    z = zscores(who, sex=sex, age_days=age, weight_kg=weight, lenhei_cm=length, position=position)
    n = len(rows)
    assert n > 3800
    for found, rate in (
        ((z.zlen < -2).mean(), rates.stunting),
        ((z.zwfl < -2).mean(), rates.wasting),
        ((z.zwfl > 2).mean(), rates.overweight),
    ):
        assert abs(found - rate) < 4 * np.sqrt(rate * (1 - rate) / n) + 0.005


def test_cards_and_allergies_follow_their_rates() -> None:
    rng, rates = np.random.default_rng(6), synthetic.HealthRates()
    birth = dt.date(2023, 1, 1)
    due = sum(
        1 for d in CNV_2023.doses if CNV_2023.due_on(d, birth) + dt.timedelta(days=20) <= UNTIL
    )
    given = [len(synthetic.card(CNV_2023, rng, birth=birth, until=UNTIL)) for _ in range(2000)]
    assert abs(np.mean(given) / due - rates.dose_given) < 0.01
    allergic = np.mean([len(synthetic.allergies(rng)) for _ in range(20000)])
    assert abs(allergic - sum(rates.allergies.values())) < 0.01
