"""Demo accounts for ``redceci serve``: one user per role, with fresh passwords each start."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from redceci.platform.access import Grant
from redceci.platform.country import DemoSite
from redceci.platform.room_mix import bands_of, split_places
from redceci.platform.rooms import RoomScheme, active_room_groups
from redceci.platform.vocabulary import CentreStatus, Role, active_schemes
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.platform.centres import CentreData, RoomData, add_centre
from redceci.store.platform.models import Centre, Organisation, User

DEMO_DOMAIN = "demo.redceci.mx"
DEMO_ORGANISATION = "Parque Industrial Demo, S.A. de C.V."
DEMO_CENTRE = CentreData(
    code="DEMO-19-001",
    name="CECI Demo Apodaca",
    scheme="CECI Empresa",
    operator=DEMO_ORGANISATION,
    state_code="19",
    municipality="19006",
    lat=25.7818,
    lon=-100.1883,
    status=CentreStatus.OPERATING,
    status_since=dt.date(2025, 1, 6),
    rooms=[
        RoomData(name="Lactantes A", age_group="lactantes", capacity=40),
        RoomData(name="Maternales A", age_group="maternales", capacity=60),
        RoomData(name="Preescolar A", age_group="preescolar", capacity=80),
    ],
)
#: The demo centre's places, shared by its rooms.
DEMO_PLACES = 180


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


#: The default demo site (Mexico's pack's, as ``DEMO_CENTRE``).
DEMO_SITE = DemoSite(
    DEMO_CENTRE.code,
    DEMO_CENTRE.name,
    DEMO_ORGANISATION,
    DEMO_CENTRE.state_code,
    "Nuevo León",
    "19006",
    DEMO_CENTRE.lat,
    DEMO_CENTRE.lon,
)


def demo_centre(site: DemoSite) -> CentreData:
    """The demo centre of a country pack's ``DemoSite``, run with an employer, with a room of
    each of the active pack's room groups (``countries.activate``; none active:
    ``DEMO_CENTRE``'s scheme and rooms)."""
    groups, schemes = active_room_groups(), active_schemes()
    return DEMO_CENTRE.model_copy(
        update={
            "scheme": DEMO_CENTRE.scheme if schemes is None else schemes[-1],
            "rooms": DEMO_CENTRE.rooms if groups is None else demo_rooms(groups),
            "code": site.centre_code,
            "name": site.centre_name,
            "operator": site.organisation,
            "state_code": site.region_code,
            "municipality": site.municipality,
            "lat": site.lat,
            "lon": site.lon,
        }
    )


def ensure_demo_accounts(
    db: Database,
    *,
    password: str | None = None,
    site: DemoSite | None = None,
    domain: str = DEMO_DOMAIN,
) -> list[DemoAccount]:
    """Create (or reset) one account per role; their passwords are new unless given.
    ``site`` and ``domain``: another country pack's demo centre, region and e-mail domain
    (default: Mexico's, ``DEMO_SITE``); the centre's scheme and rooms are the active pack's."""
    centre_data = demo_centre(site or DEMO_SITE)
    organisation = DEMO_ORGANISATION if site is None else site.organisation
    region = ("19", "Nuevo León") if site is None else (site.region_code, site.region_name)
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
            "coordinacion.nl" if site is None else f"coordinacion.{region[0]}",
            f"Coordinación {region[1]}",
            Grant(Role.STATE_COORDINATOR, state_code=region[0]),
            f"{'estado' if site is None else 'región / region'} {region[0]} ({region[1]})",
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
        email = f"{local}@{domain}"
        secret = password or secrets.token_urlsafe(9)
        with db.reading() as session:
            user_id = session.scalar(sa.select(User.id).where(User.email == email))
        if user_id is None:
            accounts.create_user(db, None, email=email, name=name, password=secret, grants=[grant])
        else:
            accounts.reset_account(db, user_id, password=secret, grants=[grant])
        out.append(DemoAccount(email, secret, grant.role, scope))
    return out
