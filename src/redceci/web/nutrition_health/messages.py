"""The nutrition and health pages' messages (Spanish, English), kept beside the pages; the shared
catalogue (``web.i18n``) answers every other key."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from redceci.web.i18n import LANGS, translator

MESSAGES: dict[str, tuple[str, str]] = {
    "menus": ("Menús", "Menus"),
    "menu": ("Menú", "Menu"),
    "new_menu": ("Nuevo menú de 4 semanas", "New 4-week menu"),
    "from_sample": ("Partir del menú de muestra", "Start from the sample menu"),
    "empty_menu": ("Empezar vacío", "Start empty"),
    "menu_name": ("Nombre del menú", "Menu name"),
    "starts_on": ("Inicia (lunes)", "Starts (Monday)"),
    "state_scope": ("Estado (vacío: nacional)", "State (empty: national)"),
    "national": ("Nacional", "National"),
    "status_draft": ("Borrador", "Draft"),
    "status_published": ("Publicado", "Published"),
    "status_retired": ("Retirado", "Retired"),
    "stage": ("Etapa", "Stage"),
    "week": ("Semana", "Week"),
    "weekdays": (
        "Lunes,Martes,Miércoles,Jueves,Viernes",
        "Monday,Tuesday,Wednesday,Thursday,Friday",
    ),
    "meal_breakfast": ("Desayuno", "Breakfast"),
    "meal_morning_snack": ("Colación matutina", "Morning snack"),
    "meal_lunch": ("Comida", "Lunch"),
    "meal_afternoon_snack": ("Colación vespertina", "Afternoon snack"),
    "save_week": ("Guardar semana", "Save week"),
    "saved": ("Guardado.", "Saved."),
    "dish_refused": ("Platillo rechazado", "Dish refused"),
    "violations": (
        "Reglas incumplidas: el menú no puede publicarse",
        "Broken rules: the menu cannot be published",
    ),
    "no_violations": ("El menú cumple todas las reglas.", "The menu keeps every rule."),
    "publish": ("Publicar", "Publish"),
    "publish_check": ("Revisar y publicar", "Review and publish"),
    "conflicts": (
        "El cambio crea conflictos con alergias de niñas y niños inscritos",
        "The change creates conflicts with enrolled children's allergies",
    ),
    "confirm_conflicts": (
        "Entiendo: la cocina servirá las sustituciones",
        "Understood: the kitchen will serve the substitutions",
    ),
    "published_ok": ("Menú publicado.", "Menu published."),
    "kitchen": ("Cocina", "Kitchen"),
    "kitchen_sheet": ("Hoja de cocina", "Kitchen sheet"),
    "expected": ("Esperados", "Expected"),
    "enrolled": ("Inscritos", "Enrolled"),
    "absent": ("Ausentes avisados", "Notified absences"),
    "dish": ("Platillo", "Dish"),
    "portions": ("Porciones", "Portions"),
    "cooked_g": ("Cocido (g)", "Cooked (g)"),
    "to_buy": ("Comprar (g)", "To buy (g)"),
    "substitutions": ("Sustituciones por alergia o dieta", "Allergy and diet substitutions"),
    "instead": ("En lugar de", "Instead of"),
    "serve": ("Servir", "Serve"),
    "no_substitute": (
        "Sin receta sustituta: preparar sin el ingrediente y avisar al servicio médico",
        "No substitute recipe: prepare without the ingredient and tell the medical staff",
    ),
    "purchases": ("Lista de compras de la semana", "Week's purchase list"),
    "ingredient": ("Ingrediente", "Ingredient"),
    "no_menu": ("No hay menú publicado para este centro.", "No menu is published for this centre."),
    "health": ("Salud", "Health"),
    "child_health": ("Salud de la niña o el niño", "Child's health"),
    "growth": ("Crecimiento", "Growth"),
    "measure": ("Registrar medición", "Record a measurement"),
    "measured_on": ("Fecha", "Date"),
    "weight_kg": ("Peso (kg)", "Weight (kg)"),
    "length_cm": ("Longitud o talla (cm)", "Length or height (cm)"),
    "position": ("Posición", "Position"),
    "lying": ("Acostado", "Lying"),
    "standing": ("De pie", "Standing"),
    "by_age": ("Según la edad", "By age"),
    "flags": ("Alertas", "Flags"),
    "chart_weight": ("Peso para la edad (OMS)", "Weight-for-age (WHO)"),
    "chart_length": ("Longitud/talla para la edad (OMS)", "Length/height-for-age (WHO)"),
    "vaccines": ("Vacunas", "Vaccines"),
    "record_dose": ("Registrar dosis de la cartilla", "Record a dose from the card"),
    "due": ("Fecha debida", "Due"),
    "given_on": ("Aplicada", "Given"),
    "overdue_list": ("Vacunas atrasadas", "Overdue vaccines"),
    "reminder": ("Recordatorio para la familia", "Reminder for the family"),
    "allergies": ("Alergias y dietas", "Allergies and diets"),
    "add_restriction": ("Registrar alergia o dieta", "Record an allergy or diet"),
    "document": ("Documento médico", "Medical document"),
    "development": ("Desarrollo", "Development"),
    "referrals": ("Canalizaciones", "Referrals"),
    "medication": ("Medicamentos", "Medication"),
    "children": ("Niñas y niños", "Children"),
    "centre_health": ("Salud del centro", "Centre health"),
    "network_health": ("Nutrición y salud de la red", "Network nutrition and health"),
    "synthetic_note": ("Datos SINTÉTICOS de demostración", "SYNTHETIC demo data"),
    "save": ("Guardar", "Save"),
    "status": ("Estado", "Status"),
    "flag_stunting": ("talla baja", "stunting"),
    "flag_severe_stunting": ("talla baja severa", "severe stunting"),
    "flag_wasting": ("emaciación", "wasting"),
    "flag_severe_wasting": ("emaciación severa", "severe wasting"),
    "flag_underweight": ("bajo peso", "underweight"),
    "flag_overweight": ("sobrepeso", "overweight"),
    "flag_obesity": ("obesidad", "obesity"),
    "dose_given": ("aplicada", "given"),
    "dose_due": ("toca ahora", "due now"),
    "dose_overdue": ("atrasada", "overdue"),
    "dose_upcoming": ("próxima", "upcoming"),
    "unverified": ("[sin verificar contra la cartilla]", "[not yet checked against the card]"),
    "no_vaccine_schedule": (
        "No hay un esquema de vacunación registrado para este país: la plataforma no lleva "
        "las vacunas.",
        "No vaccination schedule is on record for this country: the platform does not keep "
        "vaccines.",
    ),
    "alerts_today": ("Alertas de alergia de hoy", "Today's allergy alerts"),
    "baseline": ("Referencia nacional", "National baseline"),
    "suppression": (
        "Celdas con menos de {n} niñas y niños no se muestran (control de revelación estadística).",
        "Cells with fewer than {n} children are not shown (statistical disclosure control).",
    ),
    "menus_compliant": ("Menús que cumplen las reglas", "Menus keeping the rules"),
    "served_safely": (
        "Comidas a niñas y niños con alergia servidas sin reacción",
        "Meals served to children with allergies without a reaction",
    ),
    "served_safely_detail": (
        "{meals} comidas a {children} niñas y niños con alergia en los últimos {days} días, "
        "{reactions} con reacción alérgica; {unrecorded} reacciones en niñas y niños sin "
        "alergia registrada",
        "{meals} meals to {children} children with allergies in the last {days} days, "
        "{reactions} with an allergic reaction; {unrecorded} reactions in children with no "
        "allergy on record",
    ),
    "served_safely_none": (
        "Aún no hay comidas registradas de niñas y niños con alergia en los últimos {days} días",
        "No meals of children with allergies recorded in the last {days} days yet",
    ),
    "by_state": ("Por estado", "By state"),
    "by_centre": ("Por centro", "By centre"),
    "state": ("Estado", "State"),
    "centre": ("Centro", "Centre"),
    "age_months": ("Edad (meses)", "Age (months)"),
    "vaccination_coverage": ("Esquema al día", "Vaccines up to date"),
    "months": ("meses", "months"),
    "answer_yes": ("Sí", "Yes"),
    "answer_not_yet": ("Todavía no", "Not yet"),
    "answer_unsure": ("No sé", "Not sure"),
    "answer_all": ("Responda cada indicador.", "Answer every milestone."),
    "flagged_domains": ("Áreas señaladas para canalización", "Domains flagged for referral"),
    "checklist": ("Indicadores del desarrollo", "Milestone checklist"),
    "doses_given": ("dosis dadas", "doses given"),
    "give_now": ("Registrar dosis dada ahora", "Log a dose given now"),
    "medicine": ("Medicamento", "Medicine"),
    "dose": ("Dosis", "Dose"),
    "times": ("Horarios (HH:MM, separados por coma)", "Times (HH:MM, comma separated)"),
    "ends_on": ("Termina", "Ends"),
    "guardian": ("Madre, padre o tutor que autoriza", "Authorising guardian"),
    "authorise": ("Registrar autorización escrita", "Record the written authorisation"),
    "my_children": ("Salud de mis hijas e hijos", "My children's health"),
}


def nh_translator(
    lang: str, overlay: Mapping[str, tuple[str, str]] | None = None
) -> Callable[..., str]:
    """``t(key, **fields)``: the country pack's words (``overlay``) first, then these messages,
    then the shared catalogue."""
    index = LANGS.index(lang) if lang in LANGS else 0
    words = overlay or {}
    shared = translator(lang, words)

    def t(key: str, **fields: object) -> str:
        pair = words.get(key) or MESSAGES.get(key)
        if pair is None:
            return shared(key, **fields)
        return pair[index].format(**fields) if fields else pair[index]

    return t
