"""A country's vaccination schedule as versioned data: the doses and the ages they are due at,
declared by the country pack (``CountryPack.vaccines``) and read by health records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from redceci.errors import InputError

__all__ = ["DAYS_PER_MONTH", "Dose", "Schedule"]

#: Days of age per month used to turn schedule months into due dates (WHO: 365.25/12).
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Dose:
    """One dose of the schedule: vaccine code, dose number, due age in months (0: at birth)."""

    vaccine: str
    number: int
    months: int
    name_es: str
    verified: bool = False  # False: to confirm against the official card


@dataclass(frozen=True)
class Schedule:
    """A versioned schedule; ``grace_days`` after the due age a missing dose is overdue.
    ``card_es`` names the health card families carry and ``clinic_es`` where they go for a
    missing dose (the guardians' reminder says both)."""

    code: str
    version: str
    source: str
    doses: tuple[Dose, ...]
    card_es: str
    clinic_es: str
    grace_days: int = 30  # ASSUMPTION: a month's grace before a dose counts as overdue

    def __post_init__(self) -> None:
        keys = [(d.vaccine, d.number) for d in self.doses]
        if len(set(keys)) != len(keys):
            raise InputError(f"schedule {self.code}: a dose is listed twice")

    def due_on(self, dose: Dose, birth: dt.date) -> dt.date:
        return birth + dt.timedelta(days=round(dose.months * DAYS_PER_MONTH))

    def has(self, vaccine: str, number: int) -> bool:
        """Whether ``vaccine``'s dose ``number`` is in the schedule."""
        return any(d.vaccine == vaccine and d.number == number for d in self.doses)

    def reminder_es(self, child: str, doses: str) -> str:
        """The guardians' reminder of ``child``'s overdue ``doses`` (names, comma-separated)."""
        return (
            f"{child} tiene vacunas pendientes: {doses}. Acuda a {self.clinic_es} con "
            f"{self.card_es}."
        )
