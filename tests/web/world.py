"""Shared pieces of the page tests: a planner that writes a real-shaped plan, a fake site
analysis, signing in through the form, and a small enrolment world (centres with rooms)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from fastapi.testclient import TestClient

from redceci.api.deps import SESSION_COOKIE
from redceci.api.planning.runs import OUTPUT_FILES
from redceci.enrolment import curp_check_digit, nss_check_digit
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.enrolment import families, rules
from redceci.store.enrolment.families import ChildData, FamilyData, GuardianData
from redceci.store.enrolment.rules import RoomBand
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.platform import accounts, centres
from redceci.store.platform.centres import CentreData
from redceci.store.platform.models import User
from redceci.store.testing import (
    TEST_PASSWORD,
    add_user,
)
from redceci.workflow import Progress

#: Two chosen sites in Aguascalientes, in the columns of ``plan.csv``.
SITES = pd.DataFrame(
    {
        "site_id": ["L010010001", "P-01-1"],
        "name": ["Aguascalientes", "Parque Industrial San Francisco"],
        "kind": ["locality", "industrial_park"],
        "scheme": ["CECI IMSS", "CECI Empresa"],
        "CVE_ENT": ["01", "01"],
        "MUN_CVEGEO": ["01001", "01011"],
        "lat": [21.88, 21.93],
        "lon": [-102.29, -102.27],
        "centres": [2, 1],
        "places": [500, 110],
        "served": [480.0, 95.0],
        "occupancy": [0.96, 0.86],
    }
)


def two_site_planner(
    settings: Settings,
    parameters: ScenarioParameters,
    registry: pd.DataFrame,
    out_dir: Path,
    progress: Progress,
) -> dict[str, Any]:
    """Stands in for the engine: writes a two-site plan in the real files' shape."""
    progress("planeando / planning", 0.5)
    out_dir.mkdir(parents=True, exist_ok=True)
    SITES.to_csv(out_dir / "plan.csv", index=False)
    for name in OUTPUT_FILES[::2]:
        (out_dir / name).write_text("{}", encoding="utf-8")
    return {
        "centres": 3,
        "places": 610,
        "cost": 3 * 36.1e6,
        "served": 575.0,
        "sites": 2,
        "method": "fake",
        "status": "feasible",
        "gap": 0.01,
        "files": list(OUTPUT_FILES),
    }


def fake_analyser(
    settings: Settings, registry: pd.DataFrame, lat: float, lon: float, employees: int = 0
) -> dict[str, Any]:
    return {
        "lat": lat,
        "lon": lon,
        "eligible": 1234.0,
        "existing_places": 50.0,
        "recommended_size": 250,
        "expected_occupancy": 0.9,
        "verdict": "recomendado / recommended",
    }


@dataclass(frozen=True)
class People:
    """The two partner organisations of the test world."""

    org_a: int
    org_b: int


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def open_session(client: TestClient, db: Database, email: str) -> str:
    """Sign in without the form (no password hashing: fast); returns the CSRF token."""
    with db.reading() as session:
        user = session.scalar(sa.select(User).where(User.email == email))
    assert user is not None
    opened = accounts.open_session(db, user)
    client.cookies.set(SESSION_COOKIE, opened.secret)
    return opened.csrf_token


class WebClient(TestClient):
    """A test client that can also sign in without the form (``login``: fast, no hashing)."""

    def __init__(self, app: Any, db: Database) -> None:
        super().__init__(app, base_url="https://testserver")
        self.db = db

    def login(self, email: str) -> str:
        return open_session(self, self.db, email)


def post_login(client: TestClient, data: dict[str, str], **kwargs: Any) -> Any:
    """Post the sign-in form as a browser does: open it first (its token cookie and field)."""
    form = client.get("/entrar").text
    token = re.search(r'name="login_token" value="([^"]+)"', form)
    assert token is not None
    return client.post("/entrar", data={**data, "login_token": token.group(1)}, **kwargs)


def sign_in(client: TestClient, email: str) -> str:
    """Sign in through the form; returns the CSRF token of the new session."""
    response = post_login(client, {"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 200, response.text
    return csrf_of(response.text)


# -- enrolment ------------------------------------------------------------------------------------

#: The enrolment pages' start date, two months ahead; children born on ``BIRTH`` are then
#: about 17.7 months old (lactantes) and move up to maternales (19 months) within 180 days.
START = dt.date.today() + dt.timedelta(days=60)
BIRTH = START - dt.timedelta(days=540)


def valid_curp(initials: str, birth: dt.date, *, sex: str = "H") -> str:
    """A made-up CURP with the right format and check digit (``initials``: four letters)."""
    body = f"{initials}{birth:%y%m%d}{sex}ASRRR{'0' if birth.year < 2000 else 'A'}"
    return body + str(curp_check_digit(body))


def valid_nss(serial: int) -> str:
    body = f"{1000000000 + serial:010d}"
    return body + str(nss_check_digit(body))


def family_of(serial: int, child: str, initials: str) -> FamilyData:
    """One insured guardian and one child born on ``BIRTH``."""
    return FamilyData(
        guardians=[GuardianData(name=f"Madre {serial}", nss=valid_nss(serial))],
        children=[ChildData(name=child, curp=valid_curp(initials, BIRTH), birth_date=BIRTH)],
    )


@dataclass(frozen=True)
class Enrolment:
    """Two Aguascalientes centres with one place per room, their directors, an administrator
    and a second parent (family F-2, registered; the first parent's F-1 is not)."""

    north: int
    south: int
    admin: Principal


def enrolment_world(db: Database) -> Enrolment:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR), name="Administración")
    ids = []
    for code, name, lat, lon in (
        ("AGS-N", "CECI Aguascalientes Norte", 21.93, -102.29),
        ("AGS-S", "CECI Aguascalientes Sur", 21.84, -102.29),
    ):
        centre = centres.create_centre(
            db,
            admin,
            CentreData(
                code=code,
                name=name,
                scheme="CECI IMSS",
                operator="IMSS",
                state_code="01",
                lat=lat,
                lon=lon,
                status=CentreStatus.OPERATING,
                status_since=dt.date(2025, 1, 1),
            ),
        )
        rules.set_rooms(
            db,
            admin,
            centre.id,
            [
                RoomBand(name="lactantes", min_days=43, max_months=19, places=1),
                RoomBand(name="maternales", min_months=19, max_months=48, places=1),
            ],
        )
        ids.append(centre.id)
    add_user(db, "director@x.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=ids[0]), name="Dir N")
    add_user(db, "director2@x.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=ids[1]), name="Dir S")
    add_user(db, "parent2@x.mx", Grant(Role.PARENT, family_id="F-2"), name="Familia 2")
    families.register_family(db, admin, "F-2", family_of(2, "Sofía Dos", "DOSA"))
    return Enrolment(ids[0], ids[1], admin)
