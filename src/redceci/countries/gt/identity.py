"""Guatemala's personal identifiers: the CUI (Código Único de Identificación, RENAP) and the
IGSS affiliation number.

CUI rule (13 digits: serial 8, check 1, departamento 2, municipio 2): the check digit is the sum
of the serial's digits weighted 2, 3, ..., 9 from the left, modulo 11 (a serial whose sum is 10
modulo 11 has no valid CUI); the departamento is 01-22 and the municipio at most the number of
municipios of that departamento. RENAP does not publish the rule in a normative text we could
find; it is the rule of the validators in public use (e.g. the ``cuiIsValid`` routine that
Guatemalan government and bank forms copy, and the ``cui-gt`` package). ASSUMPTION to confirm
with RENAP. The municipio counts per departamento are the INE catalogue's 340 (SOURCES.md §1).

IGSS affiliation number: IGSS publishes no format or check-digit rule we could find; the platform
accepts 6 to 11 digits (ASSUMPTION, bounded by the stored width of an insured parent's number).
"""

from __future__ import annotations

import re
from datetime import date

from redceci.errors import InputError

__all__ = [
    "MUNICIPIOS_PER_DEPARTAMENTO",
    "cui_check_digit",
    "is_valid_cui",
    "made_up_cui",
    "made_up_igss_number",
    "validate_cui",
    "validate_igss_number",
]

#: Municipios of each departamento, 01 Guatemala ... 22 Jutiapa (INE catalogue, 340 in all).
MUNICIPIOS_PER_DEPARTAMENTO = (
    17, 8, 16, 16, 14, 14, 19, 8, 24, 21, 9, 30, 33, 21, 8, 17, 14, 5, 11, 11, 7, 17,
)  # fmt: skip
_CUI = re.compile(r"\d{13}")
_IGSS = re.compile(r"\d{6,11}")


def cui_check_digit(serial: str) -> int:
    """The check digit of a CUI's 8-digit serial (10 means no valid CUI has this serial)."""
    if not re.fullmatch(r"\d{8}", serial):
        raise InputError(f"CUI serial must be 8 digits, got {serial!r}")
    return sum(int(ch) * (i + 2) for i, ch in enumerate(serial)) % 11


def validate_cui(cui: str) -> str:
    """Return the CUI as 13 digits (spaces and hyphens removed), or raise
    :class:`InputError` naming what is wrong."""
    clean = re.sub(r"[\s-]", "", cui)
    if not _CUI.fullmatch(clean):
        raise InputError(f"CUI {cui!r}: must be 13 digits")
    depto, muni = int(clean[9:11]), int(clean[11:13])
    if not 1 <= depto <= len(MUNICIPIOS_PER_DEPARTAMENTO):
        raise InputError(f"CUI {cui!r}: unknown departamento {clean[9:11]}")
    if not 1 <= muni <= MUNICIPIOS_PER_DEPARTAMENTO[depto - 1]:
        raise InputError(f"CUI {cui!r}: departamento {clean[9:11]} has no municipio {clean[11:13]}")
    expected = cui_check_digit(clean[:8])
    if expected != int(clean[8]):
        raise InputError(f"CUI {cui!r}: check digit does not match")
    return clean


def is_valid_cui(cui: str) -> bool:
    """True if ``cui`` has 13 digits, a real departamento and municipio and its check digit."""
    try:
        validate_cui(cui)
    except InputError:
        return False
    return True


def validate_igss_number(number: str) -> str:
    """Return an IGSS affiliation number as digits, or raise :class:`InputError`."""
    clean = re.sub(r"[\s-]", "", number)
    if not _IGSS.fullmatch(clean):
        raise InputError(f"IGSS affiliation number {number!r}: must be 6 to 11 digits")
    return clean


def made_up_cui(serial: int, birth: date, region: str, girl: bool) -> str:
    """A SYNTHETIC CUI of nobody: an 8-digit serial from ``serial`` (skipping serials that
    have no check digit), its check digit, the departamento ``region`` and municipio 01.
    ``birth`` and ``girl`` are not encoded in a CUI."""
    del birth, girl
    body = 10_000_000 + (serial * 11) % 89_999_989
    while cui_check_digit(f"{body:08d}") == 10:
        body += 1
    return f"{body:08d}{cui_check_digit(f'{body:08d}')}{int(region):02d}01"


def made_up_igss_number(serial: int) -> str:
    """A SYNTHETIC IGSS affiliation number of nobody: 9 digits starting with 9."""
    return f"9{serial % 100_000_000:08d}"
