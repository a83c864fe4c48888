"""Incidents and accidents: what happened, to whom, how serious, and who must know by when.

Every edit is a new version (an ``incident`` event naming the incident's first event); the
guardian acknowledges the latest version. Severity levels and their escalation deadlines are
parameters: the issue asks that guardians learn the same day and that serious incidents reach
the state and the network "within a set time"; the figures are ASSUMPTIONS to review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from redceci.errors import InputError
from redceci.operations.events import Event, EventKind


class Category(StrEnum):
    """What kind of incident: the network counts allergic reactions apart (the nutrition
    dashboard's "allergies served without incident")."""

    INJURY = "injury"  # a fall, a bump, a bite
    ALLERGIC_REACTION = "allergic_reaction"  # to a food, a sting, a medicine
    ILLNESS = "illness"  # taken ill during the day
    OTHER = "other"


class Severity(StrEnum):
    MINOR = "minor"  # a scrape, a bump: first aid at the centre
    MODERATE = "moderate"  # needs a medical check
    SERIOUS = "serious"  # hospital, or a risk to life; or any event affecting several children


@dataclass(frozen=True)
class Escalation:
    """Who must be told within how many hours of the incident (0: immediately)."""

    to: str  # guardian | director | state | network
    within_hours: float


@dataclass(frozen=True)
class IncidentRules:
    escalations: Mapping[Severity, tuple[Escalation, ...]] = field(
        default_factory=lambda: {
            Severity.MINOR: (Escalation("guardian", 10),),
            Severity.MODERATE: (Escalation("director", 0), Escalation("guardian", 2)),
            Severity.SERIOUS: (
                Escalation("director", 0),
                Escalation("guardian", 0.5),
                Escalation("state", 2),
                Escalation("network", 2),
            ),
        }
    )
    source: str = (
        "Issue 10: guardian informed the same day, serious incidents to the state and the "
        "network within a set time; the hours are ASSUMPTIONS until the country pack gives its "
        "own (CountryPack.operations); the draft, "
        "signatures and lock-on-acknowledgement pattern from incident-report software [V] "
        "(operations-facts.md §4 'Incident reports')"
    )


DEFAULT_INCIDENTS = IncidentRules()
#: Fields an incident report must carry.
REQUIRED = ("what", "where", "severity")


def check_incident(data: Mapping[str, Any]) -> Severity:
    """Validate an incident's data; returns its severity."""
    missing = [k for k in REQUIRED if not str(data.get(k) or "").strip()]
    if missing:
        raise InputError(f"an incident needs {', '.join(missing)}")
    if str(data.get("category") or Category.OTHER) not in set(Category):
        raise InputError(f"category must be one of {', '.join(c.value for c in Category)}")
    try:
        return Severity(str(data["severity"]))
    except ValueError:
        raise InputError(
            f"severity must be one of {', '.join(s.value for s in Severity)}"
        ) from None


@dataclass(frozen=True)
class Incident:
    """An incident folded from its versions: the latest content, the version number, when it
    happened, and the acknowledgements (version acknowledged, by whom, when)."""

    id: int  # the first event's stored id
    child_id: int | None
    occurred_at: dt.datetime
    version: int
    data: Mapping[str, Any]
    severity: Severity
    acknowledged: tuple[tuple[int, int | None, dt.datetime], ...] = ()

    @property
    def category(self) -> Category:
        """The latest version's category (reports made before categories existed: other)."""
        return Category(str(self.data.get("category") or Category.OTHER))

    @property
    def acknowledged_latest(self) -> bool:
        return any(v == self.version for v, _, _ in self.acknowledged)


def fold(events: Iterable[Event]) -> list[Incident]:
    """Incidents from their ``incident`` and ``incident_ack`` events (arrival order)."""
    versions: dict[int, list[Event]] = {}
    acks: dict[int, list[Event]] = {}
    for e in sorted(events, key=lambda e: e.seq):
        if e.kind == EventKind.INCIDENT:
            root = int(e.data.get("incident_id") or e.seq)
            versions.setdefault(root, []).append(e)
        elif e.kind == EventKind.INCIDENT_ACK:
            acks.setdefault(int(e.data.get("incident_id") or 0), []).append(e)
    out = []
    for root, vs in versions.items():
        latest = vs[-1]
        occurred = str(latest.data.get("occurred_at") or "")
        when = dt.datetime.fromisoformat(occurred) if occurred else vs[0].device_time
        out.append(
            Incident(
                id=root,
                child_id=vs[0].child_id,
                occurred_at=when,
                version=len(vs),
                data=dict(latest.data),
                severity=Severity(str(latest.data.get("severity", Severity.MINOR))),
                acknowledged=tuple(
                    (int(a.data.get("version") or 0), a.actor_id, a.device_time)
                    for a in acks.get(root, [])
                ),
            )
        )
    return sorted(out, key=lambda i: i.occurred_at)


@dataclass(frozen=True)
class Due:
    incident_id: int
    to: str
    deadline: dt.datetime
    overdue: bool


def escalations_due(
    incident: Incident,
    now: dt.datetime,
    rules: IncidentRules = DEFAULT_INCIDENTS,
    *,
    notified: Iterable[str] = (),
) -> list[Due]:
    """Who must still be told about ``incident`` and by when (the guardian counts as told
    once they acknowledged; others once named in ``notified``)."""
    told = set(notified)
    if incident.acknowledged:
        told.add("guardian")
    out = []
    for step in rules.escalations[incident.severity]:
        if step.to in told:
            continue
        deadline = incident.occurred_at + dt.timedelta(hours=step.within_hours)
        out.append(Due(incident.id, step.to, deadline, now > deadline))
    return out
