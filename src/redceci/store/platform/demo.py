"""Demo accounts for ``redceci serve``: one user per role, with fresh passwords each start."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from redceci.platform.access import Grant
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


def ensure_demo_accounts(db: Database, *, password: str | None = None) -> list[DemoAccount]:
    """Create (or reset) one account per role; their passwords are new unless given."""
    with db.transaction() as session:
        org = session.scalar(sa.select(Organisation).where(Organisation.name == DEMO_ORGANISATION))
        if org is None:
            org = Organisation(name=DEMO_ORGANISATION)
            session.add(org)
            session.flush()
        centre = session.scalar(sa.select(Centre).where(Centre.code == DEMO_CENTRE.code))
        if centre is None:
            centre = add_centre(
                session, None, DEMO_CENTRE.model_copy(update={"operator_organisation_id": org.id})
            )
        org_id, centre_id = org.id, centre.id
    wanted = [
        ("admin", "Administración", Grant(Role.ADMINISTRATOR), "nacional / national"),
        ("planeacion", "Planeación Nacional", Grant(Role.NATIONAL_PLANNER), "nacional"),
        (
            "coordinacion.nl",
            "Coordinación Nuevo León",
            Grant(Role.STATE_COORDINATOR, state_code="19"),
            "estado 19 (Nuevo León)",
        ),
        (
            "socio",
            "Socio Parque Demo",
            Grant(Role.PARTNER, organisation_id=org_id),
            DEMO_ORGANISATION,
        ),
        (
            "direccion",
            "Dirección CECI Demo",
            Grant(Role.CENTRE_DIRECTOR, centre_id=centre_id),
            DEMO_CENTRE.code,
        ),
        (
            "personal",
            "Personal CECI Demo",
            Grant(Role.CENTRE_STAFF, centre_id=centre_id),
            DEMO_CENTRE.code,
        ),
        ("familia", "Familia Demo", Grant(Role.PARENT, family_id="FAM-DEMO-1"), "FAM-DEMO-1"),
        # nutrition_health
        ("nutricion", "Nutrición Nacional", Grant(Role.NUTRITIONIST), "nacional / national"),
        (
            "medico",
            "Servicio Médico CECI Demo",
            Grant(Role.MEDICAL_STAFF, centre_id=centre_id),
            DEMO_CENTRE.code,
        ),
    ]
    out = []
    for local, name, grant, scope in wanted:
        email = f"{local}@{DEMO_DOMAIN}"
        secret = password or secrets.token_urlsafe(9)
        with db.reading() as session:
            user_id = session.scalar(sa.select(User.id).where(User.email == email))
        if user_id is None:
            accounts.create_user(db, None, email=email, name=name, password=secret, grants=[grant])
        else:
            accounts.reset_account(db, user_id, password=secret, grants=[grant])
        out.append(DemoAccount(email, secret, grant.role, scope))
    return out
