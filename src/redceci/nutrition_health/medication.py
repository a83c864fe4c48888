"""Medication at the centre: only with a guardian's written authorisation (medicine, dose, times,
dates), each administration logged and checked against it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from redceci.errors import ConflictError, InputError

#: Minutes either side of an authorised time an administration may be given (ASSUMPTION).
WINDOW_MINUTES = 30


@dataclass(frozen=True)
class Authorisation:
    """A guardian's written authorisation (``document`` names the scanned signed form)."""

    child_id: int
    medicine: str
    dose: str
    times: tuple[dt.time, ...]
    start: dt.date
    end: dt.date
    guardian: str
    document: str

    def __post_init__(self) -> None:
        if not self.medicine.strip() or not self.dose.strip():
            raise InputError("the authorisation names the medicine and the dose")
        if not self.times:
            raise InputError("the authorisation lists at least one time")
        if self.end < self.start:
            raise InputError("the authorisation ends before it starts")
        if not self.guardian.strip() or not self.document.strip():
            raise InputError("the authorisation needs the guardian's name and the signed document")


def check_administration(
    auth: Authorisation,
    at: dt.datetime,
    dose: str,
    given: Iterable[dt.datetime] = (),
    window_minutes: int = WINDOW_MINUTES,
) -> dt.time:
    """The authorised time slot this administration fills; ``ConflictError`` with the reason if
    it is outside the dates, not near an authorised time, a different dose, or that slot was
    already given that day."""
    if not auth.start <= at.date() <= auth.end:
        raise ConflictError(f"la autorización es del {auth.start} al {auth.end}; hoy no aplica")
    if dose.strip() != auth.dose.strip():
        raise ConflictError(f"la dosis autorizada es {auth.dose!r}, no {dose!r}")
    window = dt.timedelta(minutes=window_minutes)
    slot = None
    for time in auth.times:
        planned = dt.datetime.combine(at.date(), time, tzinfo=at.tzinfo)
        if abs(at - planned) <= window:
            slot = time
            break
    if slot is None:
        times = ", ".join(t.strftime("%H:%M") for t in auth.times)
        raise ConflictError(f"fuera del horario autorizado ({times}, ±{window_minutes} min)")
    planned = dt.datetime.combine(at.date(), slot, tzinfo=at.tzinfo)
    for previous in given:
        if abs(previous - planned) <= window:
            raise ConflictError(f"la dosis de las {slot.strftime('%H:%M')} ya se dio hoy")
    return slot
