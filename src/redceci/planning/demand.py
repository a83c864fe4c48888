"""Demand units: the frame every country pack's data adapter makes (``UNIT_COLUMNS``: a unit's
municipality and region keys, place, urban flag, the level its counts come from and the census
counts ``UNIT_COUNTS``, named by INEGI's mnemonics as the core's schema)."""

from __future__ import annotations

#: Counts carried by every demand unit (INEGI mnemonics).
UNIT_COUNTS = (
    "POBTOT",
    "POBFEM",
    "P_0A2",
    "P_3A5",
    "P_6A11",
    "POCUPADA_F",
    "PDER_IMSS",
    "P_12YMAS_F",
    "PEA_F",
    "PE_INAC_F",
)
#: Counts known for every municipality (missing ones are imputed from the state's ratio).
REQUIRED_COUNTS = UNIT_COUNTS[:7]

UNIT_COLUMNS = (
    "unit_id",
    "MUN_CVEGEO",
    "CVE_ENT",
    "NOM_LOC",
    "LAT",
    "LON",
    "URBAN",
    "SOURCE",
    *UNIT_COUNTS,
)
