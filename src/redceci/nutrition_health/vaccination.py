"""Vaccination: each child's status against the country's schedule (the pack's
``vaccines``) from the doses recorded off the health card, and who is overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError
from redceci.platform.vaccines import Dose, Schedule


class DoseStatus(StrEnum):
    GIVEN = "given"
    DUE = "due"  # due now, within the grace period
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class DoseState:
    dose: Dose
    due: dt.date
    status: DoseStatus
    given_on: dt.date | None = None


def status(
    schedule: Schedule, birth: dt.date, given: Iterable[tuple[str, int, dt.date]], on: dt.date
) -> list[DoseState]:
    """Each dose's state on ``on`` from the doses given ((vaccine, number, date) off the card)."""
    record = {(v, n): d for v, n, d in given}
    for (vaccine, number), day in record.items():
        if day < birth:
            raise InputError(f"{vaccine} {number}: given before birth")
    out = []
    for dose in schedule.doses:
        due = schedule.due_on(dose, birth)
        when = record.get((dose.vaccine, dose.number))
        if when is not None:
            state = DoseStatus.GIVEN
        elif on > due + dt.timedelta(days=schedule.grace_days):
            state = DoseStatus.OVERDUE
        elif on >= due:
            state = DoseStatus.DUE
        else:
            state = DoseStatus.UPCOMING
        out.append(DoseState(dose, due, state, when))
    return out


def overdue(states: Iterable[DoseState]) -> list[DoseState]:
    return [s for s in states if s.status is DoseStatus.OVERDUE]


def up_to_date(states: Iterable[DoseState]) -> bool:
    """No dose overdue (the coverage indicator of the dashboard)."""
    return not overdue(states)
