"""Demo accounts for ``redceci serve``: one user per role, with fresh passwords each start."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from redceci.platform.access import Grant
from redceci.platform.country import CountryPack
from redceci.platform.room_mix import bands_of, split_places
from redceci.platform.rooms import RoomScheme
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.platform.centres import CentreData, RoomData, add_centre
from redceci.store.platform.models import Centre, Organisation, User

#: The demo centre's places, shared by its rooms.
DEMO_PLACES = 180
#: The demo centre has been open since (made up).
DEMO_OPENED = dt.date(2025, 1, 6)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: Role
    scope: str


def demo_rooms(groups: RoomScheme, places: int = DEMO_PLACES) -> list[RoomData]:
    """One room of each of a country pack's room groups ("Lactantes A", "Multiedad A" ...),
    ``places`` shared in proportion to the groups' age spans."""
    bands = bands_of(groups)
    split = split_places(places, [b.to_day - b.from_day for b in bands])
    return [
        RoomData(name=f"{b.name.capitalize()} A", age_group=b.name, capacity=n)
        for b, n in zip(bands, split, strict=True)
    ]


def demo_centre(pack: CountryPack) -> CentreData:
    """The demo centre of a country pack (its ``demo_site``), run with an employer (the pack's
    employer scheme), with a room of each of its room groups."""
    site = pack.demo_site
    return CentreData(
        code=site.centre_code,
        name=site.centre_name,
        scheme=pack.words.employer_scheme,
        operator=site.organisation,
        state_code=site.region_code,
        municipality=site.municipality,
        lat=site.lat,
        lon=site.lon,
        status=CentreStatus.OPERATING,
        status_since=DEMO_OPENED,
        rooms=demo_rooms(pack.room_groups),
    )


def ensure_demo_accounts(
    db: Database, pack: CountryPack, *, password: str | None = None
) -> list[DemoAccount]:
    """Create (or reset) one account per role of a country ``pack``'s demo (its demo site:
    centre, organisation and region; its e-mail domain); their passwords are new unless
    given."""
    site = pack.demo_site
    centre_data = demo_centre(pack)
    organisation = site.organisation
    region = (site.region_code, site.region_name)
    with db.transaction() as session:
        org = session.scalar(sa.select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = Organisation(name=organisation)
            session.add(org)
            session.flush()
        centre = session.scalar(sa.select(Centre).where(Centre.code == centre_data.code))
        if centre is None:
            centre = add_centre(
                session, None, centre_data.model_copy(update={"operator_organisation_id": org.id})
            )
        org_id, centre_id = org.id, centre.id
    wanted = [
        ("admin", "Administración", Grant(Role.ADMINISTRATOR), "nacional / national"),
        ("planeacion", "Planeación Nacional", Grant(Role.NATIONAL_PLANNER), "nacional"),
        (
            site.coordinator,
            f"Coordinación {region[1]}",
            Grant(Role.STATE_COORDINATOR, state_code=region[0]),
            f"{site.region_label} {region[0]} ({region[1]})",
        ),
        (
            "socio",
            "Socio Parque Demo",
            Grant(Role.PARTNER, organisation_id=org_id),
            organisation,
        ),
        (
            "direccion",
            f"Dirección {centre_data.name}",
            Grant(Role.CENTRE_DIRECTOR, centre_id=centre_id),
            centre_data.code,
        ),
        (
            "personal",
            f"Personal {centre_data.name}",
            Grant(Role.CENTRE_STAFF, centre_id=centre_id),
            centre_data.code,
        ),
        ("familia", "Familia Demo", Grant(Role.PARENT, family_id="FAM-DEMO-1"), "FAM-DEMO-1"),
        # nutrition_health
        ("nutricion", "Nutrición Nacional", Grant(Role.NUTRITIONIST), "nacional / national"),
        (
            "medico",
            f"Servicio Médico {centre_data.name}",
            Grant(Role.MEDICAL_STAFF, centre_id=centre_id),
            centre_data.code,
        ),
    ]
    out = []
    for local, name, grant, scope in wanted:
        email = f"{local}@{pack.words.demo_domain}"
        secret = password or secrets.token_urlsafe(9)
        with db.reading() as session:
            user_id = session.scalar(sa.select(User.id).where(User.email == email))
        if user_id is None:
            accounts.create_user(db, None, email=email, name=name, password=secret, grants=[grant])
        else:
            accounts.reset_account(db, user_id, password=secret, grants=[grant])
        out.append(DemoAccount(email, secret, grant.role, scope))
    return out
