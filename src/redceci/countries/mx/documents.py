"""What a family brings to an IMSS centre once a place is theirs (the pack's
``admission_documents``), with the source of the list."""

from __future__ import annotations

__all__ = ["DOCUMENTS", "SOURCE"]

#: Documents IMSS asks for to enrol a child in a guardería (domain-facts.md §2: consultaimss.com
#: "requisitos para inscribir niño"; operations-facts.md: admission medical exam and vaccination
#: card, theyucatantimes.com 2022/04). Each is (Spanish, English). The pages show exactly this
#: list.
DOCUMENTS: tuple[tuple[str, str], ...] = (
    (
        "Constancia de vigencia de derechos del IMSS de quien trabaja",
        "IMSS proof of current entitlement (vigencia de derechos) of the working guardian",
    ),
    (
        "Carta de la empresa con horario, días de descanso y vacaciones",
        "Employer's letter with working hours, rest days and holidays",
    ),
    ("Acta de nacimiento de la niña o el niño", "The child's birth certificate"),
    ("CURP de la niña o el niño", "The child's CURP"),
    (
        "Alta de la niña o el niño como beneficiario en su Unidad de Medicina Familiar",
        "The child's registration as a beneficiary at the family medicine unit (UMF)",
    ),
    ("Examen médico de admisión", "Admission medical examination"),
    ("Cartilla Nacional de Vacunación", "National vaccination card"),
    (
        "Identificación oficial de quienes recogerán a la niña o el niño",
        "Official ID of the people who will pick the child up",
    ),
)
SOURCE = (
    "consultaimss.com/guarderia/requisitos-para-inscribir-nino (domain-facts.md §2); "
    "theyucatantimes.com 2022/04 (operations-facts.md); the ID of authorised persons: "
    "the platform's pick-up list. ASSUMPTION where marked by those files as secondary sources"
)
