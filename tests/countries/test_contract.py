"""Every country pack keeps the interface's contract (``platform/country.py``): its words, rules,
identity documents, ratios, holidays and data adapters, checked the same way for each pack
(``docs/country-packs.md`` lists these checks for a third country)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from redceci.countries import CODES, activate, country_pack
from redceci.errors import InputError
from redceci.planning.candidates import CANDIDATE_COLUMNS
from redceci.planning.demand import UNIT_COLUMNS
from redceci.planning.supply import SUPPLY_COLUMNS
from redceci.platform.country import CountryData, CountryPack
from redceci.settings import COUNTRY_DATA_FOLDERS, COUNTRY_TIMEZONES, Settings

ELIGIBILITY_COLUMNS = ("children", "need", "eligible", "employed_share", "insured_share")


def test_the_registry_knows_mexico_first_and_guatemala() -> None:
    assert CODES[0] == "mx" and "gt" in CODES
    assert country_pack("GT") is country_pack("gt")
    with pytest.raises(InputError, match="unknown country 'xx'; known: mx, gt"):
        country_pack("xx")


def test_the_pack_is_complete_and_its_settings_defaults_agree(pack: CountryPack) -> None:
    assert pack.code in CODES and isinstance(pack.data, CountryData)
    assert pack.timezone == COUNTRY_TIMEZONES[pack.code]
    ZoneInfo(pack.timezone)
    assert pack.code in COUNTRY_DATA_FOLDERS
    assert len(pack.words.schemes) >= 1 and len(set(pack.words.schemes)) == len(pack.words.schemes)
    assert pack.eligibility.insurer == pack.words.insurer
    assert pack.identity.person_id == pack.words.person_id
    assert pack.identity.insurance_id == pack.words.insurance_id


def test_a_pack_other_than_mexico_words_its_pages(pack: CountryPack) -> None:
    """The catalogue's messages are Mexico's; another pack rewords those naming its
    institution, documents and regions, and gives its pending privacy notice's text."""
    if pack.code == "mx":
        assert not pack.messages
        return
    needed = {"app", "eligible", "person_id_label", "insurance_id_label", "err_curp", "err_nss"}
    needed |= {"privacy_summary", "privacy_pending_data", "state", "employer"}
    assert needed <= set(pack.messages)
    assert all(es and en for es, en in pack.messages.values())
    assert not any("IMSS" in es or "CURP" in es for es, _ in pack.messages.values())
    from redceci.web.i18n import MESSAGES

    mexican = re.compile(r"\b(CURP|NSS|IMSS|CECI|MXN|MDP|pesos)\b")
    unsaid = sorted(k for k, (es, en) in MESSAGES.items() if mexican.search(es + " " + en))
    assert not [k for k in unsaid if k not in pack.messages], "the pack must reword these"


