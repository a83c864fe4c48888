"""The rules of the day: ratios and colours with the next hour's projection, the health
filter, pick-up codes, late pick-ups, drills, incidents, the calendar, the daily report."""

from __future__ import annotations

import datetime as dt

import pytest

from redceci.countries import country_pack
from redceci.countries.mx.calendar import mexican_holidays
from redceci.countries.mx.ratios import RATIOS
from redceci.errors import InputError
from redceci.operations.calendar import CentreCalendar
from redceci.operations.daily import check_entry, daily_report, eaten_share
from redceci.operations.drills import DrillRule, drill_status, on_time_share
from redceci.operations.events import Event, EventKind
from redceci.operations.health import DEFAULT_FILTER, Observation
from redceci.operations.incidents import Severity, escalations_due, fold
from redceci.operations.parameters import rules_for
from redceci.operations.pickup import (
    DEFAULT_PICKUP,
    IssuedCode,
    LateLevel,
    code_hash,
    late_pickups,
    match_code,
    new_code,
)
from redceci.operations.ratios import Colour, RatioTimeline, room_ratios
from redceci.operations.state import Roster, replay

TZ = dt.timezone(dt.timedelta(hours=-6))
DAY = dt.date(2026, 11, 30)
BABY = dt.date(2026, 5, 1)  # lactante on DAY
TODDLER = dt.date(2024, 1, 1)  # maternal on DAY


def at(h: int, m: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(h, m), tzinfo=TZ)


def ev(kind: str, t: dt.datetime, seq: int, **kw: object) -> Event:
    return Event(kind=EventKind(kind), device_time=t, seq=seq, key=f"k{seq}", **kw)  # type: ignore[arg-type]


def roster(babies: int, toddlers: int, staff: int = 3, **kw: object) -> Roster:
    kids = dict.fromkeys(range(1, babies + toddlers + 1), 10)
    births = {i: (BABY if i <= babies else TODDLER) for i in kids}
    return Roster(
        children=kids,
        rooms={10: "sala mixta"},
        staff={100 + s: True for s in range(staff)},
        births=births,
        **kw,  # type: ignore[arg-type]
    )


def present(r: Roster, staff: int) -> list[Event]:
    events = [ev("check_in", at(8), c, child_id=c) for c in r.children]
    events += [ev("staff_in", at(7), 100 + s, staff_id=100 + s, room_id=10) for s in range(staff)]
    return events


def test_a_mixed_room_uses_the_strictest_rule() -> None:
    # 3 lactantes + 8 maternales: strictest = ceil(11 / 5) = 3 assistants + 1 lead = 4
    r = roster(3, 8, staff=4)
    ratio = room_ratios(replay(r, present(r, 4)), r, at(9), RATIOS)[0]
    assert ratio.needed == 4 == RATIOS.staff_needed(["lactantes"] * 3 + ["maternales"] * 8)
    assert ratio.colour is Colour.AMBER  # one adult leaving would breach
    r5 = roster(3, 8, staff=5)
    assert room_ratios(replay(r5, present(r5, 5)), r5, at(9), RATIOS)[0].colour is Colour.GREEN
    r3 = roster(3, 8, staff=3)
    assert room_ratios(replay(r3, present(r3, 3)), r3, at(9), RATIOS)[0].colour is Colour.RED


def test_the_next_hours_shift_ends_turn_a_room_amber_before_it_breaches() -> None:
    ends = {100: at(9, 30)}
    r = roster(0, 10, staff=3, shift_ends=ends)  # needs 1 + 1 = 2; 3 present
    ratio = room_ratios(replay(r, present(r, 3)), r, at(9), RATIOS)[0]
    assert ratio.colour is Colour.GREEN and ratio.projection.colour is Colour.GREEN
    ends = {100: at(9, 30), 101: at(9, 45)}
    r = roster(0, 10, staff=3, shift_ends=ends)
    ratio = room_ratios(replay(r, present(r, 3)), r, at(9), RATIOS)[0]
    assert ratio.colour is Colour.AMBER and ratio.projection.at == at(9, 45)
    # after 10:00 the projection no longer sees those departures
    later = room_ratios(replay(r, present(r, 3)), r, at(8), RATIOS)[0]
    assert later.projection.colour is Colour.GREEN


def test_the_timeline_counts_breach_episodes_and_room_minutes() -> None:
    r = roster(0, 10, staff=2)
    events = [*present(r, 2), ev("staff_out", at(10), 200, staff_id=101)]
    events += [ev("staff_in", at(10, 30), 201, staff_id=101, room_id=10)]
    tl = RatioTimeline(r, RATIOS)
    replay(r, events, observe=tl)
    tl.close(at(16))
    assert tl.episodes == {10: 1}
    assert tl.breach_minutes[10] == pytest.approx(30.0)
    assert tl.room_minutes[10] == pytest.approx(8 * 60.0)


def test_the_health_filter_excludes_a_fever_from_38_degrees() -> None:
    assert [r.code for r in DEFAULT_FILTER.excluded_by(Observation(38.0))] == ["fever"]
    assert DEFAULT_FILTER.excluded_by(Observation(37.9)) == []
    assert {r.code for r in DEFAULT_FILTER.excluded_by(Observation(36.5, ("respiratory",)))} == {
        "respiratory"
    }
    with pytest.raises(InputError):
        DEFAULT_FILTER.check_reason("sunburn")
    with pytest.raises(InputError):
        DEFAULT_FILTER.check_reason("other", "")
    DEFAULT_FILTER.check_reason("other", "piojos")
    with pytest.raises(InputError):
        Observation(52.0)


