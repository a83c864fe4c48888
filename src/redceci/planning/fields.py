"""How a model parameter is declared: a pydantic field with its description and its source (a
citation, or the word ASSUMPTION with the reasoning), and the former names still read."""

from __future__ import annotations

import warnings
from typing import Any

from pydantic import Field

ASSUMPTION = "ASSUMPTION"

#: Former parameter names still read, each with a FutureWarning (``group.former`` -> ``group.new``),
#: wherever parameters come from: a parameters file, the environment, a command's options, an
#: API request or a scenario stored before the rename. Money names lost their ``_mxn``: an amount
#: is in the country pack's currency (``CountryPack.words.currency``). ``scenario`` is a run's
#: parameters (``store.planning.scenarios.ScenarioParameters``).
RENAMED = {
    "siting.costs_mxn": "siting.costs",
    "siting.budget_mxn": "siting.budget",
    "staffing.monthly_salary_mxn": "staffing.monthly_salary",
    "programme.capital_per_year_mxn": "programme.capital_per_year",
    "scenario.costs_mxn": "scenario.costs",
    "scenario.budget_mxn": "scenario.budget",
}


def sourced(default: Any, description: str, source: str, **kw: Any) -> Any:
    """A field whose JSON schema carries ``source`` (shown in the report's assumptions table)."""
    return Field(default, description=description, json_schema_extra={"source": source}, **kw)


def former_names(group: str, data: Any) -> Any:
    """``data`` (a group's raw values) with each former name (``RENAMED``) under its new one and
    a FutureWarning to rename it; the former name's value wins (a file or a stored run that
    names it meant it, the new name may be the default merged in)."""
    if not isinstance(data, dict):
        return data
    prefix = f"{group}."
    for former, new in RENAMED.items():
        old_name, new_name = former.removeprefix(prefix), new.removeprefix(prefix)
        if former.startswith(prefix) and old_name in data:
            warnings.warn(
                f"[{group}] {old_name} is deprecated: name it {new_name} (amounts in the "
                "country's currency)",
                FutureWarning,
                stacklevel=2,
            )
            data = {k: v for k, v in data.items() if k != old_name} | {new_name: data[old_name]}
    return data
