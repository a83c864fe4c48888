"""Plausibility checks every capability shares: dates in a believable range, text without NUL
or control characters, e-mail addresses, whole numbers parsed strictly (plain ASCII digits).

Pure functions raising ``ValueError`` with a Spanish-first message; ``store/fields.py`` wraps
them as pydantic types for request bodies, and CSV importers call them directly.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from redceci.errors import InputError

#: No record of the platform predates this day (the oldest CECI/guarderías IMSS records are
#: from the 1970s; 1900 leaves room for historical imports). ASSUMPTION.
EARLIEST_DATE = dt.date(1900, 1, 1)
#: Plans and transitions are dated at most this many years ahead (the 2030 programme plus
#: margin). ASSUMPTION.
HORIZON_YEARS = 15
#: Children in a childcare centre are 43 days to 4 years old (domain-facts); a CURP of a child
#: born more than this many years ago is not a child of the network. ASSUMPTION with margin.
MAX_CHILD_AGE_YEARS = 7

#: RFC 5321 limits (local part 64, whole address 254) and a conservative character set: no
#: quotes, angle brackets, spaces or control characters (an address is shown in pages and logs).
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGITS = re.compile(r"^[0-9]+$")


def horizon(today: dt.date) -> dt.date:
    """The latest date a plan, status or transition may carry (``HORIZON_YEARS`` ahead)."""
    return today.replace(year=today.year + HORIZON_YEARS, day=min(today.day, 28))


def plausible_date(
    value: dt.date, *, earliest: dt.date = EARLIEST_DATE, latest: dt.date | None = None
) -> dt.date:
    """``value`` if it lies in ``[earliest, latest]`` (default: ``HORIZON_YEARS`` from today)."""
    latest = latest or horizon(dt.date.today())
    if not earliest <= value <= latest:
        raise ValueError(
            f"fecha fuera del rango admisible ({earliest.isoformat()} a {latest.isoformat()}) / "
            f"date outside the plausible range ({earliest.isoformat()} to {latest.isoformat()})"
        )
    return value


def birth_date(value: dt.date, *, today: dt.date | None = None) -> dt.date:
    """A child's birth date: not in the future, at most ``MAX_CHILD_AGE_YEARS`` ago."""
    today = today or dt.date.today()
    if value > today:
        raise ValueError(
            "la fecha de nacimiento no puede ser futura / the birth date cannot be in the future"
        )
    oldest = today.replace(year=today.year - MAX_CHILD_AGE_YEARS, day=min(today.day, 28))
    if value < oldest:
        raise ValueError(
            f"fecha de nacimiento anterior a {oldest.isoformat()}: no es de un niño o niña en "
            f"edad de cuidado infantil / birth date before {oldest.isoformat()}: not a child of "
            "childcare age"
        )
    return value


def clean_text(value: str) -> str:
    """``value`` if it holds no NUL or other control characters (tabs and newlines allowed)."""
    if _CONTROL.search(value):
        raise ValueError(
            "el texto contiene caracteres de control (p. ej. NUL) / "
            "the text contains control characters (e.g. NUL)"
        )
    return value


def email(value: str) -> str:
    """A trimmed, lower-case e-mail address, else ``ValueError``."""
    clean = value.strip().lower()
    local = clean.split("@", 1)[0]
    if len(clean) > 254 or len(local) > 64 or not _EMAIL.match(clean):
        raise ValueError(
            f"no es una dirección de correo válida / not a valid e-mail address: {excerpt(value)!r}"
        )
    return clean


#: A phone number: from the deployment's country pack's national digits (``PhoneRule``: 10 in
#: Mexico, IFT national numbering plan since 2019; 8 in Guatemala) to E.164's 15 (with the
#: calling code, or a foreign number). Without a pack no number is valid.
E164_MAX_DIGITS = 15
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
#: The national digits of the deployment's country pack (set once by the composition roots,
#: as the identity rules are: a deployment serves one country); None: none set.
_NATIONAL_DIGITS: list[int | None] = [None]


def use_phone_digits(national_digits: int | None) -> None:
    """Validate phone numbers with at least ``national_digits`` digits from now on (the
    country pack's ``PhoneRule``; None: none, every number refused)."""
    _NATIONAL_DIGITS[0] = national_digits


def phone_digits() -> tuple[int, int]:
    """The fewest and most digits of a phone number under the rule in use (the country
    pack's), or an ``InputError`` when no pack's is."""
    low = _NATIONAL_DIGITS[0]
    if low is None:
        raise InputError(
            "no phone rule: a country pack's must be active (countries.activate, "
            "platform.validation.use_phone_digits)"
        )
    return low, E164_MAX_DIGITS


def phone(value: str) -> str:
    """A phone number as written (spaces, dashes, brackets and a leading ``+`` allowed) with
    the country's national digits up to 15 (``phone_digits``), trimmed; else ``ValueError``."""
    clean = value.strip()
    digits = sum(ch.isdigit() for ch in clean)
    low, high = phone_digits()
    if not _PHONE.match(clean) or not low <= digits <= high or len(clean) > 30:
        raise ValueError(
            f"no es un teléfono (de {low} a {high} dígitos) / "
            f"not a phone number ({low} to {high} digits): {excerpt(value)!r}"
        )
    return clean


def whole_number(text: str, *, minimum: int = 0, maximum: int) -> int:
    """A whole number written in ASCII digits only (no ``²``, signs, spaces or exponents) in
    ``[minimum, maximum]``."""
    clean = text.strip()
    if not _DIGITS.match(clean) or len(clean) > 18:
        raise ValueError(
            f"se espera un número entero de {minimum} a {maximum} / "
            f"expected a whole number {minimum}-{maximum}"
        )
    number = int(clean)
    if not minimum <= number <= maximum:
        raise ValueError(
            f"se espera un número entero de {minimum} a {maximum} / "
            f"expected a whole number {minimum}-{maximum}"
        )
    return number


def finite(value: float) -> float:
    """``value`` if it is a finite number (no NaN or infinity)."""
    if not math.isfinite(value):
        raise ValueError("se espera un número finito / expected a finite number")
    return value


def excerpt(value: object, limit: int = 60) -> str:
    """A short, printable excerpt of user input for an error message (never the whole input)."""
    text = value if isinstance(value, str) else repr(value)
    text = _CONTROL.sub("?", text)
    return text if len(text) <= limit else text[:limit] + "…"
