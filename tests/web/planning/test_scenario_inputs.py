"""The scenario form takes budgets as people type them (separators, millions) and states by
ticking, not Ctrl-click, and says what is wrong in Spanish (or English)."""

from __future__ import annotations

import pytest

from redceci.errors import InputError
from redceci.web.planning.scenarios import parameters_from
from tests.web.world import People, WebClient


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
    assert parameters_from({"budget": typed}).budget == pytest.approx(pesos)


def test_a_budget_that_is_not_an_amount_is_refused_in_spanish() -> None:
    with pytest.raises(InputError, match="no es una cantidad"):
        parameters_from({"budget": "mucho dinero"})


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
