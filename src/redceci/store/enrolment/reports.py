"""What administrators read of a round: placement statistics and the placements as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import sqlalchemy as sa

from redceci.platform.access import Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import (
    Application,
    ApplicationChoice,
    Child,
    EnrolmentRoom,
    Family,
    Placement,
)
from redceci.store.enrolment.rounds import managed_round
from redceci.store.platform.models import Centre


def statistics(db: Database, actor: Principal, round_id: int) -> dict[str, Any]:
    """Placed, first choice, top three; unplaced by state (of the first-choice centre) and by
    age in whole years on the desired start date."""
    with db.reading() as session:
        rnd = managed_round(session, actor, round_id)
        rows = session.execute(
            sa.select(Placement, Child.birth_date, Application.start_date)
            .join(Child, Child.id == Placement.child_id)
            .join(Application, Application.id == Placement.application_id)
            .where(Placement.round_id == rnd.id)
        ).all()
        first_state = dict(
            session.execute(
                sa.select(ApplicationChoice.application_id, Centre.state_code)
                .join(Centre, Centre.id == ApplicationChoice.centre_id)
                .where(ApplicationChoice.rank == 1)
            ).all()
        )
        by_state: Counter[str] = Counter()
        by_age: Counter[str] = Counter()
        for placement, birth, start in rows:
            if placement.room_id is None:
                by_state[first_state.get(placement.application_id, "??")] += 1
                years = (start - birth).days // 365
                by_age[f"{years}"] += 1
        n = len(rows)
        placed = sum(1 for p, _, _ in rows if p.room_id is not None)
        first = sum(1 for p, _, _ in rows if p.choice_rank == 1)
        top3 = sum(1 for p, _, _ in rows if p.choice_rank is not None and p.choice_rank <= 3)
        return {
            "round_id": rnd.id,
            "seed": rnd.seed,
            "status": rnd.status.value,
            "children": n,
            "placed": placed,
            "first_choice": first,
            "top_three": top3,
            "unplaced": n - placed,
            "unplaced_by_state": dict(sorted(by_state.items())),
            "unplaced_by_age": dict(sorted(by_age.items())),
        }


CSV_COLUMNS = (
    "round",
    "seed",
    "family",
    "curp",
    "centre",
    "room",
    "choice_rank",
    "reserved",
)


def placements_csv(db: Database, actor: Principal, round_id: int) -> str:
    """The round's placements, one child a row (unplaced children with empty centre)."""
    with db.reading() as session:
        rnd = managed_round(session, actor, round_id)
        rows = session.execute(
            sa.select(Placement, Child.curp, Family.ref, Centre.code, EnrolmentRoom.name)
            .join(Child, Child.id == Placement.child_id)
            .join(Family, Family.id == Child.family_id)
            .outerjoin(EnrolmentRoom, EnrolmentRoom.id == Placement.room_id)
            .outerjoin(Centre, Centre.id == EnrolmentRoom.centre_id)
            .where(Placement.round_id == rnd.id)
            .order_by(Family.ref, Child.curp)
        ).all()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for p, curp, ref, code, room in rows:
            writer.writerow(
                [
                    rnd.id,
                    rnd.seed,
                    ref,
                    curp,
                    code or "",
                    room or "",
                    p.choice_rank or "",
                    int(p.reserved),
                ]
            )
        return out.getvalue()
