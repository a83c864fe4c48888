"""The enrolment pages' messages (parents, directors, administrators), Spanish then English,
added to the shared catalogue (``web.i18n``) when the enrolment pages are imported."""

from __future__ import annotations

from redceci.web.i18n import register

MESSAGES: dict[str, tuple[str, str]] = {
    "my_family": ("Mi familia", "My family"),
    "family_ref": ("Referencia de la familia", "Family reference"),
    "open": ("Abrir", "Open"),
    "not_registered": (
        "Su familia aún no está registrada. Registre a madres, padres o tutores, a sus hijas e "
        "hijos y a quienes pueden recogerlos.",
        "Your family is not registered yet. Register the guardians, the children and who may "
        "pick them up.",
    ),
    "register_family": ("Registrar a la familia", "Register the family"),
    "edit_family": ("Datos de la familia", "Family details"),
    "apply": ("Solicitar lugar", "Apply for a place"),
    "offers": ("Lugares ofrecidos", "Places offered"),
    "room": ("Sala", "Room"),
    "answer_before": ("Responda antes del", "Answer before"),
    "accept": ("Aceptar", "Accept"),
    "decline": ("Rechazar", "Decline"),
    "children_places": ("Hijas e hijos", "Children"),
    "birth_date": ("Fecha de nacimiento", "Birth date"),
    "place": ("Lugar", "Place"),
    "no_place": ("Sin lugar", "No place"),
    "applications": ("Solicitudes", "Applications"),
    "start_date": ("Fecha de ingreso deseada", "Desired start date"),
    "ranked_centres": ("Centros en orden de preferencia", "Centres, best first"),
    "a_submitted": ("Enviada", "Submitted"),
    "a_placed": ("Con lugar", "Placed"),
    "a_waitlisted": ("En lista de espera", "Waitlisted"),
    "a_withdrawn": ("Reemplazada", "Replaced"),
    "a_ineligible": ("Sin derecho vigente", "Not entitled"),
    "no_applications": ("Aún no hay solicitudes.", "No applications yet."),
    "waitlist": ("Lista de espera", "Waitlist"),
    "child": ("Niña o niño", "Child"),
    "centre": ("Centro", "Centre"),
    "rank": ("Lugar en la lista", "Rank"),
    "no_waitlist": ("Ninguna hija o hijo está en lista de espera.", "No child is waitlisted."),
    "round_outcome": ("Resultado de la última asignación", "Outcome of the last round"),
    "placed_at": (
        "lugar en {centre}, sala {room} (opción {rank})",
        "placed at {centre}, room {room} (choice {rank})",
    ),
    "not_placed": ("sin lugar en esta asignación", "not placed in this round"),
    "lottery_seed": (
        "Número de sorteo de la familia: {lottery} (semilla publicada {seed}).",
        "Family lottery number: {lottery} (published seed {seed}).",
    ),
    "why_not_higher": ("¿Por qué no en una opción anterior?", "Why not a higher choice?"),
    "choice_n": ("Opción {n}", "Choice {n}"),
    "explain_row": (
        "{capacity} lugares, {applicants} solicitudes; su posición: {position}.",
        "{capacity} places, {applicants} applicants; your position: {position}.",
    ),
    "cutoff": (
        "Última admisión: prioridad «{rules}», sorteo {lottery}.",
        "Last admitted: priority “{rules}”, lottery {lottery}.",
    ),
    "no_priority": ("ninguna", "none"),
    "rule_sibling_enrolled": ("Hermana o hermano ya inscrito", "Sibling already enrolled"),
    "rule_child_disability": ("Niña o niño con discapacidad", "Child with a disability"),
    "rule_single_working_parent": ("Madre o padre solo que trabaja", "Single working parent"),
    "rule_sponsor_employee": (
        "Trabaja en la empresa patrocinadora",
        "Works for the sponsoring company",
    ),
    "rule_current_seat": ("Lugar actual", "Current place"),
    "past_offers": ("Ofertas anteriores", "Earlier offers"),
    "o_pending": ("Pendiente", "Pending"),
    "o_accepted": ("Aceptada", "Accepted"),
    "o_declined": ("Rechazada", "Declined"),
    "o_lapsed": ("Vencida", "Lapsed"),
    "guardians": ("Madres, padres o tutores", "Guardians"),
    "person_id_label": ("CURP", "CURP"),
    "insurance_id_label": ("NSS", "NSS"),
    "guardians_help": (
        "Al menos una persona con Número de Seguridad Social (NSS, 11 dígitos).",
        "At least one with a social-security number (NSS, 11 digits).",
    ),
    "employer": ("Empleador (RFC o registro patronal)", "Employer (RFC or IMSS registration)"),
    "works": ("Trabaja", "Works"),
    "children_legend": ("Hijas e hijos", "Children"),
    "disability": ("Tiene alguna discapacidad", "Has a disability"),
    "authorised": ("Personas autorizadas para recoger", "Authorised pick-up persons"),
    "authorised_help": (
        "Nombre, parentesco e identificación oficial (tipo y número) de quien puede recoger a las "
        "niñas y niños. Esa persona la mostrará al recogerlos; el centro le toma una foto la "
        "primera vez para compararla.",
        "Name, relationship and official ID (kind and number) of whoever may pick up the "
        "children. They show it at pick-up; the centre takes their photo the first time to "
        "compare.",
    ),
    "relationship": ("Parentesco", "Relationship"),
    "document_type": ("Identificación oficial", "Official ID"),
    "identification": ("Número de identificación", "ID number"),
    "id_doc_voter_id": ("Credencial para votar (INE)", "Voter card (INE)"),
    "id_doc_passport": ("Pasaporte", "Passport"),
    "id_doc_professional_id": ("Cédula profesional", "Professional licence"),
    "id_doc_military_id": ("Cartilla del Servicio Militar", "Military service card"),
    "id_doc_driving_licence": ("Licencia de conducir", "Driving licence"),
    "id_doc_residence_card": ("Tarjeta de residente", "Residence card"),
    "id_doc_other": ("Otra identificación oficial", "Other official ID"),
    "save": ("Guardar", "Save"),
    "centres_near": ("Centros cerca de casa o del trabajo", "Centres near home or work"),
    "mark_on_map": ("Marcar en el mapa", "Mark on the map"),
    "at_home": ("Casa", "Home"),
    "at_work": ("Trabajo", "Work"),
    "map_pick_help": (
        "Toque un centro para agregarlo a su lista; toque el mapa fuera de los centros para "
        "marcar su casa o su trabajo y ordenar los centros por distancia.",
        "Tap a centre to add it to your list; tap the map elsewhere to mark home or work and "
        "sort the centres by distance.",
    ),
    "free": ("Libres", "Free"),
    "no_centres_open": (
        "Ningún centro recibe solicitudes todavía.",
        "No centre takes applications yet.",
    ),
    "your_ranking": ("Su lista de centros", "Your ranking"),
    "ranking_help": (
        "Hasta {n} centros, el que más prefiere primero. Pedir más centros nunca le perjudica.",
        "Up to {n} centres, the one you prefer most first. Ranking more never hurts you.",
    ),
    "clear_ranking": ("Vaciar la lista", "Clear the list"),
    "together": ("Hermanas y hermanos en el mismo centro", "Siblings at the same centre"),
    "transfer": (
        "Cambiar de centro (se conserva el lugar actual si no hay uno preferido)",
        "Move centre (the current place is kept unless a preferred one is found)",
    ),
    "send_application": ("Enviar solicitud", "Send the application"),
    "err_guardian_name": ("Tutor {n}: falta el nombre.", "Guardian {n}: the name is missing."),
    "err_nss": (
        "Tutor {n}: el NSS «{nss}» no es válido (11 dígitos con dígito verificador).",
        "Guardian {n}: NSS “{nss}” is not valid (11 digits with a check digit).",
    ),
    "err_no_nss": (
        "Al menos una madre, padre o tutor necesita NSS.",
        "At least one guardian needs an NSS.",
    ),
    "err_child_name": ("Niña o niño {n}: falta el nombre.", "Child {n}: the name is missing."),
    "err_birth": (
        "Niña o niño {n}: la fecha de nacimiento falta o no es válida.",
        "Child {n}: the birth date is missing or not valid.",
    ),
    "err_curp": (
        "Niña o niño {n}: la CURP «{curp}» no es válida (formato o dígito verificador).",
        "Child {n}: CURP “{curp}” is not valid (format or check digit).",
    ),
    "err_curp_birth": (
        "Niña o niño {n}: la fecha de nacimiento no coincide con la de la CURP ({date}).",
        "Child {n}: the birth date differs from the CURP's ({date}).",
    ),
    "err_authorised": (
        "Persona autorizada {n}: se necesitan nombre, parentesco, tipo y número de identificación.",
        "Authorised person {n}: name, relationship, ID kind and ID number are needed.",
    ),
    "err_document_type": (
        "Persona autorizada {n}: elija el tipo de identificación de la lista.",
        "Authorised person {n}: choose the kind of ID from the list.",
    ),
    "err_no_guardian": ("Registre al menos a una madre, padre o tutor.", "Register a guardian."),
    "err_no_child": ("Registre al menos a una niña o niño.", "Register at least one child."),
    "err_field": ("Revise el campo {field}: {msg}", "Check the field {field}: {msg}"),
    "err_not_saved": ("No se guardó nada: {why}", "Nothing was saved: {why}"),
    "err_start": (
        "Indique la fecha de ingreso deseada.",
        "Give the desired start date.",
    ),
    "err_start_past": (
        "La fecha de ingreso no puede ser anterior a hoy ({today}).",
        "The start date cannot be before today ({today}).",
    ),
    "err_unknown_centre": ("El centro {id} no existe.", "Centre {id} does not exist."),
    "err_twice": ("Eligió un centro dos veces.", "A centre is ranked twice."),
    "err_no_choice": ("Elija al menos un centro.", "Rank at least one centre."),
    "err_too_many": (
        "Puede elegir como máximo {n} centro(s).",
        "You may rank at most {n} centre(s).",
    ),
    "err_no_rooms": (
        "El centro {id} no recibe solicitudes (no tiene salas).",
        "Centre {id} takes no applications (no rooms).",
    ),
    "err_age": (
        "La niña o niño con CURP {curp} no tiene edad para ninguna sala de los centros elegidos "
        "el {date}; cambie la fecha o los centros.",
        "The child with CURP {curp} fits no room of the ranked centres on {date}; change the "
        "date or the centres.",
    ),
    "err_not_sent": ("No se envió la solicitud: {why}", "The application was not sent: {why}"),
    "err_offer_closed": (
        "Esa oferta ya no está abierta (venció o ya fue respondida).",
        "That offer is no longer open (it lapsed or was answered).",
    ),
    "centre_enrolment": ("Inscripciones del centro", "Centre enrolment"),
    "no_centre_rooms": ("Sus centros aún no tienen salas.", "Your centres have no rooms yet."),
    "vacancies": ("Lugares por grupo de edad", "Places by age group"),
    "age_band": ("Edad", "Age"),
    "band": ("de {a} m {b} d a {c} m {d} d", "{a} m {b} d to {c} m {d} d"),
    "enrolled": ("Inscritos", "Enrolled"),
    "offers_pending": ("Ofertas pendientes", "Offers pending"),
    "waiting": ("En espera", "Waiting"),
    "moves_out_in": ("Salen / llegan en {days} días", "Out / in within {days} days"),
    "rosters": ("Listas por sala", "Rosters by room"),
    "since": ("Desde", "Since"),
    "upcoming_moves": ("Cambios de sala en {days} días", "Room moves within {days} days"),
    "from_room": ("De", "From"),
    "to_room": ("A", "To"),
    "ages_out": ("egresa", "ages out"),
    "no_moves": ("Ningún cambio de sala próximo.", "No room move coming up."),
    "enrolment_admin": ("Asignación de lugares", "Place assignment"),
    "priority_rules": ("Reglas de prioridad", "Priority rules"),
    "rules_help": (
        "Las reglas se aplican en orden (1 = la más importante); los empates se resuelven con un "
        "sorteo por familia cuya semilla se publica con cada asignación.",
        "Rules apply in order (1 = most important); ties are broken by a family lottery whose "
        "seed is published with each round.",
    ),
    "rules_saved": ("Reglas guardadas.", "Rules saved."),
    "rule": ("Regla", "Rule"),
    "order": ("Orden", "Order"),
    "not_used": ("No se usa", "Not used"),
    "max_choices": ("Centros que se pueden elegir", "Centres that may be ranked"),
    "offer_days": ("Días para responder una oferta", "Days to answer an offer"),
    "err_rule_order": (
        "Cada regla usada necesita un número de orden distinto.",
        "Each rule used needs a different order number.",
    ),
    "err_rule_limits": (
        "Centros que se pueden elegir: de 1 a 10; días para responder: de 1 a 60.",
        "Centres that may be ranked: 1 to 10; days to answer: 1 to 60.",
    ),
    "rounds": ("Asignaciones", "Rounds"),
    "new_round": ("Nueva asignación", "New round"),
    "round_help": (
        "Primero se calcula una vista previa; nada cambia para las familias hasta publicarla.",
        "A preview is computed first; nothing changes for families until it is published.",
    ),
    "seed_optional": ("Semilla del sorteo (vacía = al azar)", "Lottery seed (empty = random)"),
    "run_preview": ("Calcular vista previa", "Run a preview"),
    "seed": ("Semilla", "Seed"),
    "placed": ("Con lugar", "Placed"),
    "r_preview": ("Vista previa", "Preview"),
    "r_published": ("Publicada", "Published"),
    "no_rounds": ("Aún no hay asignaciones.", "No rounds yet."),
    "err_seed": (
        "La semilla debe ser un número entero entre 0 y 2^62.",
        "The seed must be a whole number from 0 to 2^62.",
    ),
    "round_n": ("Asignación {n}", "Round {n}"),
    "published_on": ("Publicada", "Published"),
    "blocking": ("Solicitudes bloqueantes", "Blocking bids"),
    "ineligible": ("Familias sin derecho vigente", "Families not entitled"),
    "seed_help": (
        "Con la misma semilla, reglas y solicitudes, cualquiera obtiene las mismas asignaciones.",
        "With the same seed, rules and applications anyone gets the same placements.",
    ),
    "publish_help": (
        "Publicar da los lugares, forma las listas de espera y envía las ofertas.",
        "Publishing gives the places, builds the waitlists and sends the offers.",
    ),
    "publish": ("Publicar", "Publish"),
    "err_publish": ("No se publicó: {why}", "Not published: {why}"),
    "download_csv": ("Descargar asignaciones (CSV)", "Download placements (CSV)"),
    "children_applying": ("Niñas y niños en la asignación", "Children in the round"),
    "first_choice": ("Primera opción", "First choice"),
    "top_three": ("Entre sus tres primeras", "Top three"),
    "unplaced": ("Sin lugar", "Unplaced"),
    "unplaced_by_state": (
        "Sin lugar, por estado de su primera opción",
        "Unplaced, by state of the first choice",
    ),
    "unplaced_by_age": ("Sin lugar, por edad", "Unplaced, by age"),
    "age_years": ("Edad (años) a la fecha de ingreso", "Age (years) on the start date"),
    "leaves": ("Registrar baja", "Record leaving"),
    "leaves_confirm": (
        "¿Registrar la baja de {name}? Su lugar se ofrecerá a quien sigue en la lista.",
        "Record that {name} leaves? The place will be offered to the next on the list.",
    ),
    "enrolment_rooms": ("Salas para inscripción", "Enrolment rooms"),
    "rooms_help": (
        "Una sala por grupo de edad, de la más joven a la mayor, sin huecos entre edades "
        "(cada sala empieza donde termina la anterior); la edad máxima no se incluye. "
        "Los lugares reservados son para la empresa patrocinadora de un CECI Empresa.",
        "One room per age group, youngest first, with no gaps between ages (each room starts "
        "where the previous one ends); the maximum age is excluded. Reserved places are for "
        "the sponsoring company of a CECI Empresa centre.",
    ),
    "from_age": ("Desde (edad)", "From (age)"),
    "to_age": ("Hasta (edad, sin incluir)", "To (age, excluded)"),
    "reserved": ("Reservados", "Reserved"),
    "months": ("meses", "months"),
    "days": ("días", "days"),
    "centre_without_rooms": ("Centro del registro sin salas", "Registry centre without rooms"),
    "err_room_numbers": (
        "Sala {n}: meses, días y lugares deben ser números enteros.",
        "Room {n}: months, days and places must be whole numbers.",
    ),
    "err_room_limits": (
        "Sala {n}: meses de 0 a 120, días de 0 a 60, lugares de 0 a 1000.",
        "Room {n}: months 0 to 120, days 0 to 60, places 0 to 1000.",
    ),
    "err_no_room": ("Registre al menos una sala.", "Register at least one room."),
    "err_rooms": ("No se guardaron las salas: {why}", "The rooms were not saved: {why}"),
}

register(MESSAGES)
