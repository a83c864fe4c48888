"""The network's nutrition and health dashboard, by state and by centre: prevalence of stunting,
wasting and overweight by age (latest measurement of each enrolled child) against the national
baseline, vaccination coverage, whether the menu served keeps every rule, the children with
allergies and how many of the meals served to them went without an allergic reaction (the
operations log's meals and incidents of the last weeks). Aggregates only: a cell with fewer children
than ``privacy.MIN_CELL`` is suppressed, so no child can be singled out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.nutrition_health.allergies import ServedSafely, served_safely
from redceci.nutrition_health.privacy import MIN_CELL, cell
from redceci.operations.events import EventKind
from redceci.operations.incidents import Category, fold
from redceci.platform.access import Permission, Principal
from redceci.platform.vaccines import Schedule
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom
from redceci.store.nutrition_health.children import age_months
from redceci.store.nutrition_health.menus import as_menu, centre_menu, violations_of
from redceci.store.nutrition_health.models import Measurement
from redceci.store.nutrition_health.restrictions import allergens_by_child
from redceci.store.nutrition_health.vaccines import coverage
from redceci.store.operations.models import EventRow
from redceci.store.operations.roster import as_event
from redceci.store.platform import audit
from redceci.store.platform.models import Centre, State

#: National baseline, children under 5: ENSANUT 2018-19 (Shamah-Levy et al., INSP 2020) [U:
#: figures from secondary summaries, to confirm in the report's tables].
BASELINE = {"stunting": 0.142, "wasting": 0.014, "overweight": 0.082}
BASELINE_SOURCE = "ENSANUT 2018-19, menores de 5 años (INSP 2020) [U]"
#: Days, up to the dashboard's date, over which meals and allergic reactions are counted.
ALLERGY_WINDOW_DAYS = 28
#: Age bands of the prevalence table, months [min, max).
AGE_BANDS = ((0, 12), (12, 24), (24, 36), (36, 60))


def _latest(session: Session, child_ids: list[int]) -> dict[int, Measurement]:
    if not child_ids:
        return {}
    rows = session.scalars(
        sa.select(Measurement)
        .where(Measurement.child_id.in_(child_ids))
        .order_by(Measurement.child_id, Measurement.measured_on, Measurement.id)
    )
    return {row.child_id: row for row in rows}


def _prevalence(
    children: list[tuple[Child, Measurement | None]], min_cell: int
) -> list[dict[str, Any]]:
    out = []
    for low, high in AGE_BANDS:
        band = [
            (c, m)
            for c, m in children
            if m is not None and low <= age_months(c.birth_date, m.measured_on) < high
        ]
        zlen = [m.zlen for _, m in band if m.zlen is not None]
        zwfl = [m.zwfl for _, m in band if m.zwfl is not None]
        row: dict[str, Any] = {"band": f"{low}-{high - 1}"}
        for name, pool, cases in (
            ("stunting", zlen, sum(1 for z in zlen if z < -2)),
            ("wasting", zwfl, sum(1 for z in zwfl if z < -2)),
            ("overweight", zwfl, sum(1 for z in zwfl if z > 2)),
        ):
            c = cell(len(pool), cases, min_cell)
            row[name] = {"n": c.n, "rate": c.rate, "suppressed": c.suppressed}
        out.append(row)
    return out


def _served_safely(
    session: Session, by_centre: dict[int, list[Child]], allergic: set[int], on: dt.date
) -> dict[int, ServedSafely]:
    """Per centre: meals served to its allergic children and allergic reactions, over the
    window ending ``on`` (stored events only)."""
    start = on - dt.timedelta(days=ALLERGY_WINDOW_DAYS - 1)
    window = (EventRow.status == "stored", EventRow.day >= start, EventRow.day <= on)
    meals: dict[int, list[int]] = defaultdict(list)
    watched = [c.id for kids in by_centre.values() for c in kids if c.id in allergic]
    for centre_id, child_id, data in session.execute(
        sa.select(EventRow.centre_id, EventRow.child_id, EventRow.data).where(
            EventRow.kind == EventKind.DAILY_ENTRY, EventRow.child_id.in_(watched), *window
        )
    ):
        if data.get("entry") == "meal" and child_id is not None:
            meals[centre_id].append(child_id)
    found: dict[int, list[EventRow]] = defaultdict(list)
    for row in session.scalars(
        sa.select(EventRow).where(
            EventRow.kind == EventKind.INCIDENT, EventRow.centre_id.in_(list(by_centre)), *window
        )
    ):
        found[row.centre_id].append(row)
    out = {}
    for centre_id, kids in by_centre.items():
        reactions = [
            i.child_id
            for i in fold(as_event(r) for r in found[centre_id])
            if i.category is Category.ALLERGIC_REACTION
        ]
        mine = {c.id for c in kids} & allergic
        out[centre_id] = served_safely(mine, meals[centre_id], reactions)
    return out


def _served_cell(s: ServedSafely, min_cell: int) -> dict[str, Any]:
    """Shown only when the allergic children are at least ``min_cell``."""
    if s.children < min_cell:
        return {"suppressed": True}
    return {
        "suppressed": False,
        "children": s.children,
        "meals": s.meals,
        "reactions": s.reactions,
        "unrecorded": s.unrecorded,
        "rate": s.rate,
    }


def _vaccination(
    session: Any, schedule: Schedule | None, kids: list[Child], on: dt.date, min_cell: int
) -> dict[str, Any]:
    """The share of ``kids`` with no dose overdue, suppressed below ``min_cell``; no rate
    without a schedule."""
    if schedule is None:
        return {"rate": None, "suppressed": False}
    vacc = cell(*coverage(session, schedule, kids, on), min_cell)
    return {"rate": vacc.rate, "suppressed": vacc.suppressed}


def network(
    db: Database,
    actor: Principal,
    schedule: Schedule | None,
    *,
    on: dt.date | None = None,
    min_cell: int = MIN_CELL,
) -> dict[str, Any]:
    """The dashboard within the caller's scope (national, or their states); vaccination
    coverage against ``schedule`` (none shown without one)."""
    scope = actor.require(Permission.HEALTH_NETWORK)
    on = on or dt.date.today()
    with db.transaction() as session:
        query = sa.select(Centre).order_by(Centre.state_code, Centre.name)
        if not scope.national:
            query = query.where(Centre.state_code.in_(scope.states))
        rows = session.execute(
            sa.select(Centre, Child)
            .join(EnrolmentRoom, EnrolmentRoom.centre_id == Centre.id)
            .join(Enrolment, Enrolment.room_id == EnrolmentRoom.id)
            .join(Child, Child.id == Enrolment.child_id)
            .where(Centre.id.in_(query.with_only_columns(Centre.id).scalar_subquery()))
        ).all()
        by_centre: dict[int, list[Child]] = defaultdict(list)
        centres: dict[int, Centre] = {}
        for centre, child in rows:
            by_centre[centre.id].append(child)
            centres[centre.id] = centre
        latest = _latest(session, [c.id for kids in by_centre.values() for c in kids])
        allergic = set(
            allergens_by_child(session, [c.id for kids in by_centre.values() for c in kids])
        )
        served = _served_safely(session, by_centre, allergic, on)
        names = {row[0]: row[1] for row in session.execute(sa.select(State.code, State.name))}
        menu_ok: dict[int | None, bool | None] = {}
        centre_rows, states = [], defaultdict(list)
        state_served: dict[str, ServedSafely] = defaultdict(ServedSafely)
        for centre_id, kids in by_centre.items():
            centre = centres[centre_id]
            menu = centre_menu(session, centre)
            key = menu.id if menu else None
            if key not in menu_ok:
                menu_ok[key] = None if menu is None else not violations_of(session, as_menu(menu))
            n = len(kids)
            pairs = [(c, latest.get(c.id)) for c in kids]
            vacc = _vaccination(session, schedule, kids, on, min_cell)
            allergy = cell(n, sum(1 for c in kids if c.id in allergic), min_cell)
            centre_rows.append(
                {
                    "centre_id": centre_id,
                    "centre": centre.name,
                    "state_code": centre.state_code,
                    "children": n if n >= min_cell else None,
                    "prevalence": _prevalence(pairs, min_cell),
                    "vaccination": vacc,
                    "allergies": {"n": allergy.cases, "suppressed": allergy.suppressed},
                    "menu_compliant": menu_ok[key],
                    "served_safely": _served_cell(served[centre_id], min_cell),
                }
            )
            states[centre.state_code].extend(pairs)
            state_served[centre.state_code] += served[centre_id]
        state_rows = []
        for code, pairs in sorted(states.items()):
            kids = [c for c, _ in pairs]
            n = len(kids)
            vacc = _vaccination(session, schedule, kids, on, min_cell)
            state_rows.append(
                {
                    "state_code": code,
                    "state": names.get(code, code),
                    "children": n if n >= min_cell else None,
                    "prevalence": _prevalence(pairs, min_cell),
                    "vaccination": vacc,
                    "served_safely": _served_cell(state_served[code], min_cell),
                }
            )
        audit.record(
            session,
            actor,
            "read",
            "health_network",
            None,
            after={"centres": len(centre_rows), "on": on.isoformat()},
        )
    return {
        "on": on.isoformat(),
        "min_cell": min_cell,
        "baseline": BASELINE,
        "baseline_source": BASELINE_SOURCE,
        "states": state_rows,
        "centres": centre_rows,
        "menus_compliant": sum(1 for v in menu_ok.values() if v),
        "menus": sum(1 for v in menu_ok.values() if v is not None),
        "served_safely": _served_cell(sum(served.values(), ServedSafely()), min_cell),
        "allergy_window_days": ALLERGY_WINDOW_DAYS,
    }
