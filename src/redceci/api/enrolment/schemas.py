"""Enrolment's API shapes: path parameters and what families, offers, rules, rooms and rounds
look like on the wire."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from redceci.api.params import Id
from redceci.store.enrolment.matching import Mode
from redceci.store.enrolment.rules import RoomBand

Ref = Annotated[str, Path(min_length=1, max_length=64)]


__all__ = ["Id", "Ref"]


class FamilyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ref: str
    created_at: dt.datetime


class ApplicationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    start_date: dt.date
    together: bool
    transfer: bool
    status: str


class RulesPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rules: list[str]
    max_choices: int
    offer_days: int


class EnrolmentRoomPublic(RoomBand):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(None, ge=0, lt=2**62, description="Published; omit for a random one")
    mode: Mode = Field(
        "deferred_acceptance",
        description="deferred_acceptance, or exact: the fewest blocking pairs (HiGHS), for one "
        "municipality of at most REDCECI_EXACT_MAX_CHILDREN children",
    )
    municipality: str | None = Field(
        None,
        pattern=r"^\d{4,5}$",
        description="Municipal key (INEGI CVEGEO; INE Guatemala: 4 digits): a round of this "
        "municipality's centres only (needed for exact)",
    )
    on: dt.date | None = Field(
        None, description="Date the rooms are counted on (default: the earliest start date)"
    )


class RoundPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seed: int
    rules: dict[str, Any]
    status: str
    summary: dict[str, Any]
    created_at: dt.datetime
    published_at: dt.datetime | None


class OfferPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    child_id: int
    room_id: int
    deadline: dt.datetime
    status: str


class ExpiryResult(BaseModel):
    lapsed: int


class ClaimDecision(BaseModel):
    """Why a CURP claim is granted or refused (the identity documents seen)."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=300)


class ClaimPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    curp: str
    status: str
    note: str
