"""What a guardian is mailed: which events, and the texts (Spanish first, English below)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from redceci.operations.events import Event, EventKind
from redceci.operations.notices import About, Recipient, is_notified, notice_message

AT = dt.datetime(2026, 12, 4, 14, 5, tzinfo=dt.UTC)  # 08:05 in Mexico City
TO = Recipient("mama@ops.mx", "Mamá de Ana")


def _event(kind: EventKind, **data: object) -> Event:
    return Event(kind=kind, device_time=AT, seq=7, child_id=3, data=data)


def test_refusals_and_first_incident_versions_are_mailed_and_nothing_else() -> None:
    assert is_notified(_event(EventKind.REFUSAL, reason="fever"))
    assert is_notified(_event(EventKind.INCIDENT, severity="minor", what="Raspón"))
    assert not is_notified(_event(EventKind.INCIDENT, incident_id=5, severity="minor"))
    assert not is_notified(_event(EventKind.CHECK_IN))
    assert not is_notified(_event(EventKind.REFUSAL, reason="fever", synthetic=True))


def test_a_refusal_says_when_where_and_why_in_spanish_then_english() -> None:
    about = About("Ana Ruiz", "CECI QRO", "Fiebre (38.0 °C o más)", "Fever (38.0 °C or more)")
    mail = notice_message(
        TO,
        _event(EventKind.REFUSAL, reason="fever", note="38.6"),
        about,
        tz=ZoneInfo("America/Mexico_City"),
    )
    assert mail.to == "mama@ops.mx"
    spanish, english = mail.body.split("---")
    assert "04/12/2026 a las 08:05" in spanish and "CECI QRO" in spanish
    assert "Motivo: Fiebre (38.0 °C o más)" in spanish and "Nota del personal: 38.6" in spanish
    assert "Reason: Fever (38.0 °C or more)" in english and "2026-12-04 at 08:05" in english
