"""Factories for enrolment tests: valid identifiers and random rounds (seeded).

Imported by the tests as ``enrolment_factories`` (this folder is on ``sys.path``)."""

from __future__ import annotations

from datetime import date

import numpy as np

from redceci.countries.mx.identity import curp_check_digit, nss_check_digit
from redceci.enrolment import RoundInstance, Seats, build_round


def make_curp(birth: date, *, initials: str = "GOMA", sex: str = "H", state: str = "DF") -> str:
    homonymy = "0" if birth.year < 2000 else "A"
    body = f"{initials}{birth:%y%m%d}{sex}{state}RRN{homonymy}"
    return body + str(curp_check_digit(body))


def make_nss(body: str = "1234567890") -> str:
    return body + str(nss_check_digit(body))


def random_round(
    rng: np.random.Generator,
    *,
    n_families: int = 60,
    n_centres: int = 6,
    n_rooms: int = 2,
    max_choices: int = 3,
    sibling_share: float = 0.0,
    together: bool = False,
    reserved: bool = False,
    transfers: float = 0.0,
    max_capacity: int = 6,
    seed: int = 7,
) -> RoundInstance:
    """A random round: capacities 1..max_capacity, random ranked lists and priorities."""
    centre = np.repeat(np.arange(n_centres), n_rooms)
    room = np.tile(np.arange(n_rooms), n_centres)
    cap = rng.integers(1, max_capacity + 1, len(centre))
    res = np.zeros(len(centre), dtype=np.int64)
    if reserved:
        res = np.minimum(
            cap, np.where(rng.random(len(centre)) < 0.4, rng.integers(1, 3, len(centre)), 0)
        )
    seats = Seats(centre, room, cap, res, n_centres, n_rooms)
    kids = 1 + (rng.random(n_families) < sibling_share).astype(np.int64)
    child_family = np.repeat(np.arange(n_families), kids)
    n = len(child_family)
    child_room = rng.integers(0, n_rooms, n)
    lens = rng.integers(1, max_choices + 1, n_families)
    ptr = np.r_[0, np.cumsum(lens)]
    choices = np.concatenate([rng.choice(n_centres, k, replace=False) for k in lens])
    current = np.full(n, -1, dtype=np.int64)
    if transfers:
        movers = rng.random(n) < transfers
        current[movers] = rng.integers(0, n_centres, movers.sum()) * n_rooms + child_room[movers]
    return build_round(
        seats,
        child_family=child_family,
        child_room=child_room,
        family_choice_ptr=ptr,
        family_choice_centre=choices,
        family_together=np.full(n_families, together),
        child_current_seat=current,
        child_disability=rng.random(n) < 0.1,
        family_single_parent=rng.random(n_families) < 0.2,
        family_employers=rng.integers(-1, 3, (n_families, 1)),
        centre_sponsor=rng.integers(-1, 3, n_centres),
        sibling_codes=rng.choice(n_families * n_centres, n_families // 10, replace=False),
        seed=seed,
    )
