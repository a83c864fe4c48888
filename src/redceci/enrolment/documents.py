"""What a family brings to the centre once a place is theirs, and what comes next after each
step, as data with its source (the pages and the confirmations read it)."""

from __future__ import annotations

from dataclasses import dataclass

#: Documents IMSS asks for to enrol a child in a guardería (domain-facts.md §2: consultaimss.com
#: "requisitos para inscribir niño"; operations-facts.md: admission medical exam and vaccination
#: card, theyucatantimes.com 2022/04). Each is (Spanish, English). The network administrator can
#: replace the tuple; the list shown is exactly this one.
ADMISSION_DOCUMENTS: tuple[tuple[str, str], ...] = (
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
ADMISSION_DOCUMENTS_SOURCE = (
    "consultaimss.com/guarderia/requisitos-para-inscribir-nino (domain-facts.md §2); "
    "theyucatantimes.com 2022/04 (operations-facts.md); the ID of authorised persons: "
    "the platform's pick-up list. ASSUMPTION where marked by those files as secondary sources"
)

#: Who may apply (domain-facts.md §2, elsoldepuebla.com.mx): children aged 43 days to 4 years
#: of workers insured under the régimen obligatorio, registered as beneficiaries; the right
#: lasts 4 weeks after losing coverage (Reglamento de guarderías, art. 3).
MIN_AGE_DAYS = 43
MAX_AGE_YEARS = 4


@dataclass(frozen=True)
class Step:
    """One thing that comes next: what happens, and when (Spanish, English)."""

    es: str
    en: str


def next_steps(event: str, *, offer_days: int) -> tuple[Step, ...]:
    """What happens after ``event`` (``applied``, ``placed``, ``accepted``, ``declined``,
    ``waitlisted``), in order."""
    steps = {
        "applied": (
            Step(
                "Su solicitud entra en la próxima ronda de asignación; los lugares se asignan por "
                "prioridades y un sorteo público.",
                "Your application joins the next assignment round; places are given by "
                "priorities and a public lottery.",
            ),
            Step(
                "Le avisaremos aquí el resultado. Si le ofrecen un lugar tendrá "
                f"{offer_days} días para aceptarlo.",
                f"The result will show here. If a place is offered you have {offer_days} days "
                "to accept it.",
            ),
            Step(
                "Mientras tanto, reúna los documentos de la lista.",
                "Meanwhile, gather the documents on the list.",
            ),
        ),
        "placed": (
            Step(
                f"Acepte o rechace el lugar antes de la fecha límite ({offer_days} días).",
                f"Accept or decline the place before the deadline ({offer_days} days).",
            ),
        ),
        "accepted": (
            Step(
                "Llame al centro o acuda en su horario para acordar el día de ingreso.",
                "Call or visit the centre during its hours to agree on the first day.",
            ),
            Step(
                "Lleve los documentos de la lista el día de la cita.",
                "Bring the documents on the list to the appointment.",
            ),
            Step(
                "El examen médico de admisión se hace antes del primer día.",
                "The admission medical examination takes place before the first day.",
            ),
        ),
        "declined": (
            Step(
                "El lugar pasa a la siguiente familia de la lista de espera.",
                "The place goes to the next family on the waitlist.",
            ),
            Step(
                "Sus otras solicitudes y su lugar en otras listas de espera siguen igual.",
                "Your other applications and waitlist places stay as they were.",
            ),
        ),
        "waitlisted": (
            Step(
                "Cuando se libere un lugar se ofrece a la primera niña o niño de la lista.",
                "When a place frees up it is offered to the first child on the list.",
            ),
        ),
    }
    return steps.get(event, ())
