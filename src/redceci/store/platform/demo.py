"""Demo accounts for ``redceci serve``: one user per role, with fresh passwords each start."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from redceci.platform.access import Grant
from redceci.platform.country import DemoSite
from redceci.platform.vocabulary import AgeGroup, CentreStatus, Role, Scheme
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.platform.centres import CentreData, RoomData, add_centre
from redceci.store.platform.models import Centre, Organisation, User

DEMO_DOMAIN = "demo.redceci.mx"
DEMO_ORGANISATION = "Parque Industrial Demo, S.A. de C.V."
DEMO_CENTRE = CentreData(
    code="DEMO-19-001",
    name="CECI Demo Apodaca",
    scheme=Scheme.CECI_EMPRESA,
    operator=DEMO_ORGANISATION,
    state_code="19",
    municipality="19006",
    lat=25.7818,
    lon=-100.1883,
    status=CentreStatus.OPERATING,
    status_since=dt.date(2025, 1, 6),
    rooms=[
        RoomData(name="Lactantes A", age_group=AgeGroup.LACTANTES, capacity=40),
        RoomData(name="Maternales A", age_group=AgeGroup.MATERNALES, capacity=60),
        RoomData(name="Preescolar A", age_group=AgeGroup.PREESCOLAR, capacity=80),
    ],
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: Role
    scope: str


def demo_centre(site: DemoSite) -> CentreData:
    """The demo centre of a country pack's ``DemoSite`` (rooms as ``DEMO_CENTRE``'s)."""
    return DEMO_CENTRE.model_copy(
        update={
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
    (default: Mexico's, ``DEMO_CENTRE``)."""
    centre_data = DEMO_CENTRE if site is None else demo_centre(site)
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
            "Dirección CECI Demo",
            Grant(Role.CENTRE_DIRECTOR, centre_id=centre_id),
            centre_data.code,
        ),
        (
            "personal",
            "Personal CECI Demo",
            Grant(Role.CENTRE_STAFF, centre_id=centre_id),
            centre_data.code,
        ),
        ("familia", "Familia Demo", Grant(Role.PARENT, family_id="FAM-DEMO-1"), "FAM-DEMO-1"),
        # nutrition_health
        ("nutricion", "Nutrición Nacional", Grant(Role.NUTRITIONIST), "nacional / national"),
        (
            "medico",
            "Servicio Médico CECI Demo",
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
