"""Mexico's front-of-pack warning rule for the menus: a purchased product that would carry a
NOM-051 seal is refused (the thresholds of ``nutrition_health.foods.SealThresholds``)."""

from __future__ import annotations

from redceci.platform.country import PackRule

__all__ = ["FRONT_OF_PACK"]

#: NOM-051-SCFI/SSA1-2010 modification (DOF 27 Mar 2020), current phase [U]: per 100 g of a
#: solid product, all comparisons "greater than or equal", on products of NOVA group 3 or 4.
FRONT_OF_PACK = PackRule(
    {
        "calories_kcal": 275.0,
        "free_sugars_energy_share": 0.10,
        "saturated_fat_energy_share": 0.10,
        "sodium_mg_per_kcal": 1.0,
        "sodium_mg": 300.0,
        "min_nova": 3,
    },
    "NOM-051 modification, DOF 27 Mar 2020 (operations-facts.md §2) [U: phase]; the CECI "
    "model's 'reject any purchased product with a seal or legend'",
)
