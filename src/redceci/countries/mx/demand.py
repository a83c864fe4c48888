"""Mexico's demand units: INEGI census counts placed at locality points, municipal totals
preserved exactly.

True locality figures (ITER, AGEB locality totals) are used where the census gives them; every
other count is disaggregated from the municipal total in proportion to population.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redceci.planning.demand import REQUIRED_COUNTS, UNIT_COLUMNS, UNIT_COUNTS

__all__ = ["URBAN_POPULATION", "demand_from_census", "impute_missing_totals"]

URBAN_POPULATION = 2500  # INEGI: a locality of 2,500 people or more is urban


def impute_missing_totals(municipalities: pd.DataFrame) -> pd.DataFrame:
    """Fill a suppressed municipal count from its state's ratio to population.

    A handful of municipal totals are suppressed (``*``). The state's ratio of that count to
    population, over the municipalities that report it, times the municipality's population,
    stands in. Optional counts (``P_12YMAS_F`` ...) are left missing.
    """
    out = municipalities.copy()
    for col in REQUIRED_COUNTS:
        missing = out[col].isna()
        if not missing.any():
            continue
        known = out[~missing]
        ratio = known.groupby("CVE_ENT")[col].sum() / known.groupby("CVE_ENT")["POBTOT"].sum()
        fill = out.loc[missing, "CVE_ENT"].map(ratio) * out.loc[missing, "POBTOT"]
        out.loc[missing, col] = fill.round()
    return out


def demand_from_census(
    municipalities: pd.DataFrame,
    points: pd.DataFrame,
    *,
    localities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Build demand units whose counts sum, per municipality, to the census totals.

    Parameters
    ----------
    municipalities
        One row per municipality: ``CVEGEO``, ``CVE_ENT``, ``LAT_CABECERA``, ``LON_CABECERA``
        and the ``UNIT_COUNTS`` (optional ones may be NaN).
    points
        Locality points: ``CVEGEO`` (9 digits), ``MUN_CVEGEO``, ``NOM_LOC``, ``LAT``, ``LON``,
        ``URBAN``, ``POBTOT`` (population only).
    localities
        True locality figures where the census gives them: ``CVEGEO``, ``MUN_CVEGEO``,
        ``NOM_LOC``, counts (NaN where suppressed), optional ``LAT``/``LON`` (else taken from
        the matching point, else the municipal seat).

    Returns
    -------
    DataFrame with ``UNIT_COLUMNS``. ``SOURCE`` is ``census`` (true locality figures),
    ``points`` (population from the point, other counts disaggregated) or ``remainder`` (people
    in point-only rural localities, kept at the municipal seat).

    Notes
    -----
    For each municipality and count, the residual (municipal total minus the known unit values)
    is shared among units whose value is unknown, in proportion to their population. If known
    values exceed the total (inconsistent sources), they are scaled down to the total.
    """
    mun = impute_missing_totals(municipalities).set_index("CVEGEO", drop=False)
    seat = mun[["LAT_CABECERA", "LON_CABECERA"]]
    frames = []
    if localities is not None and len(localities):
        true = localities.copy()
        by_point = points.set_index("CVEGEO")
        for axis, seat_col in (("LAT", "LAT_CABECERA"), ("LON", "LON_CABECERA")):
            if axis not in true:
                true[axis] = np.nan
            true[axis] = true[axis].fillna(true["CVEGEO"].map(by_point[axis]))
            true[axis] = true[axis].fillna(true["MUN_CVEGEO"].map(seat[seat_col]))
        # AGEB-file locality rows are named "Total de la localidad urbana": the point's name.
        true["NOM_LOC"] = true["CVEGEO"].map(by_point["NOM_LOC"]).fillna(true["NOM_LOC"])
        true["URBAN"] = true["CVEGEO"].map(by_point["URBAN"])
        true["URBAN"] = true["URBAN"].fillna(true["POBTOT"] >= URBAN_POPULATION).astype(bool)
        true["unit_id"] = true["CVEGEO"]
        true["SOURCE"] = "census"
        frames.append(true)
        covered = set(true["CVEGEO"])
        points = points[~points["CVEGEO"].isin(covered)]
    pts = points.copy()
    pts["POBTOT"] = pts["POBTOT"].fillna(0.0)
    for col in UNIT_COUNTS[1:]:
        pts[col] = np.nan
    pts["unit_id"] = pts["CVEGEO"]
    pts["SOURCE"] = "points"
    frames.append(pts)
    rest = pd.DataFrame(
        {
            "unit_id": mun["CVEGEO"].to_numpy() + "R",
            "MUN_CVEGEO": mun["CVEGEO"].to_numpy(),
            "NOM_LOC": "Resto del municipio (localidades sin punto)",
            "LAT": mun["LAT_CABECERA"].to_numpy(),
            "LON": mun["LON_CABECERA"].to_numpy(),
            "URBAN": False,
            "SOURCE": "remainder",
        }
    )
    for col in UNIT_COUNTS:
        rest[col] = np.nan
    frames.append(rest)
    units = pd.concat([f.reindex(columns=list(UNIT_COLUMNS)) for f in frames], ignore_index=True)
    units = units[units["MUN_CVEGEO"].isin(mun.index)].reset_index(drop=True)
    units["CVE_ENT"] = units["MUN_CVEGEO"].str[:2]
    units["URBAN"] = units["URBAN"].astype(bool)
    _fit_population(units, mun)
    for col in UNIT_COUNTS[1:]:
        _fill_from_total(units, mun[col], col)
    has_any = units[list(UNIT_COUNTS)].fillna(0.0).gt(0).any(axis=1)
    keep = (units["SOURCE"] != "remainder") | has_any
    return units[keep].reset_index(drop=True)


