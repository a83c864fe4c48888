"""The plan page speaks plainly: places that cannot be reached are said with the arithmetic
(1,000 × 250 = 250,000), the certified gap is explained in one sentence (and why a state plan's
can be large), the solver's method is not named; the form takes budgets with separators and
states without Ctrl-click, and says what is wrong in Spanish."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from redceci.errors import InputError
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role, ScenarioStatus
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.store.planning.models import Scenario
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.testing import add_user
from redceci.web.planning.reach import reach_of
from redceci.web.planning.scenarios import parameters_from
from tests.web.world import People, WebClient


def _scenario(db: Database, **parameters: object) -> int:
    with db.reading() as session:
        n = session.scalar(sa.select(sa.func.count()).select_from(Scenario)) or 0
    planner = add_user(db, f"p{n + 2}@x.mx", Grant(Role.NATIONAL_PLANNER))
    made = scenarios.create_scenario(
        db, planner, name="Meta 2030", parameters=ScenarioParameters(**parameters)
    )
    return made.id


def _finish(db: Database, scenario_id: int, *, gap: float) -> None:
    with db.transaction() as session:
        session.execute(
            sa.update(Scenario)
            .where(Scenario.id == scenario_id)
            .values(
                status=ScenarioStatus.SUCCEEDED,
                progress=1.0,
                result={
                    "centres": 1000,
                    "places": 250000,
                    "cost_mxn": 36.1e9,
                    "served": 240000,
                    "gap": gap,
                    "method": "lagrangian-greedy+swap",
                    "status": "feasible",
                },
            )
        )


def test_places_beyond_reach_are_said_with_the_arithmetic(
    client: WebClient, db: Database, people: People
) -> None:
    made = _scenario(db, centres=1000, places=500_000)
    client.login("planner@x.mx")
    page = client.get(f"/escenarios/{made}").text
    assert 'data-testid="reach-warning"' in page
    assert "1,000 × 250 = 250,000" in page and "500,000 lugares" in page


def test_a_reachable_scenario_has_no_warning(
    client: WebClient, db: Database, people: People
) -> None:
    made = _scenario(db, centres=1000, places=200_000)
    client.login("planner@x.mx")
    assert 'data-testid="reach-warning"' not in client.get(f"/escenarios/{made}").text


def test_reach_takes_the_scenarios_own_sizes() -> None:
    reach = reach_of({"centres": 10, "places": 3000, "sizes": [60, 300]}, [110, 250])
    assert reach is not None and reach.most == 3000 and not reach.short
    assert reach_of({"centres": None, "places": 10}, [250]) is None


def test_the_gap_is_explained_and_the_method_is_not_named(
    client: WebClient, db: Database, people: People
) -> None:
    national = _scenario(db, centres=1000, places=200_000)
    state = _scenario(db, centres=5, places=1000, states=["19"])
    for made in (national, state):
        _finish(db, made, gap=0.0123)
    client.login("planner@x.mx")
    page = client.get(f"/escenarios/{national}").text
    assert "Brecha certificada 1.23 %" in page and "ningún plan posible" in page
    assert "lagrangian" not in page and "buena, con brecha certificada" in page
    assert "En un plan estatal la brecha puede ser grande" not in page
    assert (
        "En un plan estatal la brecha puede ser grande" in client.get(f"/escenarios/{state}").text
    )


@pytest.mark.parametrize(
    ("typed", "pesos"),
    [
        ("36,100,000,000", 36.1e9),
        ("36 100 000 000", 36.1e9),
        ("36,100 millones", 36.1e9),
        ("$36,100 mdp", 36.1e9),
        ("36100e6", 36.1e9),
        ("1500000.50", 1_500_000.5),
    ],
)
def test_budgets_are_read_with_separators_and_millions(typed: str, pesos: float) -> None:
    assert parameters_from({"budget_mxn": typed}).budget_mxn == pytest.approx(pesos)


def test_a_budget_that_is_not_an_amount_is_refused_in_spanish() -> None:
    with pytest.raises(InputError, match="no es una cantidad"):
        parameters_from({"budget_mxn": "mucho dinero"})


def test_states_are_chosen_with_checkboxes_and_errors_are_in_spanish(
    client: WebClient, people: People
) -> None:
    csrf = client.login("planner@x.mx")
    form = client.get("/escenarios").text
    assert '<select name="states" multiple' not in form
    assert 'type="checkbox" name="states" value="19"' in form
    page = client.post(
        "/escenarios",
        data={"csrf_token": csrf, "name": "x", "centres": "0", "places": "10", "states": ["19"]},
    )
    assert page.status_code == 422
    assert "Centros: es demasiado pequeño (mínimo 1)" in page.text
    assert 'value="19" checked' in page.text  # the choice is kept
