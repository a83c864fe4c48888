"""Reader for UNHCR A2SIT's municipal indicators of Guatemala (the columns the pack uses)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redceci.data.gt.catalogue import INDICATORS
from redceci.data.gt.census import municipal_key
from redceci.data.readers import Column, Kind, read_csv_checked

#: A2SIT columns the pack uses, all shares in [0, 1] but the dependency ratio.
SHARES = ("Pobreza", "Rural", "Desemp")


def read_indicators(data_dir: Path) -> pd.DataFrame:
    """Per municipio (indexed by the 4-digit ``CVEGEO``): ``poverty``, ``rural`` (share of
    population), ``not_employed`` (share of people 18+ without work, A2SIT ``Desemp``) and
    ``dependency`` (dependants per person of working age, A2SIT ``Dependencia``)."""
    cols = [
        Column("cod_muni", Kind.KEY, nullable=False),
        *(Column(c, Kind.NUMBER, nullable=False, bounds=(0.0, 1.0)) for c in SHARES),
        Column("Dependencia", Kind.NUMBER, nullable=False, bounds=(0.0, 5.0)),
    ]
    df = read_csv_checked(INDICATORS.path(data_dir), cols)
    out = pd.DataFrame(
        {
            "CVEGEO": municipal_key(df["cod_muni"]),
            "poverty": df["Pobreza"].astype(float),
            "rural": df["Rural"].astype(float),
            "not_employed": df["Desemp"].astype(float),
            "dependency": df["Dependencia"].astype(float),
        }
    )
    return out.set_index("CVEGEO", drop=False)
