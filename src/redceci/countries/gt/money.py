"""Guatemala's planning money: the CECI model's peso costs in quetzales at a stated exchange
rate (``GTQ_PER_MXN``), until SOSEP publishes what a CADI costs (``planning_money``)."""

from __future__ import annotations

from redceci.planning.parameters import ASSUMPTION, money_defaults, scaled_money
from redceci.platform.country import PackRule

__all__ = ["GTQ_PER_MXN", "GTQ_PER_USD", "MXN_PER_USD", "RATE_SOURCE", "planning_money"]

#: Quetzales per US dollar: Banco de Guatemala's reference rate, December 2025.
GTQ_PER_USD = 7.66
#: Pesos per US dollar: Banco de México's FIX, early December 2025 (approximate).
MXN_PER_USD = 18.30
#: Quetzales per peso, the rate the CECI model's costs are converted at.
GTQ_PER_MXN = GTQ_PER_USD / MXN_PER_USD
RATE_SOURCE = (
    f"{GTQ_PER_USD} GTQ per USD (Banco de Guatemala, tipo de cambio de referencia, December "
    f"2025) over {MXN_PER_USD} MXN per USD ({ASSUMPTION}: Banco de México FIX of early December "
    "2025 as remembered, not read from a publication in the data; replace with Banxico SIE "
    f"series SF43718 of the same date) = {GTQ_PER_MXN:.4f} GTQ per MXN"
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
            f"SOSEP publishes CADI costs ({source})",
        )
        for key, value in money_defaults().items()
    }
