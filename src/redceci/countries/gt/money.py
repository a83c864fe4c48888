"""Guatemala's planning money: the CECI model's peso costs in quetzales at a stated exchange
rate (``GTQ_PER_MXN``), until SOSEP publishes what a CADI costs (``planning_money``)."""

from __future__ import annotations

from redceci.planning.parameters import ASSUMPTION, money_defaults, scaled_money
from redceci.platform.country import PackRule

__all__ = ["GTQ_PER_MXN", "GTQ_PER_USD", "MXN_PER_USD", "RATE_SOURCE", "planning_money"]

#: Quetzales per US dollar (ASSUMPTION, see ``RATE_SOURCE``): Banco de Guatemala's reference
#: rate of December 2025 as remembered; no exchange rate is in the shared data.
GTQ_PER_USD = 7.66
#: Pesos per US dollar (ASSUMPTION, see ``RATE_SOURCE``): Banco de México's FIX of early
#: December 2025 as remembered.
MXN_PER_USD = 18.30
#: Quetzales per peso, the rate the CECI model's costs are converted at: an ASSUMPTION, not a
#: sourced figure. Neither data/guatemala/SOURCES.md, data/mexico/SOURCES.md nor the shared docs
#: hold an exchange rate or a Guatemalan wage or CADI cost, so the two rates are recalled, not
#: read. Override it by calling ``planning_money(gtq_per_mxn=...)`` in a pack, or override each
#: amount it converts in the ``--params`` file (``[siting] costs``, ``[staffing]
#: monthly_salary`` and ``other_cost_per_place_year``, ``[programme] capital_per_year``).
GTQ_PER_MXN = GTQ_PER_USD / MXN_PER_USD
RATE_SOURCE = (
    "the rate is not sourced, no exchange rate being in the shared data: "
    f"{GTQ_PER_USD} GTQ per USD (Banco de Guatemala's reference rate, December 2025, recalled) "
    f"over {MXN_PER_USD} MXN per USD (Banco de México's FIX, early December 2025, recalled) = "
    f"{GTQ_PER_MXN:.4f} GTQ per MXN; replace it with both banks' published rates of one date "
    "(Banxico SIE series SF43718), or these amounts with Guatemalan ones in the --params file"
)


def planning_money(
    gtq_per_mxn: float = GTQ_PER_MXN, source: str = RATE_SOURCE
) -> dict[str, PackRule]:
    """The planning model's money defaults (``MONEY_KEYS``) in quetzales: the CECI model's
    pesos times ``gtq_per_mxn``, each marked ASSUMPTION with the rate's ``source``."""
    return {
        key: PackRule(
            scaled_money(value, gtq_per_mxn),
            f"{ASSUMPTION}: CECI model costs converted at {gtq_per_mxn:.4f} GTQ per MXN until "
            f"SOSEP publishes CADI costs; {source}",
        )
        for key, value in money_defaults().items()
    }
