"""Demand inside cities: each urban locality's counts split over its AGEBs, every locality and
municipal total kept exactly, with the best data each AGEB has.

Three tiers, per locality (``SOURCE`` of the new units):

* ``ageb_census``: full AGEB counts (RESAGEBURB, 13 states): each located AGEB keeps its own
  counts; suppressed cells share the locality's residual in proportion to AGEB population.
* ``ageb_population``: AGEB population only (``pobtot``/``pobfem``: 07, 13, 19, 25, 31,
  Torreón): every count of the locality split in proportion to AGEB population (women's counts
  to AGEB women where given).
* ``ageb_estimate``: AGEB locations only (Tijuana, Ciudad Juárez, Mexico City ...): split by
  the area prior ``a / (a + a0)`` (``a0 = 0`` gives equal shares, a large ``a0`` shares by area).

What the AGEBs do not hold stays at the locality point (``locality_rest``): people of unlocated
AGEBs, and, when the AGEBs cannot hold the whole locality (population above the AGEB sum, or,
without counts, above ``max_density`` people per km² of AGEB area), the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from redceci.planning.demand import UNIT_COLUMNS, UNIT_COUNTS

#: Counts split in proportion to AGEB women (``pobfem``) where the AGEB gives it.
WOMEN_COUNTS = ("POBFEM", "POCUPADA_F", "P_12YMAS_F", "PEA_F", "PE_INAC_F")

#: SOURCE of units made here, finest first.
AGEB_SOURCES = ("ageb_census", "ageb_population", "ageb_estimate")
REST_SOURCE = "locality_rest"


@dataclass(frozen=True)
class SplitRule:
    """How localities are split where AGEBs have no counts (see the module docstring)."""

    area_saturation_km2: float = 0.3
    max_density_per_km2: float = 20_000.0


def area_prior(area_km2: np.ndarray, saturation_km2: float) -> np.ndarray:
    """Relative population of AGEBs of these areas: ``a / (a + a0)`` (1 each when ``a0`` = 0)."""
    a = np.maximum(np.asarray(area_km2, dtype=float), 0.0)
    if saturation_km2 <= 0:
        return np.ones_like(a)
    return np.asarray(a / (a + saturation_km2))


def split_localities(
    units: pd.DataFrame,
    agebs: pd.DataFrame,
    *,
    counts: pd.DataFrame | None = None,
    rule: SplitRule = SplitRule(),
) -> pd.DataFrame:
    """Replace every locality unit that has located AGEBs by AGEB units (and a rest unit).

    Parameters
    ----------
    units
        Demand units (``UNIT_COLUMNS``); locality units have the 9-digit locality code as
        ``unit_id`` and ``SOURCE`` ``census`` or ``points``.
    agebs
        AGEB points: ``CVEGEO`` (13), ``LOC_CVEGEO``, ``LAT``, ``LON``, ``AREA_KM2``,
        ``POBTOT_AGEB``, ``POBFEM_AGEB`` (NaN where unknown).
    counts
        Full AGEB counts (RESAGEBURB rows at AGEB level, ``CVEGEO`` and ``UNIT_COUNTS``, NaN
        where suppressed), for AGEBs located or not.
    rule
        The split where AGEBs have no counts.

    Returns
    -------
    The units with split localities replaced; each locality's (and so each municipality's)
    sum of every count is unchanged.
    """
    locality = units[units["SOURCE"].isin(["census", "points"])]
    located = agebs[agebs["LOC_CVEGEO"].isin(set(locality["unit_id"]))]
    if located.empty:
        return units
    counted = (
        counts[counts["CVEGEO"].str[:9].isin(set(located["LOC_CVEGEO"]))]
        if counts is not None
        else None
    )
    census_locs = set(counted["CVEGEO"].str[:9]) if counted is not None else set()
    by_loc = locality.set_index("unit_id")
    pieces: list[pd.DataFrame] = []
    tier_a = located[located["LOC_CVEGEO"].isin(census_locs)]
    if counted is not None and len(tier_a):
        pieces.append(_split_with_counts(by_loc, tier_a, counted))
    other = located[~located["LOC_CVEGEO"].isin(census_locs)]
    if len(other):
        pieces.append(_split_by_shares(by_loc, other, rule))
    split = pd.concat(pieces, ignore_index=True)
    replaced = set(located["LOC_CVEGEO"])
    kept = units[~(units["unit_id"].isin(replaced) & units["SOURCE"].isin(["census", "points"]))]
    out = pd.concat([kept, split.reindex(columns=list(UNIT_COLUMNS))], ignore_index=True)
    out["URBAN"] = out["URBAN"].astype(bool)
    return out.reset_index(drop=True)


def _new_units(
    parent: pd.DataFrame, agebs: pd.DataFrame, values: dict[str, np.ndarray], source: np.ndarray
) -> pd.DataFrame:
    """AGEB units (one per row of ``agebs``) taking the parent locality's identity."""
    loc = agebs["LOC_CVEGEO"].to_numpy()
    name = parent["NOM_LOC"].reindex(loc).fillna("").to_numpy(dtype=object)
    frame = pd.DataFrame(
        {
            "unit_id": agebs["CVEGEO"].to_numpy(),
            "MUN_CVEGEO": agebs["LOC_CVEGEO"].str[:5].to_numpy(),
            "NOM_LOC": [f"{n} · AGEB {c[9:]}" for n, c in zip(name, agebs["CVEGEO"], strict=True)],
            "LAT": agebs["LAT"].to_numpy(dtype=float),
            "LON": agebs["LON"].to_numpy(dtype=float),
            "URBAN": True,
            "SOURCE": source,
        }
    )
    for col in UNIT_COUNTS:
        frame[col] = values[col]
    frame["CVE_ENT"] = frame["MUN_CVEGEO"].str[:2]
    return frame


