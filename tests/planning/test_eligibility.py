"""Eligible children: age window shares, fallbacks for missing counts, take-up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redceci.planning.eligibility import add_eligibility, age_eligible_children, age_shares
from redceci.planning.parameters import DemandParameters


def test_default_window_is_43_days_to_4_years() -> None:
    share_0a2, share_3a5 = age_shares(DemandParameters())
    assert share_0a2 == pytest.approx(1 - 43 / (3 * 365.25))
    assert share_3a5 == pytest.approx(1 / 3)


def test_window_extends_to_six_years() -> None:
    params = DemandParameters(age_max_years=6, age_min_days=0)
    assert age_eligible_children(np.array([30.0]), np.array([30.0]), params)[0] == 60


def unit(**over: float) -> pd.DataFrame:
    base = {
        "POBTOT": 1000.0,
        "POBFEM": 500.0,
        "P_0A2": 30.0,
        "P_3A5": 30.0,
        "P_6A11": 40.0,
        "POCUPADA_F": 160.0,
        "PDER_IMSS": 500.0,
        "P_12YMAS_F": 400.0,
        "PEA_F": 200.0,
        "PE_INAC_F": 200.0,
    }
    base.update(over)
    return pd.DataFrame([base])


def test_eligible_is_children_times_working_share_take_up_and_insured_share() -> None:
    params = DemandParameters(take_up_rate=0.5, latent_work_share=0.25)
    out = add_eligibility(unit(), params).iloc[0]
    children = 30 * (1 - 43 / (3 * 365.25)) + 10
    working = 160 / 400 + 0.25 * 200 / 400
    assert out["children"] == pytest.approx(children)
    assert out["need"] == pytest.approx(children * working * 0.5)
    assert out["eligible"] == pytest.approx(children * working * 0.5 * 0.5)


def test_missing_women_12_plus_is_estimated_from_the_adult_share() -> None:
    out = add_eligibility(
        unit(P_12YMAS_F=np.nan, PEA_F=np.nan, PE_INAC_F=np.nan), DemandParameters()
    ).iloc[0]
    women = 500 * (1 - 100 / 1000)
    assert out["women_12plus"] == pytest.approx(women)
    assert out["employed_share"] == pytest.approx(160 / women)
    assert out["inactive_share"] == pytest.approx(1 - 160 / women)
