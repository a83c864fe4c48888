"""Dates, times and numbers as people in the page's language read them, with Babel's CLDR data
(Mexican Spanish: "9 de diciembre de 2026, 8:46", "36,100 millones de pesos"; English:
"December 9, 2026, 8:46 AM"), and amounts typed with separators read back."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

#: The CLDR locale of each page language (Mexico first; ``es_MX`` groups thousands with commas).
LOCALES = {"es": "es_MX", "en": "en_US"}
DATE_PATTERNS = {"es": "d 'de' MMMM 'de' y", "en": "MMMM d, y"}
TIME_PATTERNS = {"es": "H:mm", "en": "h:mm a"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["es"])


def long_date(value: dt.date | str | None, lang: str = "es") -> str:
    """``9 de diciembre de 2026`` / ``December 9, 2026``; ``—`` for missing."""
    if value is None or value == "":
        return "—"
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_date(day, DATE_PATTERNS.get(lang, DATE_PATTERNS["es"]), locale=locale_of(lang))


def long_datetime(local: dt.datetime, lang: str = "es", *, seconds: bool = False) -> str:
    """``9 de diciembre de 2026, 8:46`` / ``December 9, 2026, 8:46 AM`` (a local time)."""
    key = lang if lang in DATE_PATTERNS else "es"
    time = TIME_PATTERNS[key].replace("mm", "mm:ss") if seconds else TIME_PATTERNS[key]
    return format_datetime(local, f"{DATE_PATTERNS[key]}, {time}", locale=locale_of(lang))


def whole(value: Any, lang: str = "es") -> str:
    """``1,234`` (rounded); ``—`` for missing, ``∞`` for infinity."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "—"
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return format_decimal(round(x), locale=locale_of(lang))


def money_in_words(value: Any, lang: str = "es", unit: str = "pesos") -> str:
    """An amount in millions of ``unit`` (the country's currency in words), as said:
    ``36,100 millones de pesos`` / ``36,100 million pesos`` (one decimal when under ten
    million)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(x):
        return "—"
    millions = x / 1e6
    pattern = "#,##0.#" if abs(millions) < 10 else "#,##0"
    number = format_decimal(millions, format=pattern, locale=locale_of(lang))
    return f"{number} million {unit}" if lang == "en" else f"{number} millones de {unit}"


_AMOUNT = re.compile(r"^\$?\s*([0-9][0-9,. \u00a0]*)\s*(millones|millón|mdp|million|m)?$", re.I)


def parse_amount(text: str) -> float:
    """An amount typed as people write it: ``36,100,000,000``, ``36 100 000 000``, ``$36,100
    millones``, ``36100 mdp`` or ``36100e6``; commas and spaces group thousands, a point marks
    decimals (Mexican usage). ``ValueError`` in both languages otherwise."""
    clean = text.strip()
    try:
        if re.fullmatch(r"[0-9.]+e[0-9]+", clean, re.I):
            return float(clean)
        found = _AMOUNT.match(clean)
        if found is None:
            raise InvalidOperation
        digits = re.sub(r"[,\s\u00a0]", "", found.group(1))
        amount = Decimal(digits)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(
            f"no es una cantidad (ejemplo: 36,100 millones) / not an amount "
            f"(e.g. 36,100 millones): {text[:40]!r}"
        ) from exc
    if found.group(2):
        amount *= Decimal(1_000_000)
    return float(amount)
