"""The planning model's money is in the country's currency: Mexico keeps the CECI model's pesos,
Guatemala's pack converts them to quetzales at its stated rate, and a user's value wins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from redceci.countries import CODES, country_pack
from redceci.countries.gt.money import GTQ_PER_MXN, GTQ_PER_USD, MXN_PER_USD, planning_money
from redceci.planning.parameters import (
    MONEY_KEYS,
    ModelParameters,
    assumptions_table,
    money_defaults,
    with_money,
)
from redceci.settings import get_settings


def sources(params: ModelParameters) -> dict[str, str]:
    return {f"{r['group']}.{r['name']}": r["source"] for r in assumptions_table(params)}


def test_mexico_keeps_the_ceci_model_s_pesos_and_their_sources() -> None:
    model = get_settings(country="mx").model
    assert model.siting.sizes[-1] == 250 and model.siting.costs[-1] == 36.1e6
    assert money_defaults(model) == money_defaults(ModelParameters())
    assert not country_pack("mx").planning_money and not model.sources
    assert "36.1 MDP standard CECI (sprinforma.mx)" in sources(model)["siting.costs"]


def test_guatemala_s_money_is_mexico_s_converted_at_the_stated_rate() -> None:
    assert pytest.approx(GTQ_PER_USD / MXN_PER_USD) == GTQ_PER_MXN
    pesos, quetzales = money_defaults(), money_defaults(get_settings(country="gt").model)
    assert quetzales["siting.costs"][-1] == pytest.approx(36.1e6 * GTQ_PER_MXN, abs=0.5)
    costs = zip(pesos["siting.costs"], quetzales["siting.costs"], strict=True)
    for size_pesos, size_q in costs:
        assert size_q == pytest.approx(size_pesos * GTQ_PER_MXN, abs=0.5)
    for key in ("staffing.monthly_salary", "programme.capital_per_year"):
        assert quetzales[key].keys() == pesos[key].keys()
        for k, v in pesos[key].items():
            assert quetzales[key][k] == pytest.approx(v * GTQ_PER_MXN, abs=0.5), (key, k)
    assert quetzales["staffing.other_cost_per_place_year"] == pytest.approx(
        pesos["staffing.other_cost_per_place_year"] * GTQ_PER_MXN, abs=0.5
    )


def test_guatemala_s_assumptions_table_cites_the_conversion_not_mexico_s_sources() -> None:
    table = sources(get_settings(country="gt").model)
    for key in MONEY_KEYS:
        assert table[key].startswith("ASSUMPTION: CECI model costs converted at 0.4186 GTQ per MXN")
        assert "Banco de Guatemala" in table[key] and "sprinforma" not in table[key]
        # No exchange rate is in the shared data: the table says the rate is recalled, not read.
        assert "the rate is not sourced" in table[key] and table[key].count("recalled") == 2


def test_a_user_s_value_wins_over_the_pack_s_with_its_own_source(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[siting]\ncosts = [5e6, 9e6]\n")
    model = get_settings(path, country="gt").model
    assert model.siting.costs == (5e6, 9e6)
    assert "GTQ per MXN" not in sources(model)["siting.costs"]
    pack_salary = planning_money()["staffing.monthly_salary"].value
    assert model.staffing.monthly_salary == pack_salary  # the rest stays the pack's


def test_a_pack_may_set_only_the_money_keys_and_another_rate_is_a_call_away() -> None:
    for code in CODES:
        assert set(country_pack(code).planning_money) <= set(MONEY_KEYS)
    with pytest.raises(ValueError, match=r"siting\.sizes are not a pack's"):
        with_money(ModelParameters(), {"siting.sizes": planning_money()["siting.costs"]}, "GTQ")
    doubled = with_money(ModelParameters(), planning_money(2 * GTQ_PER_MXN), "GTQ")
    assert doubled.siting.costs[-1] == pytest.approx(2 * 36.1e6 * GTQ_PER_MXN, abs=1)
    assert doubled.currency == "GTQ"


@pytest.mark.parametrize(
    ("text", "former", "value"),
    [
        ("[siting]\ncosts_mxn = [5e6, 9e6]\n", "costs_mxn", lambda m: m.siting.costs),
        ("[siting]\nbudget_mxn = 7e8\n", "budget_mxn", lambda m: m.siting.budget),
        (
            "[staffing.monthly_salary_mxn]\ncook = 5000.0\n",
            "monthly_salary_mxn",
            lambda m: m.staffing.monthly_salary,
        ),
        (
            "[programme.capital_per_year_mxn]\n2026 = 1e9\n",
            "capital_per_year_mxn",
            lambda m: m.programme.capital_per_year,
        ),
    ],
)
def test_a_former_money_name_in_a_parameters_file_still_sets_it_with_a_warning(
    tmp_path: Path, text: str, former: str, value: Callable[[ModelParameters], object]
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    new = former.removesuffix("_mxn")
    with pytest.warns(FutureWarning, match=f"{former} is deprecated: name it {new}"):
        model = get_settings(path, country="gt").model
    expected = {
        "costs_mxn": (5e6, 9e6),
        "budget_mxn": 7e8,
        "monthly_salary_mxn": {"cook": 5000.0},
        "capital_per_year_mxn": {2026: 1e9},
    }[former]
    assert value(model) == expected
    key = next(k for k in (*MONEY_KEYS, "siting.budget") if k.endswith(f".{new}"))
    assert "GTQ per MXN" not in sources(model)[key]  # the user's value, the field's source
    assert model.currency == "GTQ"


def test_a_former_money_name_in_the_environment_still_sets_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDCECI_MODEL__SITING__BUDGET_MXN", "123000000")
    with pytest.warns(FutureWarning, match="budget_mxn is deprecated: name it budget"):
        model = get_settings().model
    assert model.siting.budget == 123e6


def test_every_output_amount_is_in_the_model_s_currency_named_once() -> None:
    # No money field, column or parameter carries a currency in its name any more.
    names = [row["name"] for row in assumptions_table(get_settings(country="gt").model)]
    assert not [n for n in names if n.endswith(("_mxn", "_gtq"))]
    assert get_settings(country="mx").model.currency == "MXN"
    assert get_settings(country="gt").model.currency == "GTQ"
