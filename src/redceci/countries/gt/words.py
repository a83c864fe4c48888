"""Guatemala's words on the pages: the catalogue's messages that name Mexico's institution,
documents or regions, said for SOSEP's CADI, IGSS, the CUI and the departamentos."""

from __future__ import annotations

#: key -> (Spanish, English), over ``web/i18n.MESSAGES`` and the capabilities' messages.
MESSAGES: dict[str, tuple[str, str]] = {
    "app": ("Red CADI", "CADI network"),
    "tagline": (
        "Planeación y operación de la red nacional de CADI (SOSEP)",
        "Planning and running SOSEP's national CADI network",
    ),
    "states": ("Departamentos (vacío = todo el país)", "Departments (empty = whole country)"),
    "state_min": ("Mínimo de centros por departamento", "Minimum centres by department"),
    "state_max": ("Máximo de centros por departamento", "Maximum centres by department"),
    "state": ("Departamento", "Department"),
    "pick_on_map": (
        "Haga clic en el mapa para fijar las coordenadas y el departamento.",
        "Click the map to set the coordinates and the department.",
    ),
    "by_state": ("Por departamento", "By department"),
    "coverage": (
        "Lugares por cada 100 niñas y niños en edad, por departamento",
        "Places per 100 children of age, by department",
    ),
    "layer_supply": ("Oferta existente (CADI, estimada)", "Existing supply (CADI, estimated)"),
    "eligible": ("Elegibles IGSS", "IGSS-eligible"),
    "service_what": (
        "Los Centros de Atención y Desarrollo Infantil (CADI) de la SOSEP cuidan y educan a "
        "niñas y niños mientras sus madres, padres o tutores trabajan.",
        "SOSEP's childcare centres (CADI) look after and teach young children while their "
        "parents or guardians work.",
    ),
    "service_who_text": (
        "Niñas y niños de {days} días de nacidos a {years} años, hijas e hijos de personas "
        "afiliadas al IGSS que trabajan. La plataforma mantiene el derecho {weeks} semanas "
        "después de perder el empleo.",
        "Children aged {days} days to {years} years whose parent or guardian works and is "
        "affiliated to IGSS. The platform keeps the right {weeks} weeks after losing the job.",
    ),
    "err_curp_birth": (
        "Niña o niño {n}: la fecha de nacimiento no coincide con la del CUI ({date}).",
        "Child {n}: the birth date differs from the CUI's ({date}).",
    ),
    "step_family": (
        "Registre a su familia: el CUI y la fecha de nacimiento de cada niña o niño y el número "
        "de afiliación IGSS de quien trabaja.",
        "Register your family: each child's CUI and birth date and the working guardian's IGSS "
        "affiliation number.",
    ),
    "act_claim": ("reclamó un CUI", "claimed a CUI"),
    "budget": ("Presupuesto (GTQ)", "Budget (GTQ)"),
    "costs": ("Costo de cada tamaño (GTQ)", "Cost of each size (GTQ)"),
    "cost": ("Costo (millones GTQ)", "Cost (million GTQ)"),
    "capital_mdp": ("Construcción millones de Q", "Capital Q million"),
    "running_mdp": ("Operación millones de Q", "Running Q million"),
    "short_budget": (
        "El presupuesto no alcanza para los {asked} lugares pedidos: {budget} millones de "
        "quetzales pagan {centres} centros de {size} lugares ({cost} millones cada uno), es "
        "decir {reachable} lugares.",
        "The budget does not reach the {asked} places asked for: {budget} million quetzales "
        "pay for {centres} centres of {size} places ({cost} million each), that is "
        "{reachable} places.",
    ),
    "budget_hint": (
        "En quetzales, con o sin separadores: 36,100,000,000 o 36,100 millones. Vacío: sin límite.",
        "In quetzales, with or without separators: 36,100,000,000 or 36,100 millones. Empty: "
        "no limit.",
    ),
    "service_title": ("El servicio de cuidado infantil CADI", "The CADI childcare service"),
    "rooms_help": (
        "Una sala por grupo de edad, de la más joven a la mayor, sin huecos entre edades (cada "
        "sala empieza donde termina la anterior); la edad máxima no se incluye. Los lugares "
        "reservados son para la empresa patrocinadora de un CADI Empresa.",
        "One room per age group, youngest first, with no gaps between ages (each room starts "
        "where the previous one ends); the maximum age is excluded. Reserved places are for the "
        "sponsoring company of a CADI Empresa centre.",
    ),
    "register_intro": (
        "Para madres, padres y tutores que quieren un lugar en un CADI. Le enviaremos un enlace "
        "a su correo para confirmarlo.",
        "For parents and guardians who want a place at a CADI. We will send a link to your "
        "e-mail to confirm it.",
    ),
    "privacy_summary": (
        "La SOSEP usa los datos de su familia solo para registrarla, verificar su derecho ante "
        "el IGSS, asignar lugares con las reglas publicadas y entregar a sus hijas e hijos a personas "
        "autorizadas. Puede descargarlos, corregirlos o pedir su cancelación.",
        "SOSEP uses your family's data only to register it, check entitlement with IGSS, "
        "assign places by the published rules and hand your children to authorised people. "
        "You may download, correct or ask to cancel it.",
    ),
    "guardians_help": (
        "Al menos una persona con número de afiliación al IGSS.",
        "At least one with an IGSS affiliation number.",
    ),
    "person_id_label": ("CUI", "CUI"),
    "maps_search_hint": (
        "Municipio o departamento (p. ej. Cobán, Alta Verapaz)",
        "Municipio or department (e.g. Cobán, Alta Verapaz)",
    ),
    "maps_attribution": (
        "MINFIN (límites), INE Censo 2018",
        "MINFIN (boundaries), INE Censo 2018",
    ),
    "employer": (
        "Empleador (NIT o número patronal del IGSS)",
        "Employer (NIT or IGSS employer number)",
    ),
    "privacy_pending_data": (
        "Datos que se registran: nombre y número de afiliación al IGSS de madres, padres o "
        "tutores; nombre, CUI y fecha de nacimiento de las niñas y niños; personas autorizadas "
        "para recogerlos. Puede descargarlos desde la página de su familia (Mis datos).",
        "Data recorded: guardians' names and IGSS affiliation numbers; the children's names, "
        "CUI and birth dates; the people authorised to collect them. You may download them "
        "from your family's page (My data).",
    ),
    "insurance_id_label": ("Afiliación IGSS", "IGSS affiliation"),
    "err_nss": (
        "Tutor {n}: el número de afiliación IGSS «{nss}» no es válido (6 a 11 dígitos).",
        "Guardian {n}: IGSS affiliation number “{nss}” is not valid (6 to 11 digits).",
    ),
    "err_no_nss": (
        "Al menos una madre, padre o tutor necesita número de afiliación IGSS.",
        "At least one guardian needs an IGSS affiliation number.",
    ),
    "err_curp": (
        "Niña o niño {n}: el CUI «{curp}» no es válido (13 dígitos, dígito verificador, "
        "departamento y municipio).",
        "Child {n}: CUI “{curp}” is not valid (13 digits, check digit, department and municipio).",
    ),
    "err_age": (
        "La niña o niño con CUI {curp} no tiene edad para ninguna sala de los centros elegidos "
        "el {date}; cambie la fecha o los centros.",
        "The child with CUI {curp} is of no room's age at the chosen centres on {date}; change "
        "the date or the centres.",
    ),
    "unplaced_by_state": (
        "Sin lugar, por departamento de su primera opción",
        "Unplaced, by department of first choice",
    ),
}
