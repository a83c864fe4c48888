"""SYNTHETIC families, children and applications drawn from real census demand units: made-up
people placed where the INEGI Censo 2020 counts young children, for tests, benchmarks and demos.

Nobody drawn here exists: names are "Niña 12", CURPs and NSS are made up (right format and check
digits, CURP agreeing with the birth date). Seeded: the same units, parameters and seed give the
same draw. Units are the planning package's demand units (columns ``LAT``, ``LON``,
``MUN_CVEGEO``, ``eligible``). Every share and range is a named field of
:class:`SyntheticParameters`; all are ASSUMPTIONS (no public microdata on IMSS childcare
applicants exists), listed in ``SYNTHETIC_SOURCE``.

- :func:`centre_sites`: centre sites at units drawn in proportion to their eligible children;
- :func:`draw_families`: homes drawn the same way (jittered ~1 km), one to three children of
  ages uniform from 43 days to 4 years on the start date, single working parents, disabilities,
  and each family's ranked centres (``choices`` of its ``nearest``, distance times log-normal
  noise);
- :func:`round_arrays`: a national round for ``build_round`` (benchmarks): rooms, places, CECI
  Empresa centres with reserved places, sponsor employees, enrolled siblings and transfers;
- :func:`synthetic_applications`: a draw as domain ``Family`` objects with their ranked centres.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from redceci.enrolment.family import Child, Family, Guardian
from redceci.enrolment.round import Seats
from redceci.errors import InputError
from redceci.platform.country import IdentityRules
from redceci.platform.rooms import RoomScheme

__all__ = [
    "DEFAULT_PARAMETERS",
    "SYNTHETIC_SOURCE",
    "FamilyDraw",
    "Site",
    "SyntheticApplication",
    "SyntheticParameters",
    "centre_sites",
    "draw_families",
    "round_arrays",
    "synthetic_applications",
]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Seed = int | np.random.Generator

SYNTHETIC_SOURCE = (
    "ASSUMPTION (synthetic, no applicant microdata): homes and centres follow the INEGI Censo 2020"
    " eligible children of each demand unit (redceci.planning.demand); children per family"
    " 83/15/2 % (one/two/three); ages uniform over the CECI range, 43 days to 4 years (IMSS);"
    " 20 % single working parents, second guardian working 60 %, 2 % of children with a"
    " disability; families rank 5 of their 8 nearest centres by distance x log-normal(0, 0.5)"
    " noise; centres of 110-250 places (the CECI range, domain-facts.md), 10 % CECI Empresa"
    " reserving 30 % for the sponsor, 20 % of families near one working for it; 5 % with a sibling"
    " enrolled at their first choice, 3 % of children enrolled and asking to transfer."
)


@dataclass(frozen=True)
class SyntheticParameters:
    """The shares and ranges of a draw (see ``SYNTHETIC_SOURCE``)."""

    children_shares: tuple[float, float, float] = (0.83, 0.15, 0.02)
    single_parent_share: float = 0.20
    second_guardian_works_share: float = 0.60
    disability_share: float = 0.02
    min_age_days: int = 43
    max_age_days: int = 1461  # exclusive: the fourth birthday
    home_jitter_km: float = 1.0
    nearest: int = 8
    choices: int = 5
    rank_noise: float = 0.5
    places: tuple[int, int] = (110, 250)
    empresa_share: float = 0.10
    reserved_share: float = 0.30
    sponsor_employee_share: float = 0.20
    sibling_enrolled_share: float = 0.05
    transfer_share: float = 0.03


DEFAULT_PARAMETERS = SyntheticParameters()


class Site(NamedTuple):
    """A centre site: a census unit's point and its municipality (INEGI CVEGEO)."""

    lat: float
    lon: float
    municipality: str


@dataclass(frozen=True)
class FamilyDraw:
    """Families (homes, ranked centres) and their children, as arrays."""

    home_lat: FloatArray
    home_lon: FloatArray
    municipality: tuple[str, ...]  # of the home's unit
    kids: IntArray
    ranked: IntArray  # (families, choices): centre indices, best first
    single_parent: BoolArray
    second_works: BoolArray
    child_family: IntArray
    child_age_days: IntArray  # on the start date
    child_disability: BoolArray

    @property
    def n_families(self) -> int:
        return len(self.kids)


def _weights(units: pd.DataFrame) -> FloatArray:
    w = units["eligible"].to_numpy(dtype=float, copy=True)
    if len(w) == 0 or w.sum() <= 0:
        raise InputError("no census unit with eligible children to draw from")
    return np.asarray(w / w.sum(), dtype=np.float64)


