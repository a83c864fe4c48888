"""The planning model's money is in the country's currency: Mexico keeps the CECI model's pesos,
Guatemala's pack converts them to quetzales at its stated rate, and a user's value wins."""

from __future__ import annotations

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
    for key in ("staffing.monthly_salary_mxn", "programme.capital_per_year_mxn"):
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


def test_a_user_s_value_wins_over_the_pack_s_with_its_own_source(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[siting]\ncosts = [5e6, 9e6]\n")
    model = get_settings(path, country="gt").model
    assert model.siting.costs == (5e6, 9e6)
    assert "GTQ per MXN" not in sources(model)["siting.costs"]
    pack_salary = planning_money()["staffing.monthly_salary_mxn"].value
    assert model.staffing.monthly_salary_mxn == pack_salary  # the rest stays the pack's


def test_a_pack_may_set_only_the_money_keys_and_another_rate_is_a_call_away() -> None:
    for code in CODES:
        assert set(country_pack(code).planning_money) <= set(MONEY_KEYS)
    with pytest.raises(ValueError, match=r"siting\.sizes are not a pack's"):
        with_money(ModelParameters(), {"siting.sizes": planning_money()["siting.costs"]})
    doubled = with_money(ModelParameters(), planning_money(2 * GTQ_PER_MXN))
    assert doubled.siting.costs[-1] == pytest.approx(2 * 36.1e6 * GTQ_PER_MXN, abs=1)


def test_the_former_name_costs_mxn_still_sets_the_costs_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[siting]\ncosts_mxn = [5e6, 9e6]\n")
    with pytest.warns(FutureWarning, match="costs_mxn is deprecated: name it costs"):
        model = get_settings(path, country="gt").model
    assert model.siting.costs == (5e6, 9e6)
    assert "GTQ per MXN" not in sources(model)["siting.costs"]
