"""A centre's calendar in the store (SQLite and PostgreSQL) closes on the public holidays of
the deployment's country pack, chosen as the settings choose it (``REDCECI_COUNTRY``), with the
centre's own hours and closures kept."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from redceci.api.operations.schemas import operations_rules
from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.operations import network, setup
from redceci.store.operations.roster import calendar_of
from redceci.store.operations.setup import CalendarData, ClosureData
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData, RoomData
from redceci.store.platform.models import Centre
from redceci.store.testing import add_user

ARMY_DAY = dt.date(2026, 6, 30)  # a Tuesday: Día del Ejército (Guatemala), not Mexican
HOLY_THURSDAY = dt.date(2026, 4, 2)  # Guatemala's Código de Trabajo art. 127, not Mexico's LFT
CONSTITUTION_MONDAY = dt.date(2026, 2, 2)  # Mexico's first Monday of February, not Guatemalan
INDEPENDENCE_MX = dt.date(2026, 9, 16)  # a Wednesday: Mexico's; Guatemala's is the 15th


def _settings(country: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The settings of a deployment of ``country``, chosen as a deployment chooses it."""
    monkeypatch.setenv("REDCECI_COUNTRY", country)
    monkeypatch.delenv("REDCECI_TIMEZONE", raising=False)
    return Settings()


def _centre(db: Database) -> int:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre = centres.create_centre(
        db,
        admin,
        CentreData(
            code="CAL-1",
            name="Centro calendario",
            scheme="CECI IMSS",
            operator="Operador",
            state_code="01",
            lat=14.6,
            lon=-90.5,
            status=CentreStatus.OPERATING,
            status_since=dt.date(2025, 1, 1),
            rooms=[RoomData(name="Sala", age_group="maternales", capacity=20)],
        ),
    )
    setup.set_calendar(  # the centre's own hours, Monday to Friday, and one closure of its own
        db,
        admin,
        centre.id,
        CalendarData(
            opens=dt.time(6, 30),
            closes=dt.time(15, 0),
            weekdays=[0, 1, 2, 3, 4],
            closures=[ClosureData(day=dt.date(2026, 7, 2), reason="Fumigación")],
        ),
    )
    return centre.id


def test_a_guatemalan_centre_closes_on_guatemala_s_holidays_and_opens_on_mexico_s(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings("gt", monkeypatch)
    assert settings.timezone == "America/Guatemala"
    centre = _centre(db)
    with db.reading() as session:
        cal = calendar_of(session, centre, operations_rules(settings))
    assert (cal.opens, cal.closes) == (dt.time(6, 30), dt.time(15, 0))  # its own hours kept
    assert not cal.is_open(ARMY_DAY) and not cal.is_open(HOLY_THURSDAY)
    assert cal.is_open(CONSTITUTION_MONDAY) and cal.is_open(INDEPENDENCE_MX)
    assert not cal.is_open(dt.date(2026, 7, 2))  # its own closure
    assert "Código de Trabajo" in cal.source

    mexico = _settings("mx", monkeypatch)
    with db.reading() as session:
        cal = calendar_of(session, centre, operations_rules(mexico))
    assert cal.is_open(ARMY_DAY) and cal.is_open(HOLY_THURSDAY)
    assert not cal.is_open(CONSTITUTION_MONDAY) and not cal.is_open(INDEPENDENCE_MX)


def test_the_network_s_days_of_a_guatemalan_centre_skip_guatemala_s_holidays(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings("gt", monkeypatch)
    centre_id = _centre(db)
    with db.reading() as session:
        centre = session.get(Centre, centre_id)
        assert centre is not None
        session.expunge(centre)
    week = (dt.date(2026, 6, 29), dt.date(2026, 7, 3))  # Monday to Friday: 30th and 2nd closed
    days = network.day_summaries(
        db,
        [centre],
        *week,
        tz=ZoneInfo(settings.timezone),
        rules=operations_rules(settings),
        today=dt.date(2026, 7, 10),
    )
    assert [s.day for s in days] == [dt.date(2026, 6, 29), dt.date(2026, 7, 1), dt.date(2026, 7, 3)]
    view = setup.calendar(
        db,
        add_user(db, "planner@x.mx", Grant(Role.ADMINISTRATOR)),
        centre_id,
        rules=operations_rules(settings),
    )
    assert "Guatemala" in view["source"] and view["closes"] == "15:00"