def _xy(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Equirectangular km, good enough for nearest centres."""
    return np.column_stack([lat * 111.2, lon * 111.2 * np.cos(np.radians(lat))])


def centre_sites(units: pd.DataFrame, n: int, seed: Seed) -> list[Site]:
    """``n`` sites at distinct units drawn in proportion to their eligible children."""
    rng = np.random.default_rng(seed)
    w = _weights(units)
    if n > int((w > 0).sum()):
        raise InputError(f"{n} centres asked for, only {(w > 0).sum()} units with children")
    pick = rng.choice(len(units), n, replace=False, p=w)
    lat, lon = units["LAT"].to_numpy(float), units["LON"].to_numpy(float)
    mun = units["MUN_CVEGEO"].astype(str).to_numpy()
    return [Site(float(lat[i]), float(lon[i]), str(mun[i])) for i in pick]


def draw_families(
    units: pd.DataFrame,
    sites: list[Site],
    *,
    seed: Seed,
    n_children: int | None = None,
    n_families: int | None = None,
    siblings: bool = True,
    params: SyntheticParameters = DEFAULT_PARAMETERS,
) -> FamilyDraw:
    """Families for ``n_children`` children (the last family trimmed) or ``n_families``."""
    if (n_children is None) == (n_families is None):
        raise InputError("give the number of children or of families")
    rng = np.random.default_rng(seed)
    w = _weights(units)
    shares = params.children_shares if siblings else (1.0, 0.0, 0.0)
    kids = rng.choice([1, 2, 3], n_families if n_children is None else n_children, p=shares)
    if n_children is not None:  # more families drawn than needed
        kids = kids[: int(np.searchsorted(np.cumsum(kids), n_children)) + 1]
        kids[-1] -= int(kids.sum()) - n_children
    n_fam = len(kids)
    home = rng.choice(len(units), n_fam, p=w)
    lat, lon = units["LAT"].to_numpy(float), units["LON"].to_numpy(float)
    f_xy = _xy(lat[home], lon[home]) + rng.normal(0, params.home_jitter_km, (n_fam, 2))
    c_xy = _xy(np.array([s.lat for s in sites]), np.array([s.lon for s in sites]))
    k = min(params.nearest, len(sites))
    _, near = cKDTree(c_xy).query(f_xy, k=k)
    near = np.asarray(near, dtype=np.int64).reshape(n_fam, k)
    dist = np.linalg.norm(c_xy[near] - f_xy[:, None, :], axis=2) + 0.5
    noisy = dist * rng.lognormal(0, params.rank_noise, dist.shape)
    ranked = np.take_along_axis(near, np.argsort(noisy, axis=1), axis=1)
    n_ch = int(kids.sum())
    home_lat = f_xy[:, 0] / 111.2
    return FamilyDraw(
        home_lat=home_lat,
        home_lon=f_xy[:, 1] / (111.2 * np.cos(np.radians(home_lat))),
        municipality=tuple(units["MUN_CVEGEO"].astype(str).to_numpy()[home]),
        kids=kids.astype(np.int64),
        ranked=ranked[:, : min(params.choices, k)],
        single_parent=rng.random(n_fam) < params.single_parent_share,
        second_works=rng.random(n_fam) < params.second_guardian_works_share,
        child_family=np.repeat(np.arange(n_fam, dtype=np.int64), kids),
        child_age_days=rng.integers(params.min_age_days, params.max_age_days, n_ch),
        child_disability=rng.random(n_ch) < params.disability_share,
    )


def _band_edges(rooms: RoomScheme) -> IntArray:
    """The rooms' age bands in days (a month as 30.44 days), youngest first; the IMSS
    sub-groups give 43 d, 7, 13, 19, 25, 36, 48 months."""
    ages = [r.min_age for r in rooms.rooms] + [rooms.rooms[-1].max_age]
    return np.array([round(a.months * 30.44) + a.days for a in ages], dtype=np.int64)


def round_arrays(
    units: pd.DataFrame,
    *,
    n_children: int,
    n_centres: int,
    seed: int,
    siblings: bool = True,
    reserved: bool = True,
    transfers: bool = True,
    rooms: RoomScheme,
    params: SyntheticParameters = DEFAULT_PARAMETERS,
) -> tuple[dict[str, Any], dict[str, int]]:
    """Keyword arrays for ``build_round`` and a few counts: each centre offers all but up to two
    of the country's age groups ``rooms`` (4 to 6 of Mexico's six IMSS sub-groups) with its
    places split in proportion to their age spans."""
    rng = np.random.default_rng(seed)
    sites = centre_sites(units, n_centres, rng)
    n_rooms_all = len(rooms)
    n_rooms = rng.integers(max(n_rooms_all - 2, 1), n_rooms_all + 1, n_centres)
    edges = _band_edges(rooms)
    span = np.diff(edges).astype(float)
    seat_centre, seat_room, capacity = [], [], []
    size = rng.integers(params.places[0], params.places[1] + 1, n_centres)
    for c in range(n_centres):
        offered = np.sort(rng.choice(n_rooms_all, n_rooms[c], replace=False))
        share = span[offered] / span[offered].sum()
        caps = np.floor(share * size[c]).astype(int)
        caps[np.argmax(share)] += size[c] - caps.sum()
        seat_centre += [c] * len(offered)
        seat_room += offered.tolist()
        capacity += caps.tolist()
    cap = np.asarray(capacity, dtype=np.int64)
    sponsored = rng.random(n_centres) < (params.empresa_share if reserved else 0.0)
    centre_sponsor = np.where(sponsored, np.arange(n_centres), -1)
    sc = np.asarray(seat_centre, dtype=np.int64)
    res = np.where(sponsored[sc], np.floor(params.reserved_share * cap).astype(np.int64), 0)
    seats = Seats(sc, np.asarray(seat_room, dtype=np.int64), cap, res, n_centres, n_rooms_all)

    draw = draw_families(
        units, sites, seed=rng, n_children=n_children, siblings=siblings, params=params
    )
    n_fam, ranked, kids = draw.n_families, draw.ranked, draw.kids
    choices = ranked.shape[1]
    child_family = draw.child_family
    child_room = np.searchsorted(edges, draw.child_age_days, side="right") - 1

    employers = np.full((n_fam, 1), -1, dtype=np.int64)
    ranks_sponsor = sponsored[ranked]
    works = ranks_sponsor.any(axis=1) & (rng.random(n_fam) < params.sponsor_employee_share)
    first_sponsored = ranked[np.arange(n_fam), np.argmax(ranks_sponsor, axis=1)]
    employers[works, 0] = first_sponsored[works]
    sib = rng.random(n_fam) < params.sibling_enrolled_share
    sibling_codes = np.flatnonzero(sib) * n_centres + ranked[sib, 0]

    current = np.full(n_children, -1, dtype=np.int64)
    if transfers and choices > 2:
        table = seats.lookup()
        alone = kids[child_family] == 1
        movers = np.flatnonzero((rng.random(n_children) < params.transfer_share) & alone)
        at = ranked[child_family[movers], rng.integers(2, choices, len(movers))]
        seat = table[at, child_room[movers]]
        current[movers[seat >= 0]] = seat[seat >= 0]

    arrays = {
        "seats": seats,
        "child_family": child_family,
        "child_room": child_room,
        "family_choice_ptr": np.arange(0, n_fam * choices + 1, choices, dtype=np.int64),
        "family_choice_centre": ranked.reshape(-1).astype(np.int64),
        "family_together": kids > 1,
        "child_current_seat": current,
        "child_disability": draw.child_disability,
        "family_single_parent": draw.single_parent,
        "family_employers": employers,
        "centre_sponsor": centre_sponsor,
        "sibling_codes": sibling_codes,
        "seed": seed,
    }
    counts = {
        "children": n_children,
        "families": n_fam,
        "families_with_siblings": int((kids > 1).sum()),
        "centres": n_centres,
        "seats": len(seats),
        "places": int(cap.sum()),
        "reserved_places": int(res.sum()),
        "transfer_applicants": int((current >= 0).sum()),
    }
    return arrays, counts


@dataclass(frozen=True)
class SyntheticApplication:
    """A made-up family, its centres ranked best first (indices of the sites) and its home."""

    family: Family
    ranked: tuple[int, ...]
    home: tuple[float, float]
    municipality: str

    @property
    def together(self) -> bool:
        return len(self.family.children) > 1


def synthetic_applications(
    draw: FamilyDraw,
    *,
    start: dt.date,
    serial: int = 0,
    prefix: str = "SYN",
    identity: IdentityRules,
) -> list[SyntheticApplication]:
    """The draw's families as domain objects: family ids ``{prefix}-00001``..., a working
    guardian with an NSS (and a second one without, unless a single parent), children born
    their drawn age before ``start`` (CURP state of birth: the home's state). Identities are
    numbered from ``serial``, so draws with distinct serial ranges never share a CURP.
    ``identity``: the country pack's rules make its identifiers (CURP and NSS, CUI ...)."""
    out = []
    first_child = np.r_[0, np.cumsum(draw.kids)]
    for f in range(draw.n_families):
        s = serial + f
        nss = identity.made_up_insurance_id(s)
        guardians = [Guardian(name=f"Tutor {s}", nss=nss, works=True)]
        if not draw.single_parent[f]:
            guardians.append(Guardian(name=f"Tutora {s}", works=bool(draw.second_works[f])))
        region = draw.municipality[f][:2]
        children = []
        for c in range(int(first_child[f]), int(first_child[f + 1])):
            birth = start - dt.timedelta(days=int(draw.child_age_days[c]))
            girl = (serial + c) % 2 == 1
            children.append(
                Child(
                    name=f"{'Niña' if girl else 'Niño'} {serial + c}",
                    curp=identity.made_up_person_id(serial + c, birth, region, girl),
                    birth_date=birth,
                    disability=bool(draw.child_disability[c]),
                )
            )
        out.append(
            SyntheticApplication(
                family=Family(f"{prefix}-{f + 1:05d}", tuple(guardians), tuple(children)),
                ranked=tuple(int(r) for r in draw.ranked[f]),
                home=(float(draw.home_lat[f]), float(draw.home_lon[f])),
                municipality=draw.municipality[f],
            )
        )
    return out
