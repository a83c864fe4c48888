"""Stored scenarios name money without ``_mxn`` (issue 16): an amount is in the country
pack's currency, which the result now states.

Each scenario's parameters (``budget_mxn``, ``costs_mxn``) and result (``cost_mxn``, the
programme's ``capital_mxn``, ``operating_mxn``, ``spending_mxn`` by year and by state) take the
new names; the result gets no ``currency`` (a stored run does not say which pack ran it: the
pages show the deployment's). Downgrading restores the former names. Requests that still send
a former name are read by ``ScenarioParameters`` (``planning.fields.RENAMED``).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 05:30:00
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Former name -> new name, in a scenario's parameters and in its result's rows.
PARAMETERS = {"budget_mxn": "budget", "costs_mxn": "costs"}
RESULT = {"cost_mxn": "cost"}
PROGRAMME_ROWS = {
    "capital_mxn": "capital",
    "operating_mxn": "operating",
    "spending_mxn": "spending",
}

_scenarios = sa.table(
    "scenarios",
    sa.column("id", sa.Integer()),
    sa.column("parameters", sa.JSON()),
    sa.column("result", sa.JSON()),
)


def _renamed(values: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    return {names.get(k, k): v for k, v in values.items()}


def _result(
    result: Mapping[str, Any], names: Mapping[str, str], rows: Mapping[str, str]
) -> dict[str, Any]:
    """A result with its top-level ``names`` and its programme rows' ``rows`` renamed."""
    out = _renamed(result, names)
    programme = out.get("programme")
    if isinstance(programme, dict):
        out["programme"] = programme | {
            part: [_renamed(row, rows) for row in programme[part] or []]
            for part in ("by_year", "by_state")
            if part in programme
        }
    return out


def _rename(forward: bool) -> None:
    """Every scenario's parameters and result with the new names (``forward``) or the former."""

    def way(names: Mapping[str, str]) -> dict[str, str]:
        return dict(names) if forward else {v: k for k, v in names.items()}

    conn = op.get_bind()
    rows = conn.execute(sa.select(_scenarios.c.id, _scenarios.c.parameters, _scenarios.c.result))
    for scenario_id, parameters, result in rows.all():
        values: dict[str, Any] = {"parameters": _renamed(parameters or {}, way(PARAMETERS))}
        if isinstance(result, dict):
            values["result"] = _result(result, way(RESULT), way(PROGRAMME_ROWS))
        conn.execute(_scenarios.update().where(_scenarios.c.id == scenario_id).values(**values))


def upgrade() -> None:
    _rename(forward=True)


def downgrade() -> None:
    _rename(forward=False)
