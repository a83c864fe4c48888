"""Guatemala's pack: SOSEP's CADI network for IGSS-insured families, CUI identity, INE census
2018 by municipio with estimates for what it lacks (``estimates``), MINFIN boundaries."""

from __future__ import annotations

from redceci.countries.gt.calendar import holy_week
from redceci.countries.gt.data import SCHEMES, GuatemalaData
from redceci.countries.gt.identity import (
    made_up_cui,
    made_up_igss_number,
    validate_cui,
    validate_igss_number,
)
from redceci.countries.gt.money import planning_money
from redceci.countries.gt.words import MESSAGES
from redceci.countries.mx.operations import OPERATIONS as _CECI_OPERATIONS
from redceci.platform.country import (
    CountryPack,
    DemoSite,
    Eligibility,
    Holiday,
    IdentityRules,
    PackRule,
    PhoneRule,
    Words,
)
from redceci.platform.ratios import RatioPolicy, RatioRule
from redceci.platform.rooms import AgeLimit, Room, RoomScheme

__all__ = ["PACK"]

_SOSEP = (
    "SOSEP, Hogares Comunitarios/CADI programme profile (sosep.gob.gt/?page_id=405): a CADI "
    "takes 20 or more children, 10 children per madre cuidadora (reference file)"
)
#: The one room group: SOSEP gives one ratio for every age it takes (children under 7).
_GROUP = "multiedad"
_ROOMS = RoomScheme(
    (Room(_GROUP, AgeLimit(days=43), AgeLimit(months=48)),),
    source="ASSUMPTION: one multi-age room group, since SOSEP's only rule (10 children per "
    "madre cuidadora) does not vary with age and no CADI age groups are published; its ages "
    "are the eligibility window (43 days to 4 years, the CECI model replicated). " + _SOSEP,
)
#: SOSEP publishes no operations rules (drills, hours, pick-up, incidents, health filter) in
#: the data: the CECI model's, replicated with it, each marked as such.


def _replicated(source: object) -> str:
    return f"ASSUMPTION: CECI model defaults until SOSEP publishes its own (the CECI's: {source})"


def _replicated_value(value: object) -> object:
    """A rule's value with the source of each of its items (the health filter's) marked."""
    if isinstance(value, list):
        return [
            {**item, "source": _replicated(item["source"])}
            if isinstance(item, dict) and "source" in item
            else item
            for item in value
        ]
    return value


_OPERATIONS = {
    key: PackRule(_replicated_value(rule.value), _replicated(rule.source))
    for key, rule in _CECI_OPERATIONS.items()
}
_LABOUR = "Código de Trabajo de Guatemala, art. 127 (días de asueto con goce de salario)"