def _fit_population(units: pd.DataFrame, mun: pd.DataFrame) -> None:
    """Give the remainder units the people not at any point; scale points if they overshoot."""
    total = units["MUN_CVEGEO"].map(mun["POBTOT"]).to_numpy()
    is_true = (units["SOURCE"] == "census").to_numpy()
    is_point = (units["SOURCE"] == "points").to_numpy()
    is_rest = (units["SOURCE"] == "remainder").to_numpy()
    pop = units["POBTOT"].fillna(0.0).to_numpy(dtype=float)
    codes, group = np.unique(units["MUN_CVEGEO"].to_numpy(), return_inverse=True)
    known_true = np.bincount(group, weights=np.where(is_true, pop, 0.0), minlength=len(codes))
    known_pts = np.bincount(group, weights=np.where(is_point, pop, 0.0), minlength=len(codes))
    mun_total = np.zeros(len(codes))
    mun_total[group] = total
    room_for_points = np.maximum(mun_total - known_true, 0.0)
    scale = np.where(
        known_pts > room_for_points, room_for_points / np.maximum(known_pts, 1e-12), 1.0
    )
    pop = np.where(is_point, pop * scale[group], pop)
    known = np.bincount(group, weights=np.where(is_rest, 0.0, pop), minlength=len(codes))
    pop = np.where(is_rest, np.maximum(mun_total - known, 0.0)[group], pop)
    units["POBTOT"] = pop


def _fill_from_total(units: pd.DataFrame, totals: pd.Series, col: str) -> None:
    """Share each municipality's residual of ``col`` among units whose value is unknown."""
    total = units["MUN_CVEGEO"].map(totals).to_numpy(dtype=float)
    values = units[col].to_numpy(dtype=float)
    if np.isnan(total).all():
        return
    known = ~np.isnan(values)
    pop = units["POBTOT"].to_numpy(dtype=float)
    codes, group = np.unique(units["MUN_CVEGEO"].to_numpy(), return_inverse=True)
    n = len(codes)
    mun_total = np.full(n, np.nan)
    mun_total[group] = total
    sum_known = np.bincount(group, weights=np.where(known, values, 0.0), minlength=n)
    unknown_pop = np.bincount(group, weights=np.where(known, 0.0, pop), minlength=n)
    is_rest = (units["SOURCE"] == "remainder").to_numpy()
    residual = mun_total - sum_known
    over = residual < 0
    # Inconsistent sources: known values exceed the total; scale them down to it.
    shrink = np.where(over, mun_total / np.maximum(sum_known, 1e-12), 1.0)
    values = np.where(known, values * shrink[group], values)
    residual = np.where(over, 0.0, residual)
    # Residual with no unknown population to carry it goes to the municipality's remainder unit.
    no_carrier = unknown_pop[group] <= 0
    share = np.where(
        ~known & ~no_carrier, pop / np.maximum(unknown_pop[group], 1e-12), 0.0
    ) + np.where(~known & no_carrier & is_rest, 1.0, 0.0)
    filled = np.where(known, values, residual[group] * share)
    # Municipalities without this optional total stay unknown.
    filled = np.where(np.isnan(total), np.nan, filled)
    units[col] = filled
