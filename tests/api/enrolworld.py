"""SYNTHETIC families for the enrolment tests, generated from a real state's census demand as the
engine's benchmark does (``bench/enrolment.py``): homes drawn from the INEGI Censo 2020 demand
units of the state in proportion to their eligible children, centres at units drawn the same
way, each family ranking its nearest centres (distance times log-normal noise). Ages are uniform
from 43 days to 4 years on the start date; 15 % of families have two children, 20 % a single
working parent, 2 % of children a disability. Names, CURPs and NSS are made up (valid check
digits). Seeded: the same seed gives the same families."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from redceci.enrolment import curp_check_digit, nss_check_digit
from redceci.settings import Settings
from redceci.store import enrolment_rules, families, rounds
from redceci.store.enrolment_models import (
    Child,
    Enrolment,
    EntryStatus,
    Family,
    Offer,
    OfferStatus,
    WaitlistEntry,
)
from redceci.store.enrolment_rules import RoomBand
from redceci.store.families import (
    ApplicationData,
    ChildData,
    FamilyData,
    GuardianData,
)

CONSONANTS = "BCDFGHJKLMNPQRSTVWXZ"
START = dt.date(2026, 9, 1)


def census_units(settings: Settings, state: str) -> pd.DataFrame:
    """The state's census demand units with eligible children (real data)."""
    from redceci.data.census import read_municipalities, read_true_localities
    from redceci.data.places import read_locality_points
    from redceci.planning.demand import demand_from_census
    from redceci.planning.eligibility import add_eligibility

    data = settings.data
    mun = read_municipalities(data)
    mun = mun[mun["CVE_ENT"] == state].reset_index(drop=True)
    points = read_locality_points(data)
    points = points[points["MUN_CVEGEO"].str[:2] == state]
    locs = read_true_localities(data)
    locs = locs[locs["MUN_CVEGEO"].str[:2] == state]
    units = add_eligibility(demand_from_census(mun, points, localities=locs), settings.model.demand)
    return units[units["eligible"] > 0].reset_index(drop=True)


