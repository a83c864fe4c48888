"""Mexico's personal identifiers: the IMSS social-security number (NSS) and the CURP, their
checks and SYNTHETIC ones of nobody (``made_up_curp``, ``made_up_nss``).

Both carry a check digit, so a typing error is caught before a registry is asked.

NSS rule (11 digits: subdelegation 2, year of affiliation 2, birth year 2, serial 4, check 1):
the check digit is the Luhn (mod 10) digit of the first ten, weights 1, 2, 1, 2, ... from the
left, two-digit products reduced to the sum of their digits. IMSS does not publish the rule in a
normative text we could find; it is the rule used by IMSS's own NSS look-up forms as documented
by community validators (e.g. the ``CalculeNSS`` routine of the ``pyfiscal`` package: "validación
por el algoritmo de Luhn"). Treat it as an ASSUMPTION to confirm with IMSS.

CURP rule (18 characters): the format of the Instructivo Normativo para la Asignación de la CURP
(DOF 18/10/2021): four letters, birth date AAMMDD, sex (H, M or X), state code (or NE for born
abroad), three internal consonants, a homonymy character (a digit for births before 2000, a
letter from 2000) and a check digit: with the alphabet ``0-9 A-N & O-Z`` (values 0..36), the sum
of value x (18 - position) over the first 17 characters; check = (10 - sum mod 10) mod 10.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from datetime import date

from redceci.errors import InputError

__all__ = [
    "CURP_STATES",
    "curp_birth_date",
    "curp_check_digit",
    "is_valid_curp",
    "is_valid_nss",
    "made_up_curp",
    "made_up_nss",
    "nss_check_digit",
    "validate_curp",
    "validate_nss",
]

_NSS = re.compile(r"\d{11}")
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"
# fmt: off
#: The CURP's state-of-birth codes in INEGI order (01 Aguascalientes ... 32 Zacatecas).
CURP_STATES = (
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
    "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
)
# fmt: on
STATE_CODES = frozenset(CURP_STATES) | {"NE"}  # NE: born abroad
_CURP = re.compile(
    r"[A-Z][AEIOUX][A-Z]{2}"  # initials
    r"(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"  # AAMMDD
    r"[HMX]"  # sex
    r"([A-Z]{2})"  # state of birth
    r"[B-DF-HJ-NP-TV-Z]{3}"  # internal consonants
    r"([0-9A-Z])"  # homonymy: digit before 2000, letter from 2000
    r"(\d)"  # check digit
)


def nss_check_digit(first_ten: str) -> int:
    """The Luhn check digit of the first ten digits of an NSS."""
    if not re.fullmatch(r"\d{10}", first_ten):
        raise InputError(f"NSS body must be 10 digits, got {first_ten!r}")
    total = 0
    for i, ch in enumerate(first_ten):
        d = int(ch) * (2 if i % 2 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10


def is_valid_nss(nss: str) -> bool:
    """True if ``nss`` is 11 digits whose last is the check digit of the first ten."""
    return bool(_NSS.fullmatch(nss)) and nss_check_digit(nss[:10]) == int(nss[10])


def validate_nss(nss: str) -> str:
    """Return the NSS with spaces and hyphens removed, or raise :class:`InputError`."""
    clean = re.sub(r"[\s-]", "", nss)
    if not _NSS.fullmatch(clean):
        raise InputError(f"NSS {nss!r}: must be 11 digits")
    if nss_check_digit(clean[:10]) != int(clean[10]):
        raise InputError(
            f"NSS {nss!r}: check digit does not match (expected {nss_check_digit(clean[:10])})"
        )
    return clean


def curp_check_digit(first_seventeen: str) -> int:
    """The CURP check digit of its first 17 characters."""
    if len(first_seventeen) != 17 or any(c not in _CURP_ALPHABET for c in first_seventeen):
        raise InputError(f"CURP body must be 17 characters of 0-9, A-Z, got {first_seventeen!r}")
    total = sum(_CURP_ALPHABET.index(c) * (18 - i) for i, c in enumerate(first_seventeen))
    return (10 - total % 10) % 10


def curp_birth_date(curp: str) -> date:
    """The birth date encoded in a (valid) CURP; the century follows from character 17."""
    m = _CURP.fullmatch(curp)
    if m is None:
        raise InputError(f"CURP {curp!r}: invalid format")
    yy, mm, dd, _state, homonymy, _check = m.groups()
    century = 1900 if homonymy.isdigit() else 2000
    try:
        return date(century + int(yy), int(mm), int(dd))
    except ValueError as exc:
        raise InputError(f"CURP {curp!r}: birth date {yy}{mm}{dd} does not exist") from exc


def is_valid_curp(curp: str) -> bool:
    """True if ``curp`` has the official format, a real birth date and a matching check digit."""
    try:
        validate_curp(curp)
    except InputError:
        return False
    return True


def validate_curp(curp: str) -> str:
    """Return the upper-cased CURP, or raise :class:`InputError` naming what is wrong."""
    clean = curp.strip().upper()
    m = _CURP.fullmatch(clean)
    if m is None:
        raise InputError(f"CURP {curp!r}: invalid format")
    if m.group(4) not in STATE_CODES:
        raise InputError(f"CURP {curp!r}: unknown state code {m.group(4)!r}")
    curp_birth_date(clean)
    expected = curp_check_digit(clean[:17])
    if expected != int(clean[17]):
        raise InputError(f"CURP {curp!r}: check digit does not match (expected {expected})")
    return clean


_CONSONANTS = "BCDFGHJKLMNPQRSTVWXZ"
_INITIALS = 26 * 5 * 26 * 26


def made_up_curp(serial: int, birth: dt.date, state: str = "CM", sex: str = "H") -> str:
    """A CURP of nobody: right format, state code and check digit, agreeing with ``birth``;
    distinct serials below 703 million give distinct CURPs for the same birth date."""
    a = string.ascii_uppercase
    i, j = serial % _INITIALS, serial // _INITIALS
    initials = a[i % 26] + "AEIOU"[i // 26 % 5] + a[i // 130 % 26] + a[i // 3380 % 26]
    cons = "".join(_CONSONANTS[j // 20**n % 20] for n in range(3))
    homonymy = "0" if birth.year < 2000 else "A"
    body = f"{initials}{birth:%y%m%d}{sex}{state}{cons}{homonymy}"
    return body + str(curp_check_digit(body))


def made_up_nss(serial: int) -> str:
    """An NSS of nobody (11 digits, right check digit)."""
    body = f"{1000000000 + serial % 9000000000:010d}"
    return body + str(nss_check_digit(body))
