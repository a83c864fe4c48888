"""SYNTHETIC days of a centre, for demonstrations, tests and benchmarks: attendance, absence
notices, health-filter refusals, staff clocking in and out, meals, naps, late pick-ups,
incidents and drills, drawn with a seeded generator at documented rates. Nobody and nothing
here happened: every event carries ``synthetic: true``.

The rates are ASSUMPTIONS (no public IMSS operational statistics were found): a plausible
centre, tuned so the boards and indicators show realistic variety, never evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np

from redceci.operations.calendar import CentreCalendar
from redceci.operations.events import Event, EventKind


@dataclass(frozen=True)
class SyntheticRates:
    """Every rate with its reason (all ASSUMPTIONS)."""

    attendance: float = 0.88  # share of enrolled child-days present (illness, family reasons)
    notified_share: float = 0.4  # share of absences a guardian notifies ahead
    refusal: float = 0.01  # arrivals refused by the health filter (fever above all)
    late_pickup: float = 0.01  # children picked up after closing + the director's grace
    incidents_per_1000: float = 5.0  # incidents per 1,000 child-days present
    serious_share: float = 0.03  # of incidents; moderate 0.17, the rest minor
    moderate_share: float = 0.17
    staff_absence: float = 0.04  # staff-days missed (then a room may breach its ratio)
    drill_interval_days: int = 28  # a drill about every four weeks (the rule asks 30)
    arrival_mean_min: float = 55.0  # minutes after opening
    arrival_sd_min: float = 25.0
    departure_mean_min: float = 75.0  # minutes before closing
    departure_sd_min: float = 40.0
    acknowledge: float = 0.9  # incidents acknowledged by a guardian the same day
    #: Allergic reactions per day present of a child with a recorded food allergy: 0.81
    #: reactions a year in allergic preschool children, in all settings (Fleischer et al.,
    #: Pediatrics 2012;130(1):e25-32, 512 children followed a median 36 months), times an
    #: ASSUMED quarter of them at the centre (half followed foods given by people other than
    #: the parents), over about 240 days at the centre a year.
    allergic_reaction: float = 0.81 * 0.25 / 240
    allergic_severe_share: float = 0.114  # of reactions, severe (Fleischer et al. 2012)
    source: str = (
        "ASSUMPTION: synthetic demonstration rates, no public IMSS operational statistics; "
        "drills about monthly as IMSS practice (operations-facts.md §1)"
    )


DEFAULT_RATES = SyntheticRates()
AMOUNT_P = {"all": 0.5, "most": 0.25, "half": 0.14, "little": 0.08, "none": 0.03}
MEAL_TIMES = {
    "breakfast": dt.time(8, 30),
    "morning_snack": dt.time(10, 45),
    "lunch": dt.time(12, 30),
    "afternoon_snack": dt.time(14, 45),
}


@dataclass(frozen=True)
class SyntheticChild:
    child_id: int
    room_id: int
    pickup: Sequence[tuple[str, int, str]]  # ("guardian" | "authorised", id, name)
    allergens: Sequence[str] = ()  # the child's recorded food allergies


@dataclass(frozen=True)
class SyntheticStaff:
    staff_id: int
    room_id: int
    starts: dt.time
    ends: dt.time


@dataclass
class SyntheticCentre:
    """A centre's people and calendar, as the generator needs them."""

    children: Sequence[SyntheticChild]
    staff: Sequence[SyntheticStaff]
    calendar: CentreCalendar
    tz: ZoneInfo
    rates: SyntheticRates = DEFAULT_RATES
    last_drill: dt.date | None = None
    _serial: int = field(default=0, repr=False)

    def key(self, prefix: str) -> str:
        self._serial += 1
        return f"SYN-{prefix}-{self._serial:07d}"


def _at(day: dt.date, t: dt.time, minutes: float, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=tz) + dt.timedelta(minutes=float(minutes))


