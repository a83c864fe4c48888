"""SYNTHETIC enrolment data for a real state: centres with rooms, and made-up families applying,
drawn by ``redceci.enrolment.synthetic`` from the state's census demand units (INEGI Censo 2020).

For demonstrations (``redceci enrolment demo``) and tests: nobody loaded here exists. The state's
operating centres in the registry are used; a state without any gets ``centres`` synthetic ones
(codes ``SYN-<state>-001``...) at census units drawn in proportion to their eligible children.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from redceci import enrolment as en
from redceci.enrolment.synthetic import (
    DEFAULT_PARAMETERS,
    Site,
    SyntheticParameters,
    centre_sites,
    draw_families,
    synthetic_applications,
)
from redceci.platform.access import Principal
from redceci.platform.country import CountryPack
from redceci.platform.rooms import RoomScheme
from redceci.platform.vocabulary import CentreStatus
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.enrolment import families
from redceci.store.enrolment.families import ApplicationData, ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import EnrolmentRoom, Family
from redceci.store.enrolment.rules import default_room_bands, set_rooms
from redceci.store.platform import accounts
from redceci.store.platform.centres import CentreData, add_centre
from redceci.store.platform.demo import ensure_demo_accounts
from redceci.store.platform.models import Centre, User


@dataclass(frozen=True)
class DemoLoad:
    """What was loaded: centres used (and how many were made up), families, children."""

    state: str
    centres: int
    centres_created: int
    families: int
    children: int
    seed: int


def demo_administrator(db: Database, pack: CountryPack) -> Principal:
    """The platform's demo administrator of a country ``pack``, who loads the demo (``redceci
    serve`` creates the demo accounts; when they are missing they are made here, and ``serve``
    prints their passwords)."""
    email = f"admin@{pack.words.demo_domain}"
    with db.reading() as session:
        if session.scalar(sa.select(User.id).where(User.email == email)) is None:
            ensure_demo_accounts(db, pack)
    with db.reading() as session:
        user = session.scalars(sa.select(User).where(User.email == email)).one()
        return accounts.principal_of(user)


def has_synthetic_families(db: Database, state: str, seed: int) -> bool:
    """True if the demo of ``state`` with ``seed`` was loaded (its family ids are taken)."""
    with db.reading() as session:
        found = session.scalar(
            sa.select(Family.id).where(Family.ref.like(f"SYN{state}-{seed}-%")).limit(1)
        )
    return found is not None


def census_units(settings: Settings, state: str | None = None) -> pd.DataFrame:
    """The census demand units with eligible children (real data) of the settings' country,
    of one state (region) or all."""
    from redceci.countries import country_pack

    units = country_pack(settings.country).data.read_units(
        settings.data, model=settings.model, region=state
    )
    return units[units["eligible"] > 0].reset_index(drop=True)


def as_family_data(family: en.Family) -> FamilyData:
    """The store's input for a domain family."""
    return FamilyData(
        guardians=[
            GuardianData(name=g.name, nss=g.nss, works=g.works, employer=g.employer)
            for g in family.guardians
        ],
        children=[
            ChildData(name=c.name, curp=c.curp, birth_date=c.birth_date, disability=c.disability)
            for c in family.children
        ],
    )


def _centres(
    db: Database,
    actor: Principal,
    units: pd.DataFrame,
    state: str,
    n: int,
    seed: int,
    params: SyntheticParameters,
    names: tuple[str, str, str],
    rooms: RoomScheme,
) -> tuple[list[int], list[Site], int]:
    """The state's operating centres (made up if it has none), each with ``rooms``."""
    with db.reading() as session:
        rows = session.scalars(
            sa.select(Centre)
            .where(Centre.state_code == state, Centre.status == CentreStatus.OPERATING)
            .order_by(Centre.id)
        ).all()
        found = [(c.id, Site(c.lat, c.lon, c.municipality or "")) for c in rows]
    created = 0
    if not found:
        with db.transaction() as session:
            for i, site in enumerate(centre_sites(units, n, seed), start=1):
                centre = add_centre(
                    session,
                    actor,
                    CentreData(
                        code=f"SYN-{state}-{i:03d}",
                        name=f"{names[0]} sintético {state}-{i:03d}",
                        scheme=names[2],
                        operator=f"{names[1]} (sintético / synthetic)",
                        state_code=state,
                        municipality=site.municipality,
                        lat=site.lat,
                        lon=site.lon,
                        status=CentreStatus.OPERATING,
                        status_since=dt.date(2025, 1, 1),
                    ),
                )
                found.append((centre.id, site))
                created += 1
    rng = np.random.default_rng(seed)
    sizes = rng.integers(params.places[0], params.places[1] + 1, len(found))
    with db.reading() as session:
        with_rooms = set(session.scalars(sa.select(EnrolmentRoom.centre_id)).all())
    for (centre_id, _), size in zip(found, sizes, strict=True):
        if centre_id in with_rooms:
            continue
        # Places follow the ages each room takes (no catchment split for made-up centres).
        set_rooms(db, actor, centre_id, default_room_bands(int(size), rooms))
    return [c for c, _ in found], [s for _, s in found], created


def load_synthetic_state(
    db: Database,
    actor: Principal,
    units: pd.DataFrame,
    *,
    state: str,
    n_families: int,
    seed: int,
    start: dt.date,
    centres: int = 10,
    names: tuple[str, str, str],
    rooms: RoomScheme,
    params: SyntheticParameters = DEFAULT_PARAMETERS,
) -> DemoLoad:
    """Load ``n_families`` made-up families of ``state`` (homes drawn from ``units``), each
    applying for ``start`` to its nearest centres; run again with the same seed, it updates the
    same families. Every write goes through the store (validated, audited). ``names``: the
    country's programme, institution and direct scheme, naming made-up centres ("CADI",
    "SOSEP", "CADI SOSEP" ...);
    ``rooms``: the country pack's rooms, given to made-up centres."""
    units = units[units["MUN_CVEGEO"].astype(str).str[:2] == state].reset_index(drop=True)
    ids, sites, created = _centres(db, actor, units, state, centres, seed, params, names, rooms)
    draw = draw_families(units, sites, seed=seed, n_families=n_families, params=params)
    apps = synthetic_applications(
        draw,
        start=start,
        serial=(seed % 700) * 1_000_000,
        prefix=f"SYN{state}-{seed}",
        identity=en.active_identity(),
    )
    # A child drawn as born after today has no CURP yet: it cannot be registered (its family
    # applies with its other children, or not at all).
    today = dt.date.today()
    born = [
        replace(app, family=replace(app.family, children=kids))
        for app in apps
        if (kids := tuple(c for c in app.family.children if c.birth_date <= today))
    ]
    apps = born
    for app in apps:
        families.register_family(db, actor, app.family.family_id, as_family_data(app.family))
        families.apply(
            db,
            actor,
            app.family.family_id,
            ApplicationData(
                start_date=start, centres=[ids[r] for r in app.ranked], together=app.together
            ),
        )
    return DemoLoad(
        state=state,
        centres=len(ids),
        centres_created=created,
        families=len(apps),
        children=sum(len(a.family.children) for a in apps),
        seed=seed,
    )
