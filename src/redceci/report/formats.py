"""Numbers as the reports and pages print them: integers with separators, decimals, percentages
and millions of the currency (pesos: MDP), an em dash for what is missing."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


def finite(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if not math.isnan(x) else None


def fmt_int(value: Any) -> str:
    """``1,234`` (rounded); ``∞`` for infinity, ``—`` for missing."""
    x = finite(value)
    if x is None:
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:,.0f}"


def fmt_num(value: Any, digits: int = 1) -> str:
    """``1,234.5``; ``∞`` for infinity, ``—`` for missing."""
    x = finite(value)
    if x is None:
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:,.{digits}f}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share (0-1) as ``12.3 %``."""
    x = finite(value)
    if x is None or math.isinf(x):
        return "—"
    return f"{100 * x:,.{digits}f} %"


#: Millions of the country's currency in a header, (Spanish, English): the country pack's
#: ``Words.currency_millions`` ("MDP" for Mexico's pesos, the default).
Millions = tuple[str, str]
MDP: Millions = ("MDP", "MDP")


def fmt_mdp(value: Any, digits: int = 1) -> str:
    """An amount as millions of the currency (MDP for pesos): ``1,234.5``."""
    x = finite(value)
    if x is None or math.isinf(x):
        return "—"
    return f"{x / 1e6:,.{digits}f}"


def pick(es: str, en: str, lang: str) -> str:
    """The Spanish or the English of a phrase (Spanish unless ``lang`` is ``en``)."""
    return en if lang == "en" else es