def test_a_pick_up_code_works_once_for_its_child_until_it_expires() -> None:
    code = new_code()
    assert len(code) == DEFAULT_PICKUP.code_digits and code.isdigit()
    issued = IssuedCode(1, 5, code_hash(5, code), "Tía Rosa", at(18))
    assert match_code([issued], 5, code, at(15))[0] == issued
    assert match_code([issued], 6, code, at(15))[0] is None  # bound to the child
    wrong = "0" * 6 if code != "0" * 6 else "1" * 6
    assert match_code([issued], 5, wrong, at(15))[1] == "unknown pick-up code for this child"
    assert "expired" in match_code([issued], 5, code, at(19))[1]
    used = IssuedCode(1, 5, code_hash(5, code), "Tía Rosa", at(18), used_at=at(12))
    assert "already used" in match_code([used], 5, code, at(15))[1]


def test_late_pick_up_alerts_the_director_then_starts_the_protocol() -> None:
    closing = at(16)
    assert late_pickups([1], closing, at(16, 5), DEFAULT_PICKUP) == []
    assert late_pickups([1], closing, at(16, 15), DEFAULT_PICKUP)[0].level is LateLevel.DIRECTOR
    assert late_pickups([1], closing, at(17, 1), DEFAULT_PICKUP)[0].level is LateLevel.PROTOCOL


def test_a_drill_is_overdue_after_its_interval_and_periods_count_on_time() -> None:
    rule = DrillRule(interval_days=30)
    s = drill_status([dt.date(2026, 10, 1)], dt.date(2026, 11, 5), rule, since=dt.date(2026, 1, 1))
    assert s.overdue and s.days_overdue == 5 and s.next_due == dt.date(2026, 10, 31)
    assert not drill_status([], dt.date(2026, 1, 20), rule, since=dt.date(2026, 1, 1)).overdue
    drills = [dt.date(2026, 1, 10), dt.date(2026, 3, 5)]
    assert on_time_share(drills, dt.date(2026, 1, 1), dt.date(2026, 3, 31), rule) == (2, 3)


def test_an_incident_folds_its_versions_and_escalates_by_severity() -> None:
    first = ev(
        "incident", at(10), 1, child_id=3, data={"severity": "minor", "what": "x", "where": "patio"}
    )
    second = ev(
        "incident",
        at(11),
        2,
        child_id=3,
        data={"severity": "serious", "what": "x y", "where": "patio", "incident_id": 1},
    )
    [inc] = fold([first, second])
    assert inc.version == 2 and inc.severity is Severity.SERIOUS and inc.occurred_at == at(10)
    due = {d.to: d for d in escalations_due(inc, at(10, 45))}
    assert set(due) == {"director", "guardian", "state", "network"}
    assert due["guardian"].overdue and not due["state"].overdue
    ack = ev("incident_ack", at(12), 3, child_id=3, data={"incident_id": 1, "version": 2})
    [inc] = fold([first, second, ack])
    assert inc.acknowledged_latest
    assert "guardian" not in {d.to for d in escalations_due(inc, at(13))}


def test_the_calendar_closes_on_the_country_s_holidays_and_its_closures() -> None:
    holidays = mexican_holidays(2026)
    assert dt.date(2026, 2, 2) in holidays  # first Monday of February
    assert dt.date(2026, 3, 16) in holidays  # third Monday of March
    assert dt.date(2026, 11, 16) in holidays
    assert dt.date(2030, 10, 1) in mexican_holidays(2030)
    cal = rules_for(country_pack("mx")).calendar.with_closures([dt.date(2026, 12, 24)])
    days = list(cal.open_days(dt.date(2026, 12, 21), dt.date(2026, 12, 27)))
    assert days == [dt.date(2026, 12, 21), dt.date(2026, 12, 22), dt.date(2026, 12, 23)]
    assert "Ley Federal del Trabajo" in cal.source
    bare = CentreCalendar()  # no country given: no holidays, and its source says so
    assert bare.is_open(dt.date(2026, 12, 25)) and "country pack" in bare.source


def test_the_daily_report_gathers_the_childs_day() -> None:
    with pytest.raises(InputError):
        check_entry({"entry": "meal", "meal": "lunch", "amount": "lots"})
    events = [
        ev("check_in", at(8), 1, child_id=3),
        ev(
            "daily_entry",
            at(12),
            2,
            child_id=3,
            data={"entry": "meal", "meal": "lunch", "amount": "half"},
        ),
        ev(
            "daily_entry",
            at(13),
            3,
            child_id=3,
            data={"entry": "nap", "start": "13:00", "end": "14:10"},
        ),
        ev("check_out", at(15), 4, child_id=3, data={"picked_up_by": "Abuela Luz"}),
        ev("check_in", at(8), 5, child_id=4),
    ]
    r = daily_report(3, DAY, events)
    assert r.arrived_at == at(8) and r.left_at == at(15) and r.picked_up_by == "Abuela Luz"
    assert eaten_share(r) == {"lunch": 0.5} and r.naps[0]["end"] == "14:10"
