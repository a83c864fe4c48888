"""Vaccination: a country's schedule as versioned data (Mexico's Cartilla Nacional de Vacunación
by default), each child's status from the doses recorded off the health card, and who is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError

#: Days of age per month used to turn schedule months into due dates (WHO: 365.25/12).
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Dose:
    """One dose of the schedule: vaccine code, dose number, due age in months (0: at birth)."""

    vaccine: str
    number: int
    months: int
    name_es: str
    verified: bool = False  # False: [U] in operations-facts §3, to confirm in the cartilla


@dataclass(frozen=True)
class Schedule:
    """A versioned schedule; ``grace_days`` after the due age a missing dose is overdue."""

    code: str
    version: str
    source: str
    doses: tuple[Dose, ...]
    grace_days: int = 30  # ASSUMPTION: a month's grace before a dose counts as overdue

    def __post_init__(self) -> None:
        keys = [(d.vaccine, d.number) for d in self.doses]
        if len(set(keys)) != len(keys):
            raise InputError(f"schedule {self.code}: a dose is listed twice")

    def due_on(self, dose: Dose, birth: dt.date) -> dt.date:
        return birth + dt.timedelta(days=round(dose.months * DAYS_PER_MONTH))


def _doses() -> tuple[Dose, ...]:
    out = [
        Dose("bcg", 1, 0, "BCG"),
        Dose("hepb", 1, 0, "Hepatitis B (al nacer)"),
    ]
    out += [
        Dose("hexavalente", i + 1, m, f"Hexavalente {i + 1}") for i, m in enumerate((2, 4, 6, 18))
    ]
    out += [Dose("rotavirus", i + 1, m, f"Rotavirus {i + 1}") for i, m in enumerate((2, 4))]
    out += [
        Dose("neumococo", i + 1, m, f"Neumocócica conjugada {i + 1}")
        for i, m in enumerate((2, 4, 12))
    ]
    out += [
        Dose("influenza", i + 1, m, f"Influenza {i + 1}")
        for i, m in enumerate((6, 7, 19, 31, 43, 55))
    ]  # then yearly to 59 m [U: seasonal campaign]
    out += [Dose("srp", i + 1, m, f"SRP {i + 1}") for i, m in enumerate((12, 18))]
    out.append(Dose("dpt", 1, 48, "DPT (refuerzo)"))
    return tuple(out)


#: Mexico, Cartilla Nacional de Vacunación 0-9 años (version 2023): ages from secondary sources
#: [S] in operations-facts §3, every dose [U] until checked against the cartilla PDF; influenza's
#: yearly doses placed 12 months apart from 19 months (ASSUMPTION: the campaign is seasonal).
MEXICO_2023 = Schedule(
    code="MX-CNV",
    version="2023",
    source="Cartilla Nacional de Vacunación 0-9 años 2023 (operations-facts.md §3) [U]",
    doses=_doses(),
)


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
