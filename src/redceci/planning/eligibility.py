"""Eligible children per demand unit: age window, IMSS coverage, working mothers, take-up.

Adds derived columns to the demand units; every factor is a named parameter (``DemandParameters``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.planning.parameters import DemandParameters

DAYS_0A2 = 3 * 365.25  # P_0A2 covers ages 0, 1 and 2 (three birthdays)
DAYS_3A5 = 3 * 365.25


def age_shares(params: DemandParameters) -> tuple[float, float]:
    """Shares of the census groups 0-2 and 3-5 inside the age window, ages spread evenly.

    The window [43 days, 4 years) takes all of 0-2 minus the first 43 days, and a third of 3-5.
    """
    lo, hi = float(params.age_min_days), params.age_max_days
    share_0a2 = max(0.0, min(hi, DAYS_0A2) - lo) / DAYS_0A2
    share_3a5 = max(0.0, min(hi, DAYS_0A2 + DAYS_3A5) - max(lo, DAYS_0A2)) / DAYS_3A5
    return share_0a2, share_3a5


def age_eligible_children(
    p_0a2: np.ndarray, p_3a5: np.ndarray, params: DemandParameters
) -> np.ndarray:
    """Children between ``age_min_days`` and ``age_max_years`` (see ``age_shares``)."""
    share_0a2, share_3a5 = age_shares(params)
    return np.asarray(p_0a2 * share_0a2 + p_3a5 * share_3a5, dtype=float)


def women_12_plus(units: pd.DataFrame) -> np.ndarray:
    """Women aged 12+: the census count where given, else women times the 12+ population share."""
    pop = units["POBTOT"].to_numpy(dtype=float)
    under12 = units[["P_0A2", "P_3A5", "P_6A11"]].sum(axis=1).to_numpy(dtype=float)
    estimate = units["POBFEM"].to_numpy(dtype=float) * np.clip(
        1.0 - under12 / np.maximum(pop, 1.0), 0.0, 1.0
    )
    given = units["P_12YMAS_F"].to_numpy(dtype=float)
    return np.where(np.isnan(given), estimate, given)


def add_eligibility(units: pd.DataFrame, params: DemandParameters) -> pd.DataFrame:
    """Return ``units`` with the demand columns the planning model uses.

    Added columns
    -------------
    children
        Age-eligible children (all families), times ``child_population_factor``: the
        population for deserts and 2SFCA.
    employed_share
        Employed women / women 12+ (``POCUPADA_F``).
    inactive_share
        Inactive women / women 12+ (``PE_INAC_F`` where given, else 1 - ``PEA_F`` share,
        else 1 - employed share).
    insured_share
        Share of the population covered by the insurer (IMSS; ``PDER_IMSS / POBTOT``).
    need
        Children whose mothers work or would work, times take-up: the demand for care that all
        providers (public and private) meet.
    eligible
        ``need`` in IMSS-insured households: the demand a CECI can serve.
    """
    out = units.copy()
    pop = np.maximum(out["POBTOT"].to_numpy(dtype=float), 1e-9)
    women = np.maximum(women_12_plus(out), 1e-9)
    employed = np.clip(out["POCUPADA_F"].to_numpy(dtype=float) / women, 0.0, 1.0)
    inactive_given = out["PE_INAC_F"].to_numpy(dtype=float) / women
    active_given = out["PEA_F"].to_numpy(dtype=float) / women
    inactive = np.where(
        np.isnan(inactive_given),
        np.where(np.isnan(active_given), 1.0 - employed, 1.0 - active_given),
        inactive_given,
    )
    inactive = np.clip(inactive, 0.0, 1.0 - employed)
    children = params.child_population_factor * age_eligible_children(
        out["P_0A2"].to_numpy(dtype=float), out["P_3A5"].to_numpy(dtype=float), params
    )
    insured = np.clip(out["PDER_IMSS"].to_numpy(dtype=float) / pop, 0.0, 1.0)
    working = np.clip(employed + params.latent_work_share * inactive, 0.0, 1.0)
    need = children * working * params.take_up_rate
    out["women_12plus"] = women
    out["children"] = children
    out["employed_share"] = employed
    out["inactive_share"] = inactive
    out["insured_share"] = insured
    out["need"] = need
    out["eligible"] = need * insured
    return out
