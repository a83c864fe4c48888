"""What comes next after each step of a family's application, as data (the pages and the
confirmations read it); the documents to bring are the country pack's."""

from __future__ import annotations

from dataclasses import dataclass


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
