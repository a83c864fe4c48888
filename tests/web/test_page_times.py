"""Times are stored in UTC and shown in the platform's time zone (``REDCECI_TIMEZONE``: Mexico
City by default, any IANA zone for another country)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from redceci.settings import Settings, get_settings
from redceci.web.pages import when


def context(settings: Settings) -> dict[str, object]:
    state = SimpleNamespace(settings=settings)
    return {"request": SimpleNamespace(app=SimpleNamespace(state=state))}


def test_an_offer_deadline_in_utc_reads_in_mexico_city_time() -> None:
    mexico = context(get_settings())
    deadline = dt.datetime(2026, 11, 28, 15, 5, tzinfo=dt.UTC)
    assert when(mexico, deadline) == "28 de noviembre de 2026, 9:05"
    # Mexico has kept standard time all year since 2023: July is UTC-6 too.
    assert when(mexico, "2026-07-01T15:05:00+00:00") == "1 de julio de 2026, 9:05"
    assert when(mexico, dt.datetime(2026, 11, 28, 15, 5)) == "28 de noviembre de 2026, 9:05"
    assert when(mexico, deadline, seconds=True) == "28 de noviembre de 2026, 9:05:00"
    assert when({**mexico, "lang": "en"}, deadline) == "November 28, 2026, 9:05 AM"
    assert when(mexico, None) == "—"


def test_another_country_sets_its_own_zone() -> None:
    tijuana = context(get_settings(timezone="America/Tijuana"))
    assert (
        when(tijuana, dt.datetime(2026, 7, 1, 15, 5, tzinfo=dt.UTC)) == "1 de julio de 2026, 8:05"
    )


def test_an_unknown_zone_stops_the_settings() -> None:
    with pytest.raises(ValidationError, match="not a time zone"):
        get_settings(timezone="Mexico/Somewhere")
