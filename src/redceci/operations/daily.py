"""The daily report a guardian reads: per child, arrival and departure, meals and how much was
eaten, naps, nappies, activities and educators' notes, from the day's events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redceci.errors import InputError
from redceci.operations.events import Event, EventKind

#: Kinds of daily entries and the fields each needs.
ENTRIES: Mapping[str, tuple[str, ...]] = {
    "meal": ("meal", "amount"),
    "nap": ("start",),
    "nappy": ("nappy",),
    "activity": ("text",),
    "note": ("text",),
}
#: The meals of the day: the same words as nutrition_health's ``stages.Meal`` (the kitchen
#: records what each child ate with them).
MEALS = ("breakfast", "morning_snack", "lunch", "afternoon_snack")
#: How much of a serving was eaten (the kitchen and the report share these words).
AMOUNTS: Mapping[str, float] = {"all": 1.0, "most": 0.75, "half": 0.5, "little": 0.25, "none": 0.0}
NAPPIES = ("wet", "soiled", "dry")


def check_entry(data: Mapping[str, Any]) -> str:
    """Validate a daily entry's data; returns its kind."""
    kind = str(data.get("entry") or "")
    if kind not in ENTRIES:
        raise InputError(f"daily entry must be one of {', '.join(ENTRIES)}")
    missing = [f for f in ENTRIES[kind] if not str(data.get(f) or "").strip()]
    if missing:
        raise InputError(f"a {kind} entry needs {', '.join(missing)}")
    if kind == "meal":
        if data["meal"] not in MEALS:
            raise InputError(f"meal must be one of {', '.join(MEALS)}")
        if data["amount"] not in AMOUNTS:
            raise InputError(f"amount eaten must be one of {', '.join(AMOUNTS)}")
    if kind == "nappy" and data["nappy"] not in NAPPIES:
        raise InputError(f"nappy must be one of {', '.join(NAPPIES)}")
    if kind == "nap":
        for f in ("start", "end"):
            if data.get(f):
                try:
                    dt.time.fromisoformat(str(data[f]))
                except ValueError:
                    raise InputError(f"nap {f} must be a time HH:MM") from None
    return kind


@dataclass
class DailyReport:
    child_id: int
    day: dt.date
    arrived_at: dt.datetime | None = None
    left_at: dt.datetime | None = None
    picked_up_by: str = ""
    refused: str = ""
    absent_notified: bool = False
    meals: list[dict[str, Any]] = field(default_factory=list)
    naps: list[dict[str, Any]] = field(default_factory=list)
    nappies: list[dict[str, Any]] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incidents: list[int] = field(default_factory=list)


def daily_report(child_id: int, day: dt.date, events: Iterable[Event]) -> DailyReport:
    """The child's day from its events (already stripped of voided ones, in replay order)."""
    report = DailyReport(child_id, day)
    for e in events:
        if e.child_id != child_id:
            continue
        match e.kind:
            case EventKind.CHECK_IN:
                report.arrived_at = e.device_time
                report.left_at = None
            case EventKind.CHECK_OUT:
                report.left_at = e.device_time
                report.picked_up_by = str(e.data.get("picked_up_by") or "")
            case EventKind.REFUSAL:
                report.refused = str(e.data.get("reason") or "")
            case EventKind.ABSENCE_NOTICE:
                report.absent_notified = True
            case EventKind.INCIDENT:
                root = int(e.data.get("incident_id") or e.seq)
                if root not in report.incidents:
                    report.incidents.append(root)
            case EventKind.DAILY_ENTRY:
                _entry(report, e)
            case _:
                pass
    return report


def _entry(report: DailyReport, e: Event) -> None:
    d = e.data
    at = e.device_time.isoformat()
    match d.get("entry"):
        case "meal":
            report.meals.append(
                {"meal": d["meal"], "amount": d["amount"], "dish": d.get("dish") or "", "at": at}
            )
        case "nap":
            report.naps.append({"start": d["start"], "end": d.get("end") or ""})
        case "nappy":
            report.nappies.append({"nappy": d["nappy"], "at": at})
        case "activity":
            report.activities.append(str(d["text"]))
        case "note":
            report.notes.append(str(d["text"]))
        case _:
            pass


def eaten_share(report: DailyReport) -> dict[str, float]:
    """Per meal, the share of the serving eaten (the last entry of each meal counts)."""
    return {m["meal"]: AMOUNTS[m["amount"]] for m in report.meals}