PACK = CountryPack(
    code="gt",
    name="Guatemala",
    words=Words(
        country="Guatemala",
        institution="SOSEP",
        institution_long="Secretaría de Obras Sociales (SOSEP)",
        insurer="IGSS",
        programme="CADI",
        centre_type="Centro de Atención y Desarrollo Infantil",
        centre_type_en="Child Care and Development Centre",
        region="departamento",
        region_en="department",
        regions="departamentos",
        municipality="municipio",
        person_id="CUI",
        insurance_id="número de afiliación IGSS",
        currency="GTQ",
        currency_symbol="Q",
        currency_name="quetzales",
        currency_name_en="quetzales",
        currency_millions="millones de Q",
        currency_millions_en="Q million",
        supply_name="CADI y Hogares Comunitarios (SOSEP, estimados)",
        providers="proveedores",
        plan_title=("Plan nacional de CADI — Guatemala", "National CADI plan — Guatemala"),
        programme_title=("Programa de CADI — Guatemala", "CADI programme — Guatemala"),
        centres_en="Child Care and Development Centres (CADI)",
        schemes=SCHEMES,
        demo_domain="demo.redceci.gt",
    ),
    timezone="America/Guatemala",
    eligibility=Eligibility(
        age_min_days=43,
        age_max_years=4.0,
        insurer="IGSS",
        source="ASSUMPTION: SOSEP replicates the CECI model, so its window (43 days to 4 years) "
        "is kept; CADI today take children under 7 (SOSEP profile). Override with "
        "[demand] age_min_days / age_max_years",
    ),
    identity=IdentityRules(
        person_id="CUI",
        validate_person_id=validate_cui,
        person_id_source="RENAP CUI: 8-digit serial, mod-11 check digit, departamento, "
        "municipio (countries/gt/identity)",
        insurance_id="número de afiliación IGSS",
        validate_insurance_id=validate_igss_number,
        insurance_id_source="ASSUMPTION: 6 to 11 digits, no published check digit",
        made_up_person_id=made_up_cui,
        made_up_insurance_id=made_up_igss_number,
    ),
    phone=PhoneRule(
        national_digits=8,
        calling_code="502",
        example="5123 4567",  # made up
        source="SIT (Superintendencia de Telecomunicaciones), national numbering plan: "
        "8-digit national numbers; ITU-T E.164 country code 502",
    ),
    rooms=_ROOMS,
    # The registry's groups are the same one: SOSEP publishes no CADI age groups (the data's
    # programme profile gives one ratio for every child under 7).
    room_groups=_ROOMS,
    ratios=RatioPolicy(
        rules=(RatioRule(_GROUP, AgeLimit(days=0), AgeLimit(months=84), 10, _SOSEP),),
        leads_per_room=0,
        mixing="strictest",
        source=_SOSEP,
    ),
    holidays=(
        Holiday(1, 1, "Año Nuevo", _LABOUR),
        Holiday(5, 1, "Día del Trabajo", _LABOUR),
        Holiday(6, 30, "Día del Ejército", _LABOUR),
        Holiday(9, 15, "Día de la Independencia", _LABOUR),
        Holiday(10, 20, "Día de la Revolución", _LABOUR),
        Holiday(11, 1, "Día de Todos los Santos", _LABOUR),
        Holiday(12, 25, "Navidad", _LABOUR),
    ),
    movable_holidays=holy_week,  # Jueves y Viernes Santo (art. 127)
    data=GuatemalaData(),
    demo_region="09",  # Quetzaltenango: families apart from the demo centre's region (01)
    demo_site=DemoSite(  # at the municipio de Guatemala's centroid (census file)
        centre_code="DEMO-01-001",
        centre_name="CADI Demo Guatemala",
        organisation="Empresa Demo, S.A. (sintética / synthetic)",
        region_code="01",
        region_name="Guatemala",
        municipality="0101",
        lat=14.63543,
        lon=-90.47942,
        coordinator="coordinacion.01",
        region_label="región / region",
        serve_families=1000,  # a SYNTHETIC enrolment demo from its census on every serve
    ),
    messages=MESSAGES,
    inherited_note=(  # the planning parameters it has no source of its own for
        "Heredado del paquete de México (fuente: {source}), no verificado para Guatemala",
        "inherited from the Mexican pack (source: {source}), not verified for Guatemala",
    ),
    operations=_OPERATIONS,
    # Costs, salaries and budgets in quetzales: the CECI model's pesos converted (gt/money).
    planning_money=planning_money(),
    # No front-of-pack seal rule: the menus keep the CECI model's other rules (no added sugar,
    # no sweeteners, no NOVA-4 product), which already refuse most sealed products.
    front_of_pack=PackRule(
        None,
        "ASSUMPTION: no front-of-pack warning law in force in Guatemala was found (the shared "
        "data has none; the Central American labelling regulation RTCA 67.01.07:10 sets no "
        "warning seals), so none is applied; a pack may add one as Mexico's NOM-051",
    ),
    # No vaccination schedule and no admission documents: neither MSPAS's schedule nor SOSEP's
    # list is in the shared data (data/guatemala/SOURCES.md); health records show no status and
    # families are told the centre will say what to bring, until a source is added here.
    vaccines=None,
    admission_documents=(),
    notes={
        "estimates": "children 0-4, employed women, IGSS-insured people and CADI places are "
        "estimated per municipio from national figures (countries/gt/estimates); a counts "
        "file (--counts-file) replaces them",
        "resolution": "one demand unit and one candidate site per municipio, at its centroid",
    },
)