def curp(serial: int, birth: dt.date, state: str = "CM") -> str:
    """A made-up CURP with the right format and check digit, unique by ``serial``."""
    a = string.ascii_uppercase
    initials = (
        a[serial % 26] + "AEIOU"[serial // 26 % 5] + a[serial // 130 % 26] + a[serial // 3380 % 26]
    )
    cons = "".join(CONSONANTS[serial // 20**i % 20] for i in range(3))
    homonymy = "0" if birth.year < 2000 else "A"
    body = f"{initials}{birth:%y%m%d}{'HM'[serial % 2]}{state}{cons}{homonymy}"
    return body + str(curp_check_digit(body))


def nss(serial: int) -> str:
    body = f"{1000000000 + serial:010d}"
    return body + str(nss_check_digit(body))


@dataclass(frozen=True)
class SyntheticFamily:
    ref: str
    family: FamilyData
    ranked: list[int]  # indices of the centres, best first
    home: tuple[float, float]


def _xy(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.column_stack([lat * 111.2, lon * 111.2 * np.cos(np.radians(lat))])


def centre_sites(units: pd.DataFrame, n: int, seed: int) -> list[tuple[float, float, str]]:
    """``n`` centre sites (lat, lon, municipality) drawn in proportion to eligible children."""
    rng = np.random.default_rng(seed)
    w = units["eligible"].to_numpy(float)
    site = rng.choice(len(units), n, replace=False, p=w / w.sum())
    return [
        (float(units["LAT"][i]), float(units["LON"][i]), str(units["MUN_CVEGEO"][i])) for i in site
    ]


def synthetic_families(
    units: pd.DataFrame,
    sites: list[tuple[float, float, str]],
    *,
    n_children: int,
    seed: int,
    choices: int = 3,
    prefix: str = "SYN",
) -> list[SyntheticFamily]:
    rng = np.random.default_rng(seed)
    w = units["eligible"].to_numpy(float)
    lat, lon = units["LAT"].to_numpy(float), units["LON"].to_numpy(float)
    c_xy = _xy(np.array([s[0] for s in sites]), np.array([s[1] for s in sites]))
    out: list[SyntheticFamily] = []
    serial = 0
    made = 0
    while made < n_children:
        home = int(rng.choice(len(units), p=w / w.sum()))
        f_xy = _xy(lat[home : home + 1], lon[home : home + 1])[0] + rng.normal(0, 1.0, 2)
        dist = np.linalg.norm(c_xy - f_xy, axis=1) + 0.5
        ranked = np.argsort(dist * rng.lognormal(0, 0.5, len(dist)))[:choices]
        kids = min(2 if rng.random() < 0.15 else 1, n_children - made)
        single = rng.random() < 0.2
        guardians = [GuardianData(name=f"Tutor {len(out)}", nss=nss(len(out)), works=True)]
        if not single:
            guardians.append(
                GuardianData(name=f"Tutora {len(out)}", works=bool(rng.random() < 0.6))
            )
        children = []
        for _ in range(kids):
            age_days = int(rng.integers(43, 4 * 365))
            birth = START - dt.timedelta(days=age_days)
            serial += 1
            children.append(
                ChildData(
                    name=f"Niña {serial}",
                    curp=curp(serial + 1000 * seed, birth),
                    birth_date=birth,
                    disability=bool(rng.random() < 0.02),
                )
            )
        made += kids
        out.append(
            SyntheticFamily(
                ref=f"{prefix}-{len(out):04d}",
                family=FamilyData(guardians=guardians, children=children),
                ranked=[int(r) for r in ranked],
                home=(float(lat[home]), float(lon[home])),
            )
        )
    return out


def application(f: SyntheticFamily, centre_ids: list[int]) -> ApplicationData:
    return ApplicationData(
        start_date=START, centres=[centre_ids[i] for i in f.ranked], together=True
    )


# -- the authorisation matrix's enrolment data (in the two-state API world) --------------------

PARENT_FAMILY = "FAM-1"  # the matrix parent's family (apiworld grants it)


def bands(lactantes: int = 3, maternales: int = 3) -> list[RoomBand]:
    return [
        RoomBand(name="lactantes", min_days=43, max_months=19, places=lactantes),
        RoomBand(name="maternales", min_months=19, max_months=48, places=maternales),
    ]


def family_data(serial: int, *, birth: dt.date = dt.date(2024, 3, 1)) -> FamilyData:
    return FamilyData(
        guardians=[GuardianData(name=f"Madre {serial}", nss=nss(serial))],
        children=[ChildData(name=f"Hijo {serial}", curp=curp(serial, birth), birth_date=birth)],
    )


def matrix_bits(w: Any) -> dict[str, int]:
    """Once per world: rooms at centre A, the parent's family applying there, a round."""
    cached: dict[str, int] | None = getattr(w, "enrolment_bits", None)
    if cached is not None:
        return cached
    admin = w.people["admin"]
    rooms = enrolment_rules.set_rooms(w.db, admin, w.centre_a, bands())
    families.register_family(w.db, admin, PARENT_FAMILY, family_data(1))
    families.apply(
        w.db, admin, PARENT_FAMILY, ApplicationData(start_date=START, centres=[w.centre_a])
    )
    rnd = rounds.run_round(w.db, admin, seed=7)
    with w.db.reading() as session:
        child = session.scalar(
            sa.select(Child.id).where(Child.curp == curp(1, dt.date(2024, 3, 1)))
        )
    assert child is not None
    w.enrolment_bits = {"round": rnd.id, "child": child, "maternales": rooms[1].id}
    return w.enrolment_bits


def fresh_round(w: Any) -> int:
    matrix_bits(w)
    return rounds.run_round(w.db, w.people["admin"], seed=w.serial()).id


def fresh_enrolment(w: Any) -> int:
    """A new family's child holding a place in centre A's maternales room."""
    bits = matrix_bits(w)
    serial = 500 + w.serial()
    ref = f"E-{serial}"
    families.register_family(w.db, w.people["admin"], ref, family_data(serial))
    with w.db.transaction() as session:
        child = session.scalar(sa.select(Child.id).join(Family).where(Family.ref == ref))
        assert child is not None
        row = Enrolment(child_id=child, room_id=bits["maternales"], since=START)
        session.add(row)
        session.flush()
        return row.id


def fresh_offer(w: Any) -> int:
    """A pending offer to the parent's child, of the one place of a new centre's room."""
    bits = matrix_bits(w)
    centre = w.fresh_centre("19")
    room = enrolment_rules.set_rooms(
        w.db,
        w.people["admin"],
        centre,
        [RoomBand(name="maternales", min_months=19, max_months=48, places=1)],
    )[0]
    now = dt.datetime.now(dt.UTC)
    with w.db.transaction() as session:
        session.add(
            WaitlistEntry(
                child_id=bits["child"],
                room_id=room.id,
                preference=0,
                key=0,
                status=EntryStatus.OFFERED,
            )
        )
        offer = Offer(
            child_id=bits["child"],
            room_id=room.id,
            made_at=now,
            deadline=now + dt.timedelta(days=5),
            status=OfferStatus.PENDING,
        )
        session.add(offer)
        session.flush()
        return offer.id


def overdue_offer(w: Any) -> int:
    """A pending offer to the parent's child whose deadline passed an hour ago."""
    offer_id = fresh_offer(w)
    with w.db.transaction() as session:
        offer = session.get(Offer, offer_id)
        offer.deadline = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return offer_id
