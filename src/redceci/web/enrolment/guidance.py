"""Messages that guide parents through first use: the public service page, the confirmations
with folio and next steps, the documents, the centre's contacts and the offers' questions,
Spanish then English, added to the shared catalogue on import."""

from __future__ import annotations

from redceci.web.i18n import register

MESSAGES: dict[str, tuple[str, str]] = {
    "service_title": ("El servicio de guardería CECI", "The CECI childcare service"),
    "service_what": (
        "Los Centros de Educación y Cuidado Infantil (CECI) del IMSS cuidan y educan a niñas y "
        "niños mientras sus madres, padres o tutores trabajan. El servicio no tiene costo para "
        "las familias con derecho.",
        "IMSS's childcare centres (CECI) look after and teach young children while their "
        "parents or guardians work. The service is free for entitled families.",
    ),
    "service_who": ("¿Quién puede usarlo?", "Who can use it?"),
    "service_who_text": (
        "Niñas y niños de {days} días de nacidos a {years} años, hijas e hijos de personas "
        "aseguradas en el IMSS que trabajan, dados de alta como beneficiarios en su Unidad de "
        "Medicina Familiar. El derecho sigue {weeks} semanas después de perder el empleo.",
        "Children aged {days} days to {years} years whose parent or guardian works and is "
        "insured by IMSS, registered as beneficiaries at their family medicine unit. The right "
        "lasts {weeks} weeks after losing the job.",
    ),
    "service_documents_when": (
        "Se entregan en el centro cuando la familia acepta un lugar.",
        "They are handed in at the centre once the family accepts a place.",
    ),
    "service_how": ("¿Cómo se asignan los lugares?", "How are places given?"),
    "service_how_1": (
        "Usted elige hasta {n} centros en orden de preferencia.",
        "You choose up to {n} centres in order of preference.",
    ),
    "service_how_2": (
        "Si hay más solicitudes que lugares en una sala, pasan primero las familias con "
        "prioridad, en este orden:",
        "When a room has more applicants than places, families with a priority go first, in "
        "this order:",
    ),
    "service_how_3": (
        "Entre familias con la misma prioridad decide un sorteo: a cada familia le toca un "
        "número al azar (hermanas y hermanos comparten el suyo, para quedar juntos). El sorteo "
        "se hace con un número público, así cualquiera puede repetirlo y comprobarlo.",
        "Among families with the same priority a lottery decides: each family gets a random "
        "number (siblings share theirs, to stay together). The lottery uses a published "
        "number, so anyone can repeat and check it.",
    ),
    "service_how_4": (
        "Cada niña o niño recibe el mejor lugar posible entre los centros que eligió; nadie "
        "pierde un lugar por haber puesto antes otro centro.",
        "Each child gets the best place possible among the centres chosen; nobody loses a "
        "place for having ranked another centre first.",
    ),
    "service_how_5": (
        "Si no hay lugar, queda en lista de espera y puede ver su turno. Cuando le ofrecen un "
        "lugar tiene {days} días para aceptarlo.",
        "Without a place, the child waits on a list and you can see the turn. When a place is "
        "offered you have {days} days to accept it.",
    ),
    "service_start": ("Para empezar", "To start"),
    "no_priority_rules": ("Sin prioridades: solo el sorteo.", "No priorities: only the lottery."),
    # confirmations
    "confirmation": ("Confirmación", "Confirmation"),
    "applied_title": ("Recibimos su solicitud", "We received your application"),
    "accepted_title": ("Aceptó el lugar", "You accepted the place"),
    "declined_title": ("Rechazó el lugar", "You declined the place"),
    "documents_to_bring": ("Documentos que debe llevar", "Documents to bring"),
    "documents_ask_centre": (
        "El centro le dirá qué documentos llevar cuando acepte un lugar.",
        "The centre will tell you which documents to bring when you accept a place.",
    ),
    "centre_contact": ("Datos del centro", "The centre's details"),
    "hours": ("Horario", "Opening hours"),
    "not_given": ("sin dato", "not given"),
    "back_to_family": ("Volver a mi familia", "Back to my family"),
    "sent_on": ("Fecha", "Date"),
    # offers
    "confirm_accept_title": ("¿Aceptar este lugar?", "Accept this place?"),
    "confirm_accept_lead": (
        "Al aceptar, {child} ocupará este lugar y su solicitud queda cerrada para este lugar.",
        "By accepting, {child} takes this place and the application closes for it.",
    ),
    "siblings_split": (
        "Atención: con este lugar sus hijas e hijos quedarían en centros distintos ({centres}).",
        "Note: with this place your children would be at different centres ({centres}).",
    ),
    "yes_accept": ("Sí, aceptar el lugar", "Yes, accept the place"),
    "cancel": ("Cancelar", "Cancel"),
    "lottery_plain": (
        "Número de sorteo de su familia: {lottery} (entre familias con la misma prioridad, "
        "pasa primero el número más bajo).",
        "Your family's lottery number: {lottery} (among families with the same priority, the "
        "lowest number goes first).",
    ),
    "lottery_seed_detail": (
        "El sorteo usó el número público {seed}; con él cualquiera puede repetirlo.",
        "The lottery used the published number {seed}; anyone can repeat it with it.",
    ),
    "guardian_phone": ("Teléfono", "Phone"),
    "no_rooms_yet": (
        "Este centro aún no tiene salas para inscripción: sin salas no recibe solicitudes.",
        "This centre has no enrolment rooms yet: without rooms it takes no applications.",
    ),
    "set_rooms_now": ("Definir las salas", "Set the rooms"),
    "now_at": ("Ahora: {centre} · {room}", "Now: {centre} · {room}"),
    "no_longer_placed": ("Ya no tiene este lugar", "No longer holds this place"),
    "lottery_how": ("¿Cómo se hizo el sorteo?", "How was the lottery drawn?"),
    "err_guardian_phone": (
        "Tutor {n}: escriba un teléfono de {digits} dígitos; el centro llama a este número.",
        "Guardian {n}: write a {digits}-digit phone number; the centre calls this number.",
    ),
}

register(MESSAGES)
