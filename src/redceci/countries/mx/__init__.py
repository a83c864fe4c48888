"""Mexico's pack: IMSS's CECI network, CURP and NSS identity, INEGI census 2020 by locality
and AGEB, DENUE guarderías, PODECOBI polos and industrial parks."""

from __future__ import annotations

from datetime import date

from redceci.countries.mx import documents
from redceci.countries.mx.calendar import mexican_holidays
from redceci.countries.mx.data import SCHEMES, MexicoData
from redceci.countries.mx.identity import (
    CURP_STATES,
    curp_birth_date,
    made_up_curp,
    made_up_nss,
    validate_curp,
    validate_nss,
)
from redceci.countries.mx.nutrition import FRONT_OF_PACK
from redceci.countries.mx.operations import OPERATIONS
from redceci.countries.mx.ratios import RATIOS
from redceci.countries.mx.rooms import ROOM_GROUPS, ROOMS
from redceci.countries.mx.vaccines import CNV_2023
from redceci.planning.parameters import DemandParameters
from redceci.platform.country import (
    CountryPack,
    DemoSite,
    Eligibility,
    Holiday,
    IdentityRules,
    PhoneRule,
    Words,
)

__all__ = ["PACK"]


def _made_up_curp(serial: int, birth: date, region: str, girl: bool) -> str:
    return made_up_curp(serial, birth, CURP_STATES[int(region) - 1], "M" if girl else "H")


_LFT = "Ley Federal del Trabajo, art. 74 (días de descanso obligatorio)"
_DEMAND = DemandParameters.model_fields

PACK = CountryPack(
    code="mx",
    name="México",
    words=Words(
        country="México",
        institution="IMSS",
        institution_long="Instituto Mexicano del Seguro Social (IMSS)",
        insurer="IMSS",
        programme="CECI",
        centre_type="Centro de Educación y Cuidado Infantil",
        centre_type_en="Early Education and Childcare Centre",
        region="estado",
        region_en="state",
        regions="estados",
        municipality="municipio",
        person_id="CURP",
        insurance_id="NSS",
        currency="MXN",
        currency_symbol="$",
        currency_name="pesos",
        currency_name_en="pesos",
        currency_millions="MDP",  # millones de pesos
        currency_millions_en="MDP",
        supply_name="guarderías (DENUE)",
        providers="guarderías",
        plan_title=("Plan nacional de CECI", "National CECI plan"),
        programme_title=(
            "Programa nacional de CECI 2026-2030",
            "National CECI programme 2026-2030",
        ),
        centres_en="childcare centres (CECI)",
        schemes=SCHEMES,
        demo_domain="demo.redceci.mx",
    ),
    timezone="America/Mexico_City",
    eligibility=Eligibility(
        age_min_days=int(_DEMAND["age_min_days"].default),
        age_max_years=float(_DEMAND["age_max_years"].default),
        insurer="IMSS",
        source="IMSS CECI: 43 days to 4 years (planning/parameters.py, DemandParameters)",
    ),
    identity=IdentityRules(
        person_id="CURP",
        validate_person_id=validate_curp,
        person_id_source="Instructivo Normativo para la Asignación de la CURP (DOF 18/10/2021)",
        insurance_id="NSS",
        validate_insurance_id=validate_nss,
        insurance_id_source="IMSS NSS, Luhn check digit (countries/mx/identity)",
        made_up_person_id=_made_up_curp,
        made_up_insurance_id=made_up_nss,
        birth_date_of=curp_birth_date,
    ),
    phone=PhoneRule(
        national_digits=10,
        calling_code="52",
        example="442 123 4567",  # made up, Querétaro's area code
        source="IFT, national numbering plan: 10-digit national numbers since 2019",
    ),
    rooms=ROOMS,  # lactantes, maternales (IMSS guardería practice)
    room_groups=ROOM_GROUPS,  # lactantes, maternales, preescolar (the registry's)
    ratios=RATIOS,
    holidays=(
        Holiday(1, 1, "Año Nuevo", _LFT),
        Holiday(5, 1, "Día del Trabajo", _LFT),
        Holiday(9, 16, "Día de la Independencia", _LFT),
        Holiday(12, 25, "Navidad", _LFT),
    ),
    movable_holidays=mexican_holidays,  # the Mondays and the change of government (LFT art. 74)
    vaccines=CNV_2023,
    admission_documents=documents.DOCUMENTS,
    admission_documents_source=documents.SOURCE,
    data=MexicoData(),
    demo_region="22",
    demo_site=DemoSite(
        centre_code="DEMO-19-001",
        centre_name="CECI Demo Apodaca",
        organisation="Parque Industrial Demo, S.A. de C.V.",
        region_code="19",
        region_name="Nuevo León",
        municipality="19006",
        lat=25.7818,
        lon=-100.1883,
        coordinator="coordinacion.nl",
        region_label="estado",
        serve_families=0,  # the enrolment demo on request (`redceci enrolment demo`)
    ),
    operations=OPERATIONS,
    front_of_pack=FRONT_OF_PACK,  # NOM-051 seals refused in the menus  # drills, hours, pick-up, incidents, health filter (IMSS sources)
    notes={"resolution": "localities split over urban AGEBs (≈88,000 demand units)"},
)
