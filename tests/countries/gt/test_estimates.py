"""Guatemala's municipal estimates: national totals kept, the dependency ratio moving children
where it is higher, real counts replacing estimates exactly, bad input refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redceci.countries.gt.estimates import (
    EstimateParameters,
    NationalFigures,
    estimate_counts,
    parameters_from,
)
from redceci.errors import InputError

NATIONAL = NationalFigures(
    children_0_4=(1000.0, "test"),
    old_age_share=(0.05, "test"),
    women_share=(0.5, "test"),
    insured_share=(0.2, "test"),
    formal_share=(0.3, "test"),
    care_places=(100.0, "test"),
)


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    index = pd.Index(["0101", "0102", "1601"])
    mun = pd.DataFrame({"POBTOT": [10_000.0, 10_000.0, 5_000.0]}, index=index)
    ind = pd.DataFrame(
        {
            "dependency": [0.45, 0.90, 0.90],
            "not_employed": [0.40, 0.50, 0.60],
            "rural": [0.0, 0.5, 1.0],
        },
        index=index,
    )
    return mun, ind


def test_national_totals_are_kept_and_more_dependants_mean_more_children() -> None:
    mun, ind = frames()
    est = estimate_counts(mun, ind, NATIONAL, EstimateParameters())
    c04 = est.counts["P_0A2"] / 0.6
    assert c04.sum() == pytest.approx(1000.0)
    assert c04["0102"] > c04["0101"]  # same people, higher dependency
    assert c04["0102"] == pytest.approx(2 * c04["1601"])  # same ratio, twice the people
    assert est.care_places.sum() == pytest.approx(100.0)
    assert est.counts["PDER_IMSS"].sum() == pytest.approx(0.2 * 25_000)
    assert est.counts["PDER_IMSS"]["1601"] == 0.0  # wholly rural
    assert {e.name for e in est.estimates} == {
        "children_0_4",
        "employed_women",
        "insured",
        "care_places",
    }


def test_without_the_dependency_weight_children_follow_population() -> None:
    mun, ind = frames()
    est = estimate_counts(mun, ind, NATIONAL, parameters_from({"dependency_weight": 0.0}))
    c04 = est.counts["P_0A2"] / 0.6
    assert np.allclose(c04.to_numpy(), [400.0, 400.0, 200.0])


def test_employed_women_are_adults_at_work_times_women_s_share_of_jobs() -> None:
    mun, ind = frames()
    est = estimate_counts(mun, ind, NATIONAL, parameters_from({"dependency_weight": 0.0}))
    share = 0.3 * 0.30 + 0.7 * 0.39
    adults = 10_000.0 - 3.6 * 400.0
    assert est.counts.loc["0101", "POCUPADA_F"] == pytest.approx(adults * 0.6 * share)


def test_real_counts_replace_estimates_where_given_only() -> None:
    mun, ind = frames()
    base = estimate_counts(mun, ind, NATIONAL, EstimateParameters())
    real = pd.DataFrame(
        {"children_0_4": [123.0, np.nan], "insured": [7.0, 9.0]}, index=["0102", "1601"]
    )
    est = estimate_counts(mun, ind, NATIONAL, EstimateParameters(), counts=real)
    assert est.counts.loc["0102", "P_0A2"] == pytest.approx(0.6 * 123.0)
    assert est.counts.loc["1601", "P_0A2"] == pytest.approx(base.counts.loc["1601", "P_0A2"])
    assert list(est.counts["PDER_IMSS"].loc[["0102", "1601"]]) == [7.0, 9.0]
    replaced = {e.name: e.replaced_in for e in est.estimates}
    assert replaced == {"children_0_4": 1, "employed_women": 0, "insured": 2, "care_places": 0}


def test_bad_input_is_refused_with_its_reason() -> None:
    mun, ind = frames()
    with pytest.raises(InputError, match="unknown municipio code"):
        estimate_counts(
            mun,
            ind,
            NATIONAL,
            EstimateParameters(),
            counts=pd.DataFrame({"insured": [1.0]}, index=["9999"]),
        )
    with pytest.raises(InputError, match="no indicators"):
        estimate_counts(mun, ind.drop(index="0101"), NATIONAL, EstimateParameters())
    with pytest.raises(InputError, match=r"\[estimates\].*women_share_formal"):
        parameters_from({"women_share_formal": 1.5})
    with pytest.raises(InputError, match=r"\[estimates\].*nonsense"):
        parameters_from({"nonsense": 1.0})


def test_user_values_override_the_reference_figures() -> None:
    mun, ind = frames()
    est = estimate_counts(mun, ind, NATIONAL, parameters_from({"children_0_4_national": 500.0}))
    assert (est.counts["P_0A2"] / 0.6).sum() == pytest.approx(500.0)
    assert "user value" in next(e.source for e in est.estimates if e.name == "children_0_4")