def synthetic_day(
    centre: SyntheticCentre, day: dt.date, rng: np.random.Generator, *, prefix: str = "D"
) -> list[Event]:
    """One open day's events, in device-time order. Roll-call marks and acknowledgements name
    their roll-call or incident as ``"@<key>"`` (the loader puts the stored id in)."""
    r = centre.rates
    tz, cal = centre.tz, centre.calendar
    out: list[Event] = []
    syn: dict[str, object] = {"synthetic": True}
    pfx = f"{prefix}{day:%Y%m%d}"

    def ev(
        kind: EventKind,
        at: dt.datetime,
        *,
        child_id: int | None = None,
        staff_id: int | None = None,
        room_id: int | None = None,
        data: dict[str, object] | None = None,
    ) -> Event:
        e = Event(
            kind=kind,
            device_time=at,
            key=centre.key(pfx),
            child_id=child_id,
            staff_id=staff_id,
            room_id=room_id,
            data=syn | (data or {}),
        )
        out.append(e)
        return e

    opens = dt.datetime.combine(day, cal.opens, tzinfo=tz)
    closes = dt.datetime.combine(day, cal.closes, tzinfo=tz)
    for s in centre.staff:
        if rng.random() < r.staff_absence:
            continue
        ev(
            EventKind.STAFF_IN,
            _at(day, s.starts, rng.normal(-3, 3), tz),
            staff_id=s.staff_id,
            room_id=s.room_id,
        )
        ev(EventKind.STAFF_OUT, _at(day, s.ends, abs(rng.normal(3, 3)), tz), staff_id=s.staff_id)
    present: list[tuple[SyntheticChild, dt.datetime, dt.datetime]] = []
    for c in centre.children:
        if rng.random() >= r.attendance:
            if rng.random() < r.notified_share:
                ev(
                    EventKind.ABSENCE_NOTICE,
                    opens - dt.timedelta(hours=14),
                    child_id=c.child_id,
                    data={"until": day.isoformat(), "note": ""},
                )
            continue
        arrive = opens + dt.timedelta(
            minutes=float(np.clip(rng.normal(r.arrival_mean_min, r.arrival_sd_min), 5, 180))
        )
        if rng.random() < r.refusal:
            temp = round(float(rng.uniform(38.0, 39.5)), 1)
            ev(
                EventKind.REFUSAL,
                arrive,
                child_id=c.child_id,
                data={
                    "reason": "fever",
                    "note": "",
                    "observation": {
                        "temperature_c": temp,
                        "signs": [],
                        "reported_illness": "",
                        "medication": "",
                    },
                },
            )
            continue
        if rng.random() < r.late_pickup:
            leave = closes + dt.timedelta(minutes=float(rng.uniform(15, 70)))
        else:
            before = float(np.clip(rng.normal(r.departure_mean_min, r.departure_sd_min), 0, 300))
            leave = closes - dt.timedelta(minutes=before)
        leave = max(leave, arrive + dt.timedelta(hours=2))
        temp = round(float(rng.normal(36.6, 0.3)), 1)
        ev(
            EventKind.CHECK_IN,
            arrive,
            child_id=c.child_id,
            data={
                "observation": {
                    "temperature_c": min(temp, 37.6),
                    "signs": [],
                    "reported_illness": "",
                    "medication": "",
                }
            },
        )
        present.append((c, arrive, leave))
    for c, arrive, leave in present:
        for meal, when in MEAL_TIMES.items():
            at = _at(day, when, rng.uniform(0, 20), tz)
            if arrive < at < leave:
                amount = str(rng.choice(list(AMOUNT_P), p=list(AMOUNT_P.values())))
                ev(
                    EventKind.DAILY_ENTRY,
                    at,
                    child_id=c.child_id,
                    data={"entry": "meal", "meal": meal, "amount": amount},
                )
        nap = _at(day, dt.time(13, 0), rng.uniform(0, 15), tz)
        if arrive < nap < leave:
            end = nap + dt.timedelta(minutes=float(rng.uniform(40, 100)))
            ev(
                EventKind.DAILY_ENTRY,
                nap,
                child_id=c.child_id,
                data={"entry": "nap", "start": nap.strftime("%H:%M"), "end": end.strftime("%H:%M")},
            )
        person = c.pickup[int(rng.integers(len(c.pickup)))] if c.pickup else ("guardian", 0, "")
        ev(
            EventKind.CHECK_OUT,
            leave,
            child_id=c.child_id,
            data={
                "picked_up_by": person[2] or "Tutor",
                "relation": "tutor" if person[0] == "guardian" else "autorizado",
                f"{'guardian' if person[0] == 'guardian' else 'person'}_id": person[1],
            },
        )
    child_days = len(present)
    for _ in range(int(rng.poisson(child_days * r.incidents_per_1000 / 1000.0))):
        c, arrive, leave = present[int(rng.integers(len(present)))]
        at = arrive + (leave - arrive) * float(rng.uniform(0.1, 0.9))
        u = rng.random()
        severity = (
            "serious"
            if u < r.serious_share
            else ("moderate" if u < r.serious_share + r.moderate_share else "minor")
        )
        inc = ev(
            EventKind.INCIDENT,
            at,
            child_id=c.child_id,
            data={
                "severity": severity,
                "category": "injury",
                "what": "Caída en el patio (SINTÉTICO)",
                "where": "patio",
                "body_part": "rodilla",
                "first_aid": "limpieza y compresa fría",
                "occurred_at": at.isoformat(),
            },
        )
        if rng.random() < r.acknowledge:
            ev(
                EventKind.INCIDENT_ACK,
                leave + dt.timedelta(minutes=30),
                child_id=c.child_id,
                data={"incident_id": "@" + inc.key, "version": 1},
            )
    for c, arrive, leave in present:
        if not c.allergens or rng.random() >= r.allergic_reaction:
            continue
        meal = str(rng.choice(list(MEAL_TIMES)))
        at = max(arrive, min(leave, _at(day, MEAL_TIMES[meal], rng.uniform(10, 40), tz)))
        ev(
            EventKind.INCIDENT,
            at,
            child_id=c.child_id,
            data={
                "severity": "serious" if rng.random() < r.allergic_severe_share else "moderate",
                "category": "allergic_reaction",
                "allergen": str(c.allergens[int(rng.integers(len(c.allergens)))]),
                "what": "Reacción alérgica después de comer (SINTÉTICO)",
                "where": "comedor",
                "first_aid": "antihistamínico según el plan de la niña o el niño; aviso a la familia",
                "occurred_at": at.isoformat(),
            },
        )
    due = centre.last_drill is None or (day - centre.last_drill).days >= r.drill_interval_days
    if due and present:
        start = _at(day, dt.time(10, 30), 0, tz)
        inside = [c for c, a, lv in present if a < start < lv]
        staff_in = [
            e.staff_id for e in out if e.kind == EventKind.STAFF_IN and e.device_time < start
        ]
        staff_out = {
            e.staff_id for e in out if e.kind == EventKind.STAFF_OUT and e.device_time < start
        }
        rc = ev(EventKind.ROLL_CALL_START, start, data={"drill": True, "hypothesis": "sismo"})
        t = start
        for c in inside:
            t += dt.timedelta(seconds=float(rng.uniform(0.5, 2.0)))
            ev(
                EventKind.ROLL_CALL_MARK,
                t,
                child_id=c.child_id,
                data={"roll_call_id": "@" + rc.key},
            )
        for sid in staff_in:
            if sid in staff_out:
                continue
            t += dt.timedelta(seconds=float(rng.uniform(0.5, 2.0)))
            ev(EventKind.ROLL_CALL_MARK, t, staff_id=sid, data={"roll_call_id": "@" + rc.key})
        ev(
            EventKind.ROLL_CALL_END,
            t + dt.timedelta(seconds=30),
            data={"roll_call_id": "@" + rc.key},
        )
        centre.last_drill = day
    return sorted(out, key=lambda e: e.device_time)


def synthetic_days(
    centre: SyntheticCentre, start: dt.date, end: dt.date, *, seed: int, prefix: str = "D"
) -> Iterator[tuple[dt.date, list[Event]]]:
    """Every open day of ``[start, end]`` with its events (one seeded generator)."""
    rng = np.random.default_rng(seed)
    for day in centre.calendar.open_days(start, end):
        yield day, synthetic_day(centre, day, rng, prefix=prefix)