def _rest_units(
    parent: pd.DataFrame, locs: np.ndarray, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    """What stays at each locality point (only localities with someone or something left)."""
    p = parent.loc[locs]
    frame = pd.DataFrame(
        {
            "unit_id": np.asarray(locs, dtype=object) + "L",
            "MUN_CVEGEO": p["MUN_CVEGEO"].to_numpy(),
            "NOM_LOC": (
                p["NOM_LOC"].fillna("").astype(str) + " (resto de la localidad)"
            ).to_numpy(),
            "LAT": p["LAT"].to_numpy(dtype=float),
            "LON": p["LON"].to_numpy(dtype=float),
            "URBAN": p["URBAN"].to_numpy(dtype=bool),
            "SOURCE": REST_SOURCE,
        }
    )
    for col in UNIT_COUNTS:
        frame[col] = values[col]
    frame["CVE_ENT"] = frame["MUN_CVEGEO"].str[:2]
    anything = frame[list(UNIT_COUNTS)].fillna(0.0).to_numpy().sum(axis=1) > 1e-9
    kept: pd.DataFrame = frame[anything].reset_index(drop=True)
    return kept


def _split_with_counts(
    parent: pd.DataFrame, located: pd.DataFrame, counts: pd.DataFrame
) -> pd.DataFrame:
    """Tier 1: the AGEBs' own counts; the locality's residual of each count shared by the
    suppressed cells (and people outside every AGEB) in proportion to population."""
    rows = counts.copy()
    rows["LOC_CVEGEO"] = rows["CVEGEO"].str[:9]
    is_located = rows["CVEGEO"].isin(set(located["CVEGEO"])).to_numpy()
    locs = np.array(sorted(set(rows["LOC_CVEGEO"])), dtype=object)
    total_pop = parent["POBTOT"].reindex(locs).to_numpy(dtype=float)
    group = pd.Index(locs).get_indexer(rows["LOC_CVEGEO"])
    ageb_pop = rows["POBTOT"].fillna(0.0).to_numpy(dtype=float)
    outside_pop = np.maximum(
        total_pop - np.bincount(group, weights=ageb_pop, minlength=len(locs)), 0
    )
    # One pseudo-row per locality for the people outside every AGEB (counts unknown).
    n_rows = len(rows)
    all_group = np.concatenate([group, np.arange(len(locs))])
    all_pop = np.concatenate([ageb_pop, outside_pop])
    ageb_values: dict[str, np.ndarray] = {}
    rest_values: dict[str, np.ndarray] = {}
    for col in UNIT_COUNTS:
        total = parent[col].reindex(locs).to_numpy(dtype=float)
        given = rows[col].to_numpy(dtype=float) if col in rows else np.full(n_rows, np.nan)
        if col == "POBTOT":
            given = ageb_pop
            values = np.concatenate([given, outside_pop])
        else:
            values = np.concatenate([given, np.full(len(locs), np.nan)])
        filled = fill_within(all_group, values, all_pop, total)
        ageb_values[col] = filled[:n_rows][is_located]
        rest = np.bincount(all_group[n_rows:], weights=filled[n_rows:], minlength=len(locs))
        rest += np.bincount(
            group[~is_located], weights=filled[:n_rows][~is_located], minlength=len(locs)
        )
        rest_values[col] = np.where(np.isnan(total), np.nan, rest)
    located_rows = rows[is_located].merge(
        located[["CVEGEO", "LAT", "LON"]], on="CVEGEO", how="left", validate="one_to_one"
    )
    source = np.full(len(located_rows), AGEB_SOURCES[0], dtype=object)
    return pd.concat(
        [
            _new_units(parent, located_rows, ageb_values, source),
            _rest_units(parent, locs, rest_values),
        ],
        ignore_index=True,
    )


def fill_within(
    group: np.ndarray, values: np.ndarray, weights: np.ndarray, totals: np.ndarray
) -> np.ndarray:
    """Fill unknown ``values`` so that each group sums to its total.

    The residual (total minus the known values of the group) is shared among the group's
    unknown entries in proportion to ``weights`` (equally when they weigh nothing); known
    values exceeding the total are scaled down to it. A group whose total is NaN stays NaN.
    """
    n = len(totals)
    known = ~np.isnan(values)
    v = np.where(known, values, 0.0)
    sum_known = np.bincount(group, weights=v, minlength=n)
    over = sum_known > totals
    shrink = np.where(over, totals / np.maximum(sum_known, 1e-12), 1.0)
    v = np.where(known, v * shrink[group], 0.0)
    residual = np.where(over, 0.0, totals - sum_known)
    w = np.where(known, 0.0, np.maximum(weights, 0.0))
    unknown_w = np.bincount(group, weights=w, minlength=n)
    unknown_n = np.bincount(group, weights=(~known).astype(float), minlength=n)
    share = np.where(
        unknown_w[group] > 0,
        w / np.maximum(unknown_w[group], 1e-300),
        (~known) / np.maximum(unknown_n[group], 1.0),
    )
    out = np.where(known, v, residual[group] * share)
    return np.where(np.isnan(totals[group]), np.nan, out)


def _split_by_shares(parent: pd.DataFrame, located: pd.DataFrame, rule: SplitRule) -> pd.DataFrame:
    """Tiers 2 and 3: every count of the locality split by the AGEBs' population shares."""
    locs = np.array(sorted(set(located["LOC_CVEGEO"])), dtype=object)
    group = pd.Index(locs).get_indexer(located["LOC_CVEGEO"])
    n = len(locs)
    area = located["AREA_KM2"].fillna(0.0).to_numpy(dtype=float)
    prior = area_prior(area, rule.area_saturation_km2)
    pop = located["POBTOT_AGEB"].to_numpy(dtype=float)
    known = ~np.isnan(pop)
    known_pop = np.bincount(group, weights=np.where(known, pop, 0.0), minlength=n)
    has_counts = np.bincount(group, weights=known.astype(float), minlength=n) > 0
    has_counts &= known_pop > 0
    # Unknown AGEBs of a counted locality: the prior, scaled to the counted AGEBs' people.
    prior_known = np.bincount(group, weights=np.where(known, prior, 0.0), minlength=n)
    scale = np.where(prior_known > 0, known_pop / np.maximum(prior_known, 1e-300), 0.0)
    est = np.where(has_counts[group], np.where(known, pop, prior * scale[group]), prior)
    est_sum = np.bincount(group, weights=est, minlength=n)
    total_pop = parent["POBTOT"].reindex(locs).to_numpy(dtype=float)
    area_sum = np.bincount(group, weights=area, minlength=n)
    capacity = np.where(has_counts, est_sum, area_sum * rule.max_density_per_km2)
    cover = np.clip(capacity / np.maximum(total_pop, 1e-12), 0.0, 1.0)
    share = np.where(est_sum[group] > 0, est / np.maximum(est_sum[group], 1e-300), 0.0)
    share *= cover[group]
    fem = located["POBFEM_AGEB"].to_numpy(dtype=float)
    fem_ok = np.bincount(group, weights=np.isnan(fem).astype(float), minlength=n) == 0
    fem_sum = np.bincount(group, weights=np.nan_to_num(fem), minlength=n)
    fem_ok &= has_counts & (fem_sum > 0)
    fem_share = np.where(
        fem_ok[group], np.nan_to_num(fem) / np.maximum(fem_sum[group], 1e-300) * cover[group], share
    )
    ageb_values: dict[str, np.ndarray] = {}
    rest_values: dict[str, np.ndarray] = {}
    for col in UNIT_COUNTS:
        total = parent[col].reindex(locs).to_numpy(dtype=float)
        s = fem_share if col in WOMEN_COUNTS else share
        ageb_values[col] = total[group] * s
        given = np.bincount(group, weights=s, minlength=n)
        rest_values[col] = total * np.clip(1.0 - given, 0.0, 1.0)
    source = np.where(has_counts[group], AGEB_SOURCES[1], AGEB_SOURCES[2]).astype(object)
    return pd.concat(
        [
            _new_units(parent, located, ageb_values, source),
            _rest_units(parent, locs, rest_values),
        ],
        ignore_index=True,
    )


def misplaced_share(group: np.ndarray, truth: np.ndarray, predicted: np.ndarray) -> float:
    """Share of people put in the wrong AGEB: per locality half the sum of absolute share
    differences, weighted by the locality's people."""
    g = np.asarray(group)
    t = np.maximum(np.asarray(truth, dtype=float), 0.0)
    p = np.maximum(np.asarray(predicted, dtype=float), 0.0)
    n = int(g.max()) + 1 if g.size else 0
    t_sum = np.bincount(g, weights=t, minlength=n)
    p_sum = np.bincount(g, weights=p, minlength=n)
    ts = t / np.maximum(t_sum[g], 1e-300)
    ps = p / np.maximum(p_sum[g], 1e-300)
    err = np.bincount(g, weights=np.abs(ts - ps), minlength=n) / 2
    return float((err * t_sum).sum() / max(t_sum.sum(), 1e-300))


def prior_error(group: np.ndarray, area: np.ndarray, truth: np.ndarray, a0: float) -> float:
    """``misplaced_share`` of the area prior with saturation ``a0`` (inf: shares by area)."""
    predicted = np.asarray(area, dtype=float) if np.isinf(a0) else area_prior(area, a0)
    return misplaced_share(group, truth, predicted)


@dataclass(frozen=True)
class SplitAssessment:
    """How well each no-count split would have placed people where AGEB counts are known."""

    localities: int
    agebs: int
    equal_shares: float  # share of people put in the wrong AGEB
    by_area: float
    prior_in_sample: float  # with the default saturation
    prior_cross_validated: float  # saturation fitted on the other states, per state
    best_saturation_km2: float  # fitted on every state


def assess_split_rule(
    agebs: pd.DataFrame,
    *,
    saturation_km2: float,
    grid: tuple[float, ...] = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1.0, 2.0),
    column: str = "POBTOT",
) -> SplitAssessment:
    """Score the no-count split on AGEBs whose counts are known.

    ``agebs``: one row per located AGEB with ``CVEGEO`` (13), ``AREA_KM2`` and the true
    ``column``; localities with a single AGEB are left out (nothing to split). The
    cross-validated error fits the saturation on the other states and scores each state
    with it (leave one state out), so the figure is not flattered by the fit.
    """
    rows = agebs[agebs["CVEGEO"].str[:9].duplicated(keep=False)]
    loc = rows["CVEGEO"].str[:9].to_numpy()
    group = pd.Index(np.unique(loc)).get_indexer(pd.Index(loc))
    area = rows["AREA_KM2"].to_numpy(dtype=float)
    truth = rows[column].fillna(0.0).to_numpy(dtype=float)
    state = rows["CVEGEO"].str[:2].to_numpy()

    def err(mask: np.ndarray, a0: float) -> float:
        sub = pd.Index(np.unique(group[mask])).get_indexer(group[mask])
        return prior_error(sub, area[mask], truth[mask], a0)

    everything = np.ones(len(rows), dtype=bool)
    best = min(grid, key=lambda a0: err(everything, a0))
    weighted, people = 0.0, 0.0
    for s in np.unique(state):
        held = state == s
        fitted = min(grid, key=lambda a0: err(~held, a0))
        pop = float(truth[held].sum())
        weighted += err(held, fitted) * pop
        people += pop
    return SplitAssessment(
        localities=int(np.unique(group).size),
        agebs=len(rows),
        equal_shares=err(everything, 0.0),
        by_area=err(everything, float("inf")),
        prior_in_sample=err(everything, saturation_km2),
        prior_cross_validated=weighted / max(people, 1e-300),
        best_saturation_km2=float(best),
    )
