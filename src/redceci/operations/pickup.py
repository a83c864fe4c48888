"""Pick-up: one-time codes a guardian issues for one named person (stored hashed, expiring,
single use), and the late pick-up escalation (the director first, then the protocol).

Codes are digits so that they can be typed on a tablet or read from a QR code. Only a hash
(SHA-256 over the child and the code) is kept, so a leaked table gives no usable code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError


@dataclass(frozen=True)
class PickupRules:
    """How one-time codes and late pick-ups work; every figure with its source."""

    code_digits: int = 6
    code_valid_hours: int = 12
    #: Minutes after closing when the director is alerted, then when the protocol starts.
    director_after_min: int = 10
    protocol_after_min: int = 60
    protocol: str = (
        "Llamar a los tutores y personas autorizadas; si nadie responde, avisar a la "
        "coordinación estatal y seguir el protocolo de la institución."
    )
    source: str = (
        "ASSUMPTION: Brightwheel kiosks use 4-digit codes for approved pickups [V]; 6 digits, "
        "12 hours and 10/60 minutes are defaults to review, until the country pack gives its "
        "rules (CountryPack.operations)"
    )

    def __post_init__(self) -> None:
        if not 4 <= self.code_digits <= 12:
            raise InputError("pick-up codes need 4 to 12 digits")
        if self.code_valid_hours < 1:
            raise InputError("a pick-up code must be valid for at least an hour")
        if not 0 <= self.director_after_min <= self.protocol_after_min:
            raise InputError("the director is alerted before the protocol starts")


DEFAULT_PICKUP = PickupRules()


def new_code(rules: PickupRules = DEFAULT_PICKUP) -> str:
    """A fresh random code (cryptographic randomness)."""
    return "".join(secrets.choice("0123456789") for _ in range(rules.code_digits))


def code_hash(child_id: int, code: str) -> str:
    """What is stored of a code: its SHA-256 bound to the child."""
    clean = code.strip()
    if not clean.isdigit():
        raise InputError("a pick-up code has digits only")
    return hashlib.sha256(f"{child_id}:{clean}".encode()).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    """A stored code as the check needs it."""

    id: int
    child_id: int
    code_hash: str
    person_name: str
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


def match_code(
    codes: Iterable[IssuedCode], child_id: int, code: str, at: dt.datetime
) -> tuple[IssuedCode | None, str]:
    """The code that lets ``code``'s bearer take the child at ``at``, or None and why not."""
    digest = code_hash(child_id, code)
    found = [c for c in codes if c.child_id == child_id and c.code_hash == digest]
    if not found:
        return None, "unknown pick-up code for this child"
    usable = [c for c in found if c.used_at is None]
    if not usable:
        return None, "this pick-up code was already used"
    live = [c for c in usable if at <= c.expires_at]
    if not live:
        return None, "this pick-up code has expired"
    return live[0], ""


class LateLevel(StrEnum):
    DIRECTOR = "director"
    PROTOCOL = "protocol"


@dataclass(frozen=True)
class LatePickup:
    child_id: int
    minutes_late: int
    level: LateLevel


def late_pickups(
    present: Iterable[int], closing: dt.datetime, now: dt.datetime, rules: PickupRules
) -> list[LatePickup]:
    """Children still present after closing: the director is alerted after
    ``director_after_min``, the protocol starts after ``protocol_after_min``."""
    late = int((now - closing).total_seconds() // 60)
    if late < rules.director_after_min:
        return []
    level = LateLevel.PROTOCOL if late >= rules.protocol_after_min else LateLevel.DIRECTOR
    return [LatePickup(c, late, level) for c in sorted(present)]
