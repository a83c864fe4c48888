"""Settings and parameters: every assumption is named, sourced and overridable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from redceci.api.operations.schemas import operations_rules
from redceci.countries import country_pack
from redceci.errors import InputError
from redceci.operations.health import Observation
from redceci.operations.incidents import Escalation, Severity
from redceci.operations.parameters import rules_for
from redceci.planning.parameters import ModelParameters, assumptions_table
from redceci.settings import Settings, get_settings


def test_every_parameter_has_a_description_and_a_source() -> None:
    rows = assumptions_table(ModelParameters())
    assert len(rows) >= 25
    for row in rows:
        assert row["description"], row["name"]
        assert row["source"], row["name"]


def test_toml_file_overrides_parameters(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        "[demand]\ntake_up_rate = 0.6\n[siting]\nsizes = [120, 240]\ncosts = [20e6, 35e6]\n"
    )
    s = get_settings(path)
    assert s.model.demand.take_up_rate == 0.6
    assert s.model.siting.sizes == (120, 240)


@pytest.mark.parametrize(
    "text",
    [
        "[demand]\ntake_up_rate = 1.5\n",
        "[nope]\nx = 1\n",
        "[demand]\nunknown = 1\n",
        "[siting]\nsizes = [100]\n",
        "not toml [",
    ],
)
def test_bad_parameter_files_are_input_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"p\.toml"):
        get_settings(path)


def test_environment_overrides_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REDCECI_DATA", str(tmp_path))
    monkeypatch.setenv("REDCECI_MODEL__DEMAND__TAKE_UP_RATE", "0.3")
    s = get_settings()
    assert s.data == tmp_path
    assert s.model.demand.take_up_rate == 0.3


def test_the_sweep_runs_at_least_hourly_or_never() -> None:
    assert get_settings(offer_sweep_seconds=0).offer_sweep_seconds == 0
    assert get_settings(offer_sweep_seconds=3600).offer_sweep_seconds == 3600
    with pytest.raises(ValidationError, match="3600"):
        get_settings(offer_sweep_seconds=7200)


def test_guardian_notices_are_sent_at_least_hourly_by_the_server_or_by_the_command() -> None:
    assert get_settings().notice_seconds == 60
    assert get_settings(notice_seconds=0).notice_seconds == 0
    with pytest.raises(ValidationError, match="3600"):
        get_settings(notice_seconds=7200)


def test_the_country_picks_its_data_folder_and_time_zone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("REDCECI_DATA", raising=False)
    monkeypatch.delenv("REDCECI_TIMEZONE", raising=False)
    monkeypatch.setenv("REDCECI_COUNTRY", "gt")
    s = get_settings()
    assert s.country == "gt" and s.data.name == "guatemala"
    assert s.timezone == "America/Guatemala"
    monkeypatch.setenv("REDCECI_DATA", str(tmp_path))
    assert get_settings().data == tmp_path  # an explicit folder wins
    monkeypatch.delenv("REDCECI_COUNTRY")
    assert get_settings().timezone == "America/Mexico_City"
    with pytest.raises(ValidationError):
        get_settings(country="gt1")


def test_settings_built_directly_for_guatemala_count_in_quetzales() -> None:
    # Not only get_settings: Settings(country=...) itself takes the pack's currency and money.
    pesos, quetzales = Settings().model, Settings(country="gt").model
    assert (pesos.currency, quetzales.currency) == ("MXN", "GTQ")
    assert pesos.siting.costs[-1] == 36.1e6
    assert quetzales.siting.costs[-1] == country_pack("gt").planning_money["siting.costs"].value[-1]
    assert quetzales.siting.costs[-1] < pesos.siting.costs[-1] / 2
    assert Settings(country="gt") == get_settings(country="gt")
    # A value the caller sets stays; the rest is the pack's.
    mine = Settings(country="gt", model={"siting": {"costs": (1e6, 2e6)}}).model
    assert mine.siting.costs == (1e6, 2e6) and mine.currency == "GTQ"
    assert mine.staffing.monthly_salary == quetzales.staffing.monthly_salary


def test_the_estimates_group_of_a_parameters_file_goes_to_the_country_pack(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[estimates]\ndependency_weight = 0\n[demand]\ntake_up_rate = 0.5\n")
    s = get_settings(path, country="gt")
    assert s.estimates == {"dependency_weight": 0.0} and s.model.demand.take_up_rate == 0.5
    path.write_text('[estimates]\ndependency_weight = "high"\n')
    with pytest.raises(InputError, match=r"\[estimates\] takes numbers only"):
        get_settings(path)


def test_the_operations_rules_take_overrides_from_the_parameters_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        "[operations]\ndrill_interval_days = 14\ncode_digits = 8\nopens = '07:30'\n"
        "children_per_assistant = { lactantes = 4 }\nlate_protocol_min = 45\n"
        "incident_escalation_hours = { serious = { director = 0, guardian = 1, state = 24 } }\n"
        "health_exclusions = [\n"
        "  { code = 'fever', es = 'Fiebre (37.5 °C o más)', en = 'Fever', temperature_c = 37.5 },\n"
        "  { code = 'rash', es = 'Erupción', en = 'Rash', sign = 'rash' },\n"
        "]\n"
    )
    rules = operations_rules(get_settings(path))
    assert rules.drills.interval_days == 14 and rules.pickup.code_digits == 8
    assert rules.calendar.opens.isoformat("minutes") == "07:30"
    assert rules.ratios.rule("lactantes").children_per_assistant == 4
    assert rules.ratios.rule("maternales").children_per_assistant == 10  # the default stays
    assert rules.pickup.protocol_after_min == 45 and rules.pickup.director_after_min == 10
    serious = rules.incidents.escalations[Severity.SERIOUS]
    assert [(e.to, e.within_hours) for e in serious] == [
        ("director", 0),
        ("guardian", 1),
        ("state", 24),
    ]  # replaced whole: the network is no longer told of a serious incident
    assert rules.incidents.escalations[Severity.MINOR] == (Escalation("guardian", 10),)
    # the exclusion list is replaced whole: a rash now refuses entry, vomiting no longer does
    fever, rash = rules.health.rules
    assert (fever.code, fever.min_temperature_c, rash.code, rash.sign) == (
        "fever",
        37.5,
        "rash",
        "rash",
    )
    assert [r.code for r in rules.health.excluded_by(Observation(37.6, ("vomiting",)))] == ["fever"]
    for overridden in (rules.drills, rules.pickup, rules.calendar, rules.ratios, rules.incidents):
        assert "--params" in overridden.source  # the rule names where it came from
    assert all("--params" in r.source for r in rules.health.rules)
    assert operations_rules(get_settings()) == rules_for(country_pack("mx"))  # the pack's alone


def test_operations_overrides_are_checked_against_the_country_s_own_age_groups() -> None:
    """Guatemala's one multi-age group takes a ratio override; Mexico's groups are no
    Guatemalan's, so naming them is refused (before, every country was checked against
    Mexico's groups)."""
    gt = get_settings(country="gt", operations={"children_per_assistant": {"multiedad": 8}})
    assert operations_rules(gt).ratios.rule("multiedad").children_per_assistant == 8
    with pytest.raises(ValidationError, match="multiedad"):
        get_settings(country="gt", operations={"children_per_assistant": {"lactantes": 4}})


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[operations]\ndrill_every = 14\n", "unknown keys: drill_every"),
        ("[operations]\ndrill_interval_days = 0\n", "drill_interval_days"),
        ("[operations]\ncode_digits = 3\n", "code_digits"),
        ("[operations]\nmixing = 'average'\n", "mixing"),
        ("[operations]\nopens = 'siete'\n", "opens"),
        ("[operations]\nchildren_per_assistant = { bebes = 3 }\n", "children_per_assistant"),
        ("[operations]\nlate_director_min = 90\n", "director is alerted before the protocol"),
        ("[operations]\nweekdays = [0, 7]\n", "weekdays"),
        (
            "[operations]\nincident_escalation_hours = { grave = { state = 2 } }\n",
            "incident_escalation_hours: a table of the severities",
        ),
        (
            "[operations]\nincident_escalation_hours = { serious = { mayor = 2 } }\n",
            "incident_escalation_hours.serious",
        ),
        (
            "[operations]\nincident_escalation_hours = { minor = { guardian = 100 } }\n",
            "incident_escalation_hours.minor.guardian: hours from 0 to 72",
        ),
        (
            "[operations]\nhealth_exclusions = [{ code = 'fever', es = 'F', en = 'F' }]\n",
            "health_exclusions[0]: give temperature_c or sign, not both",
        ),
        (
            "[operations]\nhealth_exclusions = [{ code = 'x', es = 'X', en = 'X', sign = 'tos' }]\n",
            "health_exclusions[0].sign: one of respiratory",
        ),
        (
            "[operations]\nhealth_exclusions = [{ code = 'f', es = 'F', en = '', temperature_c = 50 }]\n",
            "health_exclusions[0]: en must be given as text",
        ),
        (
            "[operations]\nhealth_exclusions = [{ code = 'f', es = 'F', en = 'F', temperature_c = 50 }]\n",
            "health_exclusions[0].temperature_c: degrees Celsius from 35 to 42",
        ),
        ("[operations]\nhealth_exclusions = []\n", "health_exclusions: a list"),
        ("operations = 3\n", "[operations] is a table"),
    ],
)
def test_a_bad_operations_rule_stops_with_its_name(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=re.escape(named)):
        get_settings(path)


def test_the_operations_rules_take_overrides_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDCECI_OPERATIONS", '{"late_max_days": 3}')
    assert operations_rules(get_settings()).late_max_days == 3
    monkeypatch.setenv("REDCECI_OPERATIONS", '{"late_max_days": 90}')
    with pytest.raises(ValidationError, match="late_max_days"):
        get_settings()
