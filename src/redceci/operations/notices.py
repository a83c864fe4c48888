"""What a guardian is told by mail of their child's day: a refusal at the morning health filter
(with its reason) and a new incident (severity, what happened, first aid), Spanish first with
the English below; the store (``store/operations/notices``) picks the events and sends these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redceci.operations.events import Event, EventKind
from redceci.operations.incidents import Severity
from redceci.platform.mail import Message

#: Event kinds a guardian hears of by mail (issue 10: "a refusal notifies the guardian";
#: incidents: "guardian informed the same day"). No late pick-up event is stored yet: the
#: live board derives late pick-ups from the day, so none is mailed.
NOTIFIED_KINDS = frozenset({EventKind.REFUSAL, EventKind.INCIDENT})

SEVERITY_LABELS: Mapping[Severity, tuple[str, str]] = {
    Severity.MINOR: ("leve", "minor"),
    Severity.MODERATE: ("moderada", "moderate"),
    Severity.SERIOUS: ("grave", "serious"),
}


@dataclass(frozen=True)
class Recipient:
    """A guardian's account: where to write and how to greet."""

    email: str
    name: str


@dataclass(frozen=True)
class About:
    """The child and centre a notice is about, and the reason's labels (refusals)."""

    child: str
    centre: str
    reason_es: str = ""
    reason_en: str = ""


def is_notified(event: Event) -> bool:
    """Whether a guardian hears of this event: a refusal, or an incident's first version (its
    later versions and acknowledgements are read on the phone page); never a SYNTHETIC one
    (the demo's made-up days)."""
    if event.data.get("synthetic"):
        return False
    if event.kind == EventKind.REFUSAL:
        return event.child_id is not None
    if event.kind == EventKind.INCIDENT:
        return event.child_id is not None and not event.data.get("incident_id")
    return False


def notice_message(to: Recipient, event: Event, about: About, *, tz: dt.tzinfo) -> Message:
    """The message telling ``to`` of ``event`` (a refusal or a new incident) about a child."""
    when = event.device_time.astimezone(tz)
    if event.kind == EventKind.REFUSAL:
        return _refusal(to, event.data, about, when)
    if event.kind == EventKind.INCIDENT:
        return _incident(to, event.data, about, when)
    raise ValueError(f"no notice for {event.kind} events")


def _refusal(to: Recipient, data: Mapping[str, Any], about: About, when: dt.datetime) -> Message:
    note = str(data.get("note") or "").strip()
    es_note = f"\nNota del personal: {note}" if note else ""
    en_note = f"\nStaff note: {note}" if note else ""
    body = (
        f"Hola, {to.name}:\n\n"
        f"El {when:%d/%m/%Y} a las {when:%H:%M}, el filtro de salud de {about.centre} no "
        f"admitió a {about.child}.\nMotivo: {about.reason_es}{es_note}\n\n"
        "Puede ver el registro en la página de su familia. Si tiene dudas, comuníquese con el "
        "centro.\n\n"
        "---\n"
        f"Hello {to.name},\n\n"
        f"On {when:%Y-%m-%d} at {when:%H:%M}, the health check at {about.centre} did not "
        f"admit {about.child}.\nReason: {about.reason_en}{en_note}\n\n"
        "The record is on your family's page. If in doubt, contact the centre.\n"
    )
    return Message(to.email, f"{about.child}: no admitido · not admitted ({when:%d/%m})", body)


def _incident(to: Recipient, data: Mapping[str, Any], about: About, when: dt.datetime) -> Message:
    es_sev, en_sev = SEVERITY_LABELS[Severity(str(data.get("severity") or Severity.MINOR))]
    what, where = str(data.get("what") or ""), str(data.get("where") or "")
    body_part = str(data.get("body_part") or "").strip()
    first_aid = str(data.get("first_aid") or "").strip()
    body = (
        f"Hola, {to.name}:\n\n"
        f"El {when:%d/%m/%Y} a las {when:%H:%M} hubo un incidente con {about.child} en "
        f"{about.centre}.\n"
        f"Gravedad: {es_sev}\nQué pasó: {what}\nDónde: {where}\n"
        + (f"Parte del cuerpo: {body_part}\n" if body_part else "")
        + f"Primeros auxilios: {first_aid or 'ninguno registrado'}\n\n"
        "Confirme que lo leyó en la página de su familia.\n\n"
        "---\n"
        f"Hello {to.name},\n\n"
        f"On {when:%Y-%m-%d} at {when:%H:%M} there was an incident with {about.child} at "
        f"{about.centre}.\n"
        f"Severity: {en_sev}\nWhat happened: {what}\nWhere: {where}\n"
        + (f"Body part: {body_part}\n" if body_part else "")
        + f"First aid: {first_aid or 'none recorded'}\n\n"
        "Please acknowledge it on your family's page.\n"
    )
    return Message(to.email, f"Incidente ({es_sev}) · Incident ({en_sev}): {about.child}", body)