def test_settings_read_the_country_s_folder_and_time_zone(
    pack: CountryPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REDCECI_DATA", raising=False)
    monkeypatch.delenv("REDCECI_TIMEZONE", raising=False)
    settings = Settings(country=pack.code)
    assert settings.data.name == COUNTRY_DATA_FOLDERS[pack.code]
    assert settings.timezone == pack.timezone
    assert Settings(country=pack.code, timezone="UTC").timezone == "UTC"


def test_made_up_identifiers_pass_the_pack_s_checks_and_typos_do_not(pack: CountryPack) -> None:
    ids = pack.identity
    birth = dt.date(2025, 2, 14)
    seen = set()
    for serial in range(200):
        person = ids.made_up_person_id(serial, birth, pack.demo_region, serial % 2 == 0)
        assert ids.validate_person_id(person) == person
        seen.add(person)
        insured = ids.made_up_insurance_id(serial)
        assert ids.validate_insurance_id(insured) == insured
        if ids.birth_date_of is not None:
            assert ids.birth_date_of(person) == birth
    assert len(seen) == 200
    person = ids.made_up_person_id(7, birth, pack.demo_region, True)
    last = person[-1]
    for bad in ("", "123", person[:-1], person + "0"):
        with pytest.raises(InputError):
            ids.validate_person_id(bad)
    wrong = person[:-1] + ("1" if last == "0" else "0")
    if pack.code == "mx":  # the CURP's check digit is last
        with pytest.raises(InputError, match="check digit"):
            ids.validate_person_id(wrong)
    with pytest.raises(InputError):
        ids.validate_insurance_id("12ab")


def test_every_room_lies_in_the_eligibility_window_and_in_one_ratio_group(
    pack: CountryPack,
) -> None:
    """A new centre's rooms take the eligible ages, and the ratios judge each room by one rule
    (the programme's staffing reads a room's ratio by its name)."""
    rooms = pack.rooms.rooms
    assert rooms[0].min_age.days == pack.eligibility.age_min_days and rooms[0].min_age.months == 0
    assert rooms[-1].max_age.months == round(12 * pack.eligibility.age_max_years)
    assert pack.rooms.source
    birth = dt.date(2024, 1, 1)
    for room in rooms:
        rule = pack.ratios.rule(room.name)
        first = room.min_age.reached_on(birth)
        last = room.max_age.reached_on(birth) - dt.timedelta(days=1)
        assert pack.ratios.rule_for(birth, first) == rule == pack.ratios.rule_for(birth, last)


def test_a_registered_room_s_age_group_is_one_of_the_pack_s_groups(pack: CountryPack) -> None:
    """The registry's groups span the eligibility window, name every new centre's room, and
    are the only groups a room may have while the pack is the deployment's."""
    from redceci.countries import activate
    from redceci.store.platform.centres import RoomData

    groups = pack.room_groups
    assert groups.source and set(pack.rooms.names) <= set(groups.names)
    assert groups.rooms[0].min_age == pack.rooms.rooms[0].min_age
    assert groups.rooms[-1].max_age == pack.rooms.rooms[-1].max_age
    others = {
        n for code in CODES if code != pack.code for n in country_pack(code).room_groups.names
    }
    activate(pack)
    try:
        for name in groups.names:
            assert RoomData(name="Sala", age_group=name, capacity=10).age_group == name
        for name in sorted(others - set(groups.names)):
            with pytest.raises(ValueError, match=f"allowed: {', '.join(groups.names)} \\["):
                RoomData(name="Sala", age_group=name, capacity=10)
    finally:
        activate(None)
    assert RoomData(name="Sala", age_group="cualquiera", capacity=1)  # no pack: unchecked


def test_a_registered_centre_s_scheme_is_one_of_the_pack_s(pack: CountryPack) -> None:
    """The registry's schemes are the pack's words (direct first, then with employers): no
    other country's scheme is accepted while the pack is the deployment's."""
    from redceci.countries import activate
    from redceci.platform.vocabulary import check_scheme, employer_scheme

    words = pack.words
    assert words.direct_scheme != words.employer_scheme
    assert all(0 < len(s) <= 32 for s in words.schemes)
    others = {s for code in CODES if code != pack.code for s in country_pack(code).words.schemes}
    activate(pack)
    try:
        assert [check_scheme(s) for s in words.schemes] == list(words.schemes)
        assert employer_scheme() == words.employer_scheme
        for name in sorted(others - set(words.schemes)):
            with pytest.raises(ValueError, match=f"allowed: {', '.join(words.schemes)}$"):
                check_scheme(name)
    finally:
        activate(None)
    assert employer_scheme() is None and check_scheme("cualquiera") == "cualquiera"


def test_the_pack_s_operations_rules_are_known_sourced_and_applied(pack: CountryPack) -> None:
    """Every operations rule a pack sets is one of ``PACK_KEYS``, has a source, and reaches
    the centres' rules naming the pack; a pack without a published text says ASSUMPTION."""
    from redceci.operations.parameters import DEFAULT_RULES, PACK_KEYS, rules_for

    assert set(pack.operations) == set(PACK_KEYS)  # both packs set every part
    rules = rules_for(pack)
    for part in (rules.drills, rules.pickup, rules.incidents, rules.calendar):
        assert part.source.startswith(f"{pack.name}: ")
    assert all(r.source for r in rules.health.rules)
    assert f"; holidays ({pack.name}): " in rules.calendar.source  # its hours and holidays
    if pack.code != "mx":  # none of Mexico's is cited as Guatemala's own
        assert all(r.source.startswith("ASSUMPTION") for r in pack.operations.values())
        assert all(r.source.startswith("ASSUMPTION") for r in rules.health.rules)
    assert DEFAULT_RULES.drills.source.startswith("ASSUMPTION")  # the core names no country
    with pytest.raises(InputError, match="country pack"):  # nor has any country's ratios
        _ = DEFAULT_RULES.ratios


def test_ratios_and_holidays_are_usable(pack: CountryPack) -> None:
    groups = pack.ratios.groups
    assert groups and all(r.source for r in pack.ratios.rules)
    first = pack.ratios.rule(groups[0])
    assert pack.ratios.staff_needed([groups[0]] * first.children_per_assistant) == (
        pack.ratios.leads_per_room + 1
    )
    days = pack.holidays_in(2026)
    assert len(days) == len(set(days)) >= len(pack.holidays) and days == sorted(days)
    assert dt.date(2026, 1, 1) in days and all(h.source for h in pack.holidays)
    assert all(d.year == 2026 for d in days)


def test_every_data_file_is_present_and_read(pack: CountryPack, pack_settings: Settings) -> None:
    checks = pack.data.check(pack_settings.data)
    assert checks and all(c.ok for c in checks), [c for c in checks if not c.ok]
    assert all(c.sha256 and len(c.sha256) == 64 for c in checks)
    assert {s[0] for s in pack.data.sources()} == {c.filename for c in checks}


def test_regions_match_their_boundaries(pack: CountryPack, pack_settings: Settings) -> None:
    regions = pack.data.read_regions(pack_settings.data)
    assert regions["code"].str.fullmatch(r"\d{2}").all() and regions["code"].is_unique
    boundaries = pack.data.read_boundaries(pack_settings.data, "estados")
    keys = {f["properties"]["CVEGEO"] for f in boundaries["features"]}
    assert keys == set(regions["code"])
    assert pack.demo_region in keys


def test_units_of_a_region_carry_the_core_s_columns(
    pack: CountryPack, pack_settings: Settings
) -> None:
    units = pack.data.read_units(
        pack_settings.data, model=pack_settings.model, region=pack.demo_region
    )
    assert set(UNIT_COLUMNS) | set(ELIGIBILITY_COLUMNS) <= set(units.columns)
    assert (units["CVE_ENT"] == pack.demo_region).all()
    assert (units["MUN_CVEGEO"].str[:2] == units["CVE_ENT"]).all()
    assert units["unit_id"].is_unique and units["LAT"].notna().all()
    for col in ("POBTOT", "children", "need", "eligible"):
        assert (units[col] >= 0).all(), col
    assert (units["eligible"] <= units["need"] + 1e-9).all()
    assert units["eligible"].sum() > 0
    with pytest.raises(InputError):
        pack.data.read_units(pack_settings.data, model=pack_settings.model, region="99")


@pytest.mark.slow
def test_the_planning_inputs_carry_the_core_s_columns(
    pack: CountryPack, pack_settings: Settings
) -> None:
    inputs = pack.data.read_inputs(
        pack_settings.data, model=pack_settings.model, estimates={}, counts_file=None
    )
    regions = set(pack.data.read_regions(pack_settings.data)["code"])
    assert set(inputs.units["CVE_ENT"]) <= regions
    supply = pd.concat(list(inputs.supply))
    assert set(SUPPLY_COLUMNS) <= set(supply.columns) and (supply["places"] >= 0).all()
    candidates = pd.concat(list(inputs.candidates))
    assert set(CANDIDATE_COLUMNS) - {"CVE_ENT", "max_centres"} <= set(candidates.columns)
    assert set(candidates["scheme"]) <= set(pack.words.schemes)
    assert candidates["site_id"].is_unique
    for e in inputs.estimates:
        assert e.value >= 0 and e.source and e.replaced_by


def test_phone_numbers_follow_the_pack_s_numbering_plan(pack: CountryPack) -> None:
    from redceci.countries import activate
    from redceci.platform import validation

    rule = pack.phone
    assert rule.source and rule.calling_code.isdigit()
    activate(pack)
    assert validation.phone(rule.example) == rule.example
    assert validation.phone(f"+{rule.calling_code} {rule.example}")  # with the calling code
    with pytest.raises(ValueError, match=f"de {rule.national_digits} a 15"):
        validation.phone("1" * (rule.national_digits - 1))
    if pack.code == "gt":  # Guatemala's 8 digits; Mexico's rule asks for 10
        activate(country_pack("mx"))
        with pytest.raises(ValueError):
            validation.phone(rule.example)


def test_without_a_pack_no_country_s_documents_or_phones_are_assumed() -> None:
    """The core validates identifiers and phone numbers by the active pack's rules only:
    with none active a CURP is not valid by default (it was, as Mexico's), nor a phone."""
    from redceci.countries.mx.identity import made_up_curp, made_up_nss
    from redceci.enrolment.identity import validate_insurance_id, validate_person_id
    from redceci.platform.validation import phone

    curp, nss = made_up_curp(1, dt.date(2025, 1, 2)), made_up_nss(1)
    activate(None)
    for check, value in ((validate_person_id, curp), (validate_insurance_id, nss)):
        with pytest.raises(InputError, match="country pack"):
            check(value)
    with pytest.raises(InputError, match="country pack"):
        phone("442 123 4567")
    activate(country_pack("mx"))
    assert validate_person_id(curp) == curp and phone("442 123 4567") == "442 123 4567"
