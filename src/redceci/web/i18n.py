"""The pages' message catalogue: Spanish first, English on request (``?lang=en`` or the cookie).

Shared keys live here; a capability may keep its pages' keys beside them (``web/<capability>/
messages.py``) and ``register`` them when its package is imported."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.requests import Request

LANGS = ("es", "en")
LANG_COOKIE = "lang"

#: key -> (Spanish, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app": ("Red CECI", "CECI network"),
    "tagline": (
        "Planeación y operación de la red nacional de CECI",
        "Planning and running the national CECI network",
    ),
    "login": ("Entrar", "Sign in"),
    "logout": ("Salir", "Sign out"),
    "email": ("Correo electrónico", "E-mail"),
    "password": ("Contraseña", "Password"),
    "wrong_login": ("Correo o contraseña incorrectos.", "Wrong e-mail or password."),
    "home": ("Inicio", "Home"),
    "scenarios": ("Escenarios", "Scenarios"),
    "proposals": ("Propuestas", "Proposals"),
    "dashboard": ("Tablero", "Dashboard"),  # national, or the caller's scope (issue 14)
    "registry": ("Registro de centros", "Centres registry"),
    "code": ("Clave", "Code"),
    "operator": ("Operador", "Operator"),
    "address": ("Domicilio", "Address"),
    "rooms": ("Salas", "Rooms"),
    "age_group": ("Grupo de edad", "Age group"),
    "pipeline": ("Etapas", "Pipeline"),
    "next_stage": ("Siguiente etapa", "Next stage"),
    "effective_on": ("Fecha", "Date"),
    "note": ("Nota", "Note"),
    "move_on": ("Registrar etapa", "Record the stage"),
    "import": ("Importar CSV", "Import CSV"),
    "import_help": (
        "Columnas: code, name, scheme, operator, state, lat, lon, status, status_since; "
        "opcionales: municipality, address, phone, hours, organisation_id, lactantes, maternales, preescolar. "
        "Se guardan todas las filas o ninguna.",
        "Columns: code, name, scheme, operator, state, lat, lon, status, status_since; "
        "optional: municipality, address, phone, hours, organisation_id, lactantes, maternales, preescolar. "
        "All rows are stored, or none.",
    ),
    "imported": ("Se registraron {n} centros.", "{n} centres were registered."),
    "import_failed": (
        "El archivo tiene errores; no se guardó nada.",
        "The file has errors; nothing was stored.",
    ),
    "row": ("Fila", "Row"),
    "column": ("Columna", "Column"),
    "problem": ("Problema", "Problem"),
    "audit": ("Bitácora", "Audit log"),
    "entity": ("Objeto", "Entity"),
    "when": ("Cuándo", "When"),
    "who": ("Quién", "Who"),
    "action": ("Acción", "Action"),
    "system": ("sistema", "system"),
    "filter": ("Filtrar", "Filter"),
    "news": ("Novedades de sus propuestas", "News on your proposals"),
    "updated": ("Actualizada", "Updated"),
    "welcome": ("Bienvenida, {name}", "Welcome, {name}"),
    "your_roles": ("Sus funciones", "Your roles"),
    "nothing_here": (
        "Sus funciones no dan acceso a páginas de esta versión.",
        "Your roles give no access to the pages of this version.",
    ),
    "error": ("Error", "Error"),
    "back": ("Volver", "Back"),
    "new_scenario": ("Nuevo escenario", "New scenario"),
    "name": ("Nombre", "Name"),
    "centres": ("Centros", "Centres"),
    "places": ("Lugares", "Places"),
    "budget": ("Presupuesto (MXN)", "Budget (MXN)"),
    "states": ("Estados (vacío = todo el país)", "States (empty = whole country)"),
    "state_min": ("Mínimo de centros por estado", "Minimum centres by state"),
    "state_max": ("Máximo de centros por estado", "Maximum centres by state"),
    "must_keep": (
        "Sitios que deben quedarse (ID del sitio=lugares)",
        "Sites that must stay (site ID=places)",
    ),
    "catchment": ("Área de influencia (minutos)", "Catchment (minutes)"),
    "sizes": ("Tamaños de centro (lugares)", "Centre sizes (places)"),
    "costs": ("Costo de cada tamaño (MXN)", "Cost of each size (MXN)"),
    "model_default": (
        "Vacíos, se usan los valores del modelo",
        "Left empty, the model's values are used",
    ),
    "use_registry": (
        "Usar el registro de centros (operando = oferta; aprobados = se conservan)",
        "Use the centres registry (operating = supply; approved = kept)",
    ),
    "run": ("Ejecutar", "Run"),
    "status": ("Estado", "Status"),
    "created": ("Creado", "Created"),
    "progress": ("Avance", "Progress"),
    "queued": ("En cola", "Queued"),
    "running": ("En proceso", "Running"),
    "succeeded": ("Listo", "Done"),
    "failed": ("Falló", "Failed"),
    "no_scenarios": ("Aún no hay escenarios.", "No scenarios yet."),
    "result": ("Resultado", "Result"),
    "cost": ("Costo (millones MXN)", "Cost (million MXN)"),
    "served": ("Niñas y niños atendidos", "Children served"),
    "gap": ("Brecha de optimalidad certificada", "Certified optimality gap"),
    "method": ("Método", "Method"),
    "compare": ("Comparar escenarios", "Compare scenarios"),
    "exports": ("Descargas", "Downloads"),
    "layers": ("Capas", "Layers"),
    "layer_demand": ("Demanda sin lugar", "Unmet demand"),
    "layer_deserts": ("Demanda en desiertos de cuidado", "Demand in care deserts"),
    "layer_supply": ("Oferta existente (guarderías)", "Existing supply (childcare)"),
    "layer_sites": ("Sitios elegidos", "Chosen sites"),
    "layer_polos": ("Polos de bienestar", "Polos"),
    "layer_parks": ("Parques industriales", "Industrial parks"),
    "map_hint": (
        "Toque o haga clic en un punto para ver sus cifras.",
        "Tap or click a mark to see its figures.",
    ),
    "sites_table": ("Sitios elegidos", "Chosen sites"),
    "site": ("Sitio", "Site"),
    "scheme": ("Esquema", "Scheme"),
    "occupancy": ("Ocupación esperada", "Expected occupancy"),
    "new_proposal": ("Proponer un sitio", "Propose a site"),
    "site_name": ("Nombre del sitio", "Site name"),
    "organisation": ("Organización", "Organisation"),
    "state": ("Estado", "State"),
    "lat": ("Latitud", "Latitude"),
    "lon": ("Longitud", "Longitude"),
    "pick_on_map": (
        "Haga clic en el mapa para fijar las coordenadas y el estado.",
        "Click the map to set the coordinates and the state.",
    ),
    "plot_m2": ("Superficie del terreno (m²)", "Plot size (m²)"),
    "employees": ("Personas empleadas", "Employees"),
    "shifts": ("Turnos", "Shifts"),
    "submit": ("Enviar", "Submit"),
    "no_proposals": ("Aún no hay propuestas.", "No proposals yet."),
    "needs_analysis": ("Análisis automático de necesidades", "Automatic needs analysis"),
    "analysing": ("Analizando el sitio…", "Analysing the site…"),
    "analysis_failed": ("El análisis falló", "The analysis failed"),
    "plan_fit": ("Encaje con el plan vigente", "Fit with the current plan"),
    "plan_fit_text": (
        "El sitio elegido más cercano del escenario #{id} «{name}» es {site}, a {km} km.",
        "The nearest chosen site of scenario #{id} “{name}” is {site}, {km} km away.",
    ),
    "within": (
        "La propuesta cae dentro de su área de influencia.",
        "The proposal lies within its catchment.",
    ),
    "outside": (
        "La propuesta queda fuera de su área de influencia: atendería demanda nueva.",
        "The proposal lies outside its catchment: it would serve new demand.",
    ),
    "reviews": ("Historial de revisión", "Review history"),
    "no_reviews": ("Sin revisiones todavía.", "No reviews yet."),
    "review": ("Revisar", "Review"),
    "comment": ("Comentario", "Comment"),
    "decision": ("Decisión", "Decision"),
    "only_comment": ("Sólo comentar", "Comment only"),
    "revise": ("Atender los cambios solicitados", "Answer the requested changes"),
    "registered_centre": ("Centro registrado", "Registered centre"),
    "p_submitted": ("Enviada", "Submitted"),
    "p_in_review": ("En revisión", "In review"),
    "p_changes_requested": ("Cambios solicitados", "Changes requested"),
    "p_approved": ("Aprobada", "Approved"),
    "p_rejected": ("Rechazada", "Rejected"),
    "goals": ("Avance hacia las metas 2030", "Progress towards the 2030 goals"),
    "goal_centres": ("Centros (meta 1,000)", "Centres (goal 1,000)"),
    "goal_places": ("Lugares (meta 500,000)", "Places (goal 500,000)"),
    "deserts_remaining": (
        "Niñas y niños en desiertos de cuidado",
        "Children in care deserts",
    ),
    "over_time": (
        "Centros que cuentan para la meta, al cierre de cada mes",
        "Centres counting towards the goal, at the end of each month",
    ),
    "by_state": ("Por estado", "By state"),
    "by_scheme": ("Por esquema", "By scheme"),
    "by_polo": ("Por polo de bienestar (a 25 km o menos)", "By polo (within 25 km)"),
    "by_status": ("Por etapa", "By stage"),
    "coverage": (
        "Lugares por cada 100 niñas y niños en edad, por estado",
        "Places per 100 children of eligible age, by state",
    ),
    "coverage_note": (
        "Análisis de necesidades del modelo: guarderías existentes (DENUE) y centros operando "
        "del registro, entre niñas y niños de 43 días a 4 años (Censo 2020).",
        "The model's needs analysis: existing childcare (DENUE) and operating registered "
        "centres, over children aged 43 days to 4 years (2020 census).",
    ),
    "children": ("Niñas y niños en edad", "Children of eligible age"),
    "c_proposed": ("Propuesto", "Proposed"),
    "c_approved": ("Aprobado", "Approved"),
    "c_under_construction": ("En construcción", "Under construction"),
    "c_operating": ("Operando", "Operating"),
    "c_closed": ("Cerrado", "Closed"),
    "eligible": ("Elegibles IMSS", "IMSS-eligible"),
    "per_100": ("Lugares por 100", "Places per 100"),
    "deserts_children": ("Niñas y niños en desiertos", "Children in deserts"),
    "counted": (
        "Cuentan los centros aprobados, en construcción y operando.",
        "Approved, under construction and operating centres count.",
    ),
    "language": ("English", "Español"),
    # nutrition_health (the pages' other messages: web/nutrition_health/messages.py)
    "nutrition_menus": ("Menús", "Menus"),
    "centre_health_nav": ("Salud y cocina", "Health and kitchen"),
    "network_health_nav": ("Nutrición y salud", "Nutrition and health"),
    "family_health_nav": ("Salud de mis hijos", "My children's health"),
    # -- hardening: sign-in form, privacy notice, ARCO requests ---------------------------------
    "login_form_expired": (
        "El formulario caducó; vuelva a escribir sus datos.",
        "The form expired; enter your details again.",
    ),
    "privacy_title": ("Aviso de privacidad", "Privacy notice"),
    "privacy_summary": (
        "El IMSS usa los datos de su familia solo para registrarla, verificar su derecho, asignar "
        "lugares con las reglas publicadas y entregar a sus hijas e hijos a personas autorizadas. "
        "Puede descargarlos, corregirlos o pedir su cancelación (derechos ARCO, LGPDPPSO).",
        "IMSS uses your family's data only to register it, check entitlement, assign places by "
        "the published rules and hand your children to authorised people. You may download, "
        "correct or ask to cancel it (ARCO rights, LGPDPPSO).",
    ),
    "privacy_read": ("Leer el aviso de privacidad", "Read the privacy notice"),
    "my_data": ("Mis datos", "My data"),
    "my_data_intro": (
        "Todo lo que la plataforma guarda sobre su familia. Puede descargarlo o presentar una "
        "solicitud; la respuesta llega en un máximo de 20 días hábiles.",
        "Everything the platform holds on your family. Download it or file a request; the "
        "answer comes within 20 working days.",
    ),
    "download_json": ("Descargar (JSON)", "Download (JSON)"),
    "arco_request": ("Presentar una solicitud", "File a request"),
    "arco_rectification": ("Rectificación (corregir un dato)", "Rectification (correct data)"),
    "arco_cancellation": ("Cancelación (borrar mis datos)", "Cancellation (erase my data)"),
    "arco_opposition": ("Oposición (dejar de usarlos)", "Opposition (stop using it)"),
    "arco_detail": ("¿Qué dato y por qué?", "Which data, and why?"),
    "arco_sent": ("Solicitud recibida.", "Request received."),
    "arco_requests": ("Sus solicitudes", "Your requests"),
    # planning: the plot registry and the programme by year
    "plots": ("Predios", "Plots"),
    "new_plot": ("Registrar un predio", "Register a plot"),
    "register_plot": ("Registrar predio", "Register plot"),
    "plot_name": ("Nombre del predio", "Plot name"),
    "municipality": ("Municipio", "Municipality"),
    "plot_area": ("Superficie (m²)", "Area (m²)"),
    "owner_kind": ("Quién lo ofrece", "Offered by"),
    "owner_name": ("Propietario o donante", "Owner or donor"),
    "owner_municipality": ("Municipio", "Municipality"),
    "owner_state": ("Gobierno estatal", "State government"),
    "owner_company": ("Empresa", "Company"),
    "owner_other": ("Otro", "Other"),
    "offered_on": ("Ofrecido el", "Offered on"),
    "documents": ("Documentos", "Documents"),
    "documents_help": (
        "Uno por línea: nombre | referencia (escritura | folio 123)",
        "One a line: name | reference (deed | folio 123)",
    ),
    "plot_offered": ("Ofrecido", "Offered"),
    "plot_validated": ("Validado", "Validated"),
    "plot_donated": ("Donado", "Donated"),
    "plot_under_construction": ("En construcción", "Under construction"),
    "plot_operating": ("En operación", "Operating"),
    "plot_rejected": ("Rechazado", "Rejected"),
    "site_report": ("Reporte del sitio", "Site report"),
    "land_check": ("¿Cabe el centro?", "Does the centre fit?"),
    "best_size": ("Tamaño recomendado (lugares)", "Best size (places)"),
    "places_filled": ("Lugares que llenaría", "Places it would fill"),
    "min_area": ("Superficie mínima para ese tamaño (m²)", "Minimum area for that size (m²)"),
    "area_enough": ("La superficie alcanza", "The area is enough"),
    "largest_fitting": ("Mayor tamaño que cabe (lugares)", "Largest size that fits (places)"),
    "in_desert": ("En desierto de cuidado", "In a care desert"),
    "area_short": ("superficie insuficiente", "area too small"),
    "yes": ("sí", "yes"),
    "no": ("no", "no"),
    "all": ("Todos", "All"),
    "history": ("Historial", "History"),
    "no_plots": ("Aún no hay predios.", "No plots yet."),
    "land_gaps": ("Terreno faltante", "Land gaps"),
    "sites_without_land": ("Sitios planeados sin terreno", "Planned sites without land"),
    "gaps_of_scenario": (
        "Escenario {id}: {with} sitios con un predio a {km} km o menos; {without} sin terreno.",
        "Scenario {id}: {with} sites with a plot within {km} km; {without} without land.",
    ),
    "no_scenario_for_gaps": (
        "No hay un escenario terminado que comparar con los predios.",
        "No finished scenario to compare with the plots.",
    ),
    "plots_in_deserts": (
        "Predios ofrecidos en desiertos de cuidado",
        "Offered plots in care deserts",
    ),
    "no_plots_in_deserts": (
        "Ningún predio ofrecido está en un desierto.",
        "No offered plot lies in a desert.",
    ),
    "programme_by_year": ("Programa por año", "Programme by year"),
    "programme_option": (
        "Programar por año (2026-2030) con los predios registrados",
        "Phase by year (2026-2030) with the registered plots",
    ),
    "year": ("Año", "Year"),
    "opening": ("Abren", "Opening"),
    "open_centres": ("Abiertos", "Open"),
    "women_central": ("Mujeres (central)", "Women (central)"),
    "capital_mdp": ("Construcción MDP", "Capital MDP"),
    "running_mdp": ("Operación MDP", "Running MDP"),
    "programme_gap": ("Brecha certificada del programa", "Programme's certified gap"),
}

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "administrator": ("Administración", "Administrator"),
    "national_planner": ("Planeación nacional", "National planner"),
    "state_coordinator": ("Coordinación estatal", "State coordinator"),
    "partner": ("Organización socia", "Partner organisation"),
    "centre_director": ("Dirección de centro", "Centre director"),
    "centre_staff": ("Personal de centro", "Centre staff"),
    "parent": ("Madre, padre o tutor", "Parent"),
    # nutrition_health
    "nutritionist": ("Nutrición", "Nutritionist"),
    "medical_staff": ("Servicio médico del centro", "Centre medical staff"),
}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add a capability's page messages (kept beside its pages) to the catalogue; a key defined
    twice is a programming error."""
    clash = sorted(MESSAGES.keys() & messages.keys())
    if clash:
        raise ValueError(f"message keys defined twice: {', '.join(clash)}")
    MESSAGES.update(messages)


def lang_of(request: Request) -> str:
    """``?lang=`` first, then the cookie, then Spanish."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGS:
            return str(value)
    return "es"


def translator(
    lang: str, overlay: Mapping[str, tuple[str, str]] | None = None
) -> Callable[..., str]:
    """``t(key, **fields)`` in ``lang``; an unknown key is shown as itself. ``overlay``: the
    country pack's words for the keys that name an institution, a document or a region."""
    index = LANGS.index(lang) if lang in LANGS else 0
    words = overlay or {}

    def t(key: str, **fields: object) -> str:
        pair = words.get(key) or MESSAGES.get(key) or ROLE_LABELS.get(key)
        text = pair[index] if pair else key
        return text.format(**fields) if fields else text

    return t
