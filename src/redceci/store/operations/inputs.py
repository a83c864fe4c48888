"""What clients send: one event of a centre's day (flat, so an offline queue can hold it), with
its idempotency key (a client UUID) and device time; every field bounded."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from redceci.operations.events import EventKind
from redceci.operations.health import SIGNS
from redceci.operations.incidents import Category
from redceci.store.fields import DbId, PlausibleDate, Text80, Text200, Text300

#: A client's idempotency key: a UUID (any version), or another 8-64 character token.
Key = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Sign = Literal["respiratory", "vomiting", "diarrhoea", "rash", "conjunctivitis", "injury"]
assert set(Sign.__args__) == set(SIGNS)  # type: ignore[attr-defined]


class ObservationIn(BaseModel):
    """The health filter at the door."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    temperature_c: Annotated[float, Field(ge=30.0, le=45.0)] | None = None
    signs: list[Sign] = Field(default_factory=list, max_length=len(SIGNS))
    reported_illness: Text300 = ""
    medication: Text300 = ""


class EntryIn(BaseModel):
    """A daily-report entry: a meal and how much was eaten, a nap, a nappy, an activity, a
    note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry: Literal["meal", "nap", "nappy", "activity", "note"]
    meal: Literal["breakfast", "morning_snack", "lunch", "afternoon_snack"] | None = None
    amount: Literal["all", "most", "half", "little", "none"] | None = None
    dish: Text80 | None = None
    start: Annotated[str, Field(pattern=r"^\d{2}:\d{2}$")] | None = None
    end: Annotated[str, Field(pattern=r"^\d{2}:\d{2}$")] | None = None
    nappy: Literal["wet", "soiled", "dry"] | None = None
    text: Text300 | None = None


class IncidentIn(BaseModel):
    """An incident or accident (``incident_id`` set: a new version of that incident)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    incident_id: DbId | None = None
    severity: Literal["minor", "moderate", "serious"]
    category: Category = Category.OTHER
    allergen: Text80 | None = None  # what an allergic reaction was to, if known
    what: Text300
    where: Text200
    occurred_at: AwareDatetime | None = None
    body_part: Text80 | None = None
    first_aid: Text300 | None = None
    witnesses: list[Text200] = Field(default_factory=list, max_length=10)
    photos: list[Text200] = Field(default_factory=list, max_length=5)


class EventIn(BaseModel):
    """One event. ``kind`` says which other fields matter: a child (``child_id``) for check-in,
    check-out, refusal, daily entries and messages; an adult (``staff_id``, ``room_id``) for
    clock-in, moves and clock-out; ``roll_call_id`` with a child or adult for a roll-call mark
    (or ``roll_call_key``, the start's idempotency key, when the roll-call was started offline
    and the device never learnt its id: the start is sent first, in the same queue)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    idempotency_key: Key
    kind: EventKind
    device_time: AwareDatetime
    child_id: DbId | None = None
    staff_id: DbId | None = None
    room_id: DbId | None = None
    # check-out: an authorised person, a guardian, or a one-time code and its bearer's name
    person_id: DbId | None = None
    guardian_id: DbId | None = None
    pickup_code: Annotated[str, Field(pattern=r"^\d{4,12}$")] | None = None
    person_name: Text200 | None = None
    # refusal (a rule's code or "other"), correction (why)
    reason: Annotated[str, Field(max_length=80, pattern=r"^[a-z_]+$")] | None = None
    note: Text300 | None = None
    observation: ObservationIn | None = None
    expected_out: AwareDatetime | None = None
    roll_call_id: DbId | None = None
    roll_call_key: Key | None = None  # the start's idempotency key (a roll-call started offline)
    drill: bool = True
    hypothesis: Text80 | None = None
    corrects: DbId | None = None
    entry: EntryIn | None = None
    incident: IncidentIn | None = None
    text: Text300 | None = None
    first_day: PlausibleDate | None = None  # an absence notice's first day (default: today)
    until: PlausibleDate | None = None  # an absence notice's last day
    incident_id: DbId | None = None  # the incident a guardian acknowledges


class Batch(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    events: list[EventIn] = Field(min_length=1, max_length=200)


def local_day(t: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The centre's calendar day of an instant."""
    return t.astimezone(tz).date()
