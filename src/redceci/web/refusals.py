"""The services' refusals in the page's language: their English shapes ("no centre 999",
"your roles do not allow centres:write") translated, and their bilingual ``"español /
English"`` messages split, for the error pages and the forms."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from redceci.web.i18n import register, translator

#: What a thing is called in each language (the services name them in English).
THINGS: dict[str, tuple[str, str]] = {
    "centre": ("el centro", "centre"),
    "offer": ("la oferta", "offer"),
    "family": ("la familia", "family"),
    "proposal": ("la propuesta", "proposal"),
    "scenario": ("el escenario", "scenario"),
    "plot": ("el predio", "plot"),
    "user": ("la persona usuaria", "user"),
    "round": ("la ronda", "round"),
    "child": ("la niña o el niño", "child"),
    "enrolment": ("la inscripción", "enrolment"),
    "menu": ("el menú", "menu"),
    "token": ("la clave de acceso", "token"),
    "claim": ("la revisión de CURP", "claim"),
}
#: What each permission lets a person do, for "your roles do not allow …".
ACTIONS: dict[str, tuple[str, str]] = {
    "users:manage": ("administrar cuentas", "manage accounts"),
    "audit:read": ("leer la bitácora", "read the audit log"),
    "centres:read": ("consultar el registro de centros", "read the centres registry"),
    "centres:write": ("modificar el registro de centros", "change the centres registry"),
    "scenarios:read": ("consultar escenarios", "read scenarios"),
    "scenarios:run": ("ejecutar escenarios", "run scenarios"),
    "proposals:read": ("consultar propuestas", "read proposals"),
    "proposals:submit": ("enviar propuestas", "submit proposals"),
    "proposals:review": ("revisar propuestas", "review proposals"),
    "enrolment:apply": ("solicitar lugares para una familia", "apply for a family"),
    "enrolment:centre": ("administrar la inscripción de un centro", "run a centre's enrolment"),
    "enrolment:manage": ("administrar rondas y reglas", "manage rounds and rules"),
    "plots:read": ("consultar predios", "read plots"),
    "plots:register": ("registrar predios", "register plots"),
    "plots:review": ("revisar predios", "review plots"),
}
register(
    {
        "err_not_found_thing": ("No existe {thing} {id}.", "There is no {thing} {id}."),
        "err_roles": (
            "Sus roles no le permiten {action}.",
            "Your roles do not allow you to {action}.",
        ),
        "err_family_not_found": ("No existe la familia {ref}.", "There is no family {ref}."),
    }
)


def pick(pair: tuple[str, str], lang: str) -> str:
    """The Spanish or the English of a pair."""
    return pair[1] if lang == "en" else pair[0]


def said(message: str, lang: str) -> str:
    """A service's refusal in the page's language: known English shapes are translated; a
    bilingual ``"español / English"`` message gives its half; anything else is kept."""
    t = translator(lang)
    found = re.fullmatch(r"no (\w+) '?([^']*)'?", message)
    if found and found.group(1) in THINGS:
        thing = pick(THINGS[found.group(1)], lang)
        return t("err_not_found_thing", thing=thing, id=found.group(2))
    found = re.fullmatch(r"your roles do not allow (\S+)", message)
    if found:
        action = ACTIONS.get(found.group(1), (found.group(1), found.group(1)))
        return t("err_roles", action=pick(action, lang))
    parts = message.split(" / ")
    if len(parts) == 2:
        return parts[1] if lang == "en" else parts[0]
    return message


#: Pydantic's error types, said plainly.
INPUT_PROBLEMS: dict[str, tuple[str, str]] = {
    "int_parsing": ("no es un número entero", "is not a whole number"),
    "int_type": ("no es un número entero", "is not a whole number"),
    "int_from_float": ("no es un número entero", "is not a whole number"),
    "float_parsing": ("no es un número", "is not a number"),
    "float_type": ("no es un número", "is not a number"),
    "finite_number": ("no es un número finito", "is not a finite number"),
    "less_than_equal": ("es demasiado grande (máximo {le})", "is too large (at most {le})"),
    "less_than": ("es demasiado grande (menos de {lt})", "is too large (under {lt})"),
    "greater_than_equal": ("es demasiado pequeño (mínimo {ge})", "is too small (at least {ge})"),
    "greater_than": ("debe ser mayor que {gt}", "must be greater than {gt}"),
    "string_too_long": ("es demasiado largo", "is too long"),
    "string_too_short": ("está vacío", "is empty"),
    "too_long": ("tiene demasiados elementos", "has too many items"),
    "missing": ("falta", "is missing"),
    "date_from_datetime_parsing": ("no es una fecha AAAA-MM-DD", "is not a YYYY-MM-DD date"),
    "date_parsing": ("no es una fecha AAAA-MM-DD", "is not a YYYY-MM-DD date"),
}
#: Field names as forms label them.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "centres": ("Centros", "Centres"),
    "places": ("Lugares", "Places"),
    "budget": ("Presupuesto", "Budget"),
    "catchment_minutes": ("Minutos de traslado", "Travel minutes"),
    "sizes": ("Tamaños", "Sizes"),
    "costs": ("Costos", "Costs"),
    "name": ("Nombre", "Name"),
    "states": ("Estados", "States"),
}


def field_problems(errors: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """Pydantic's errors (``exc.errors()``) as "Field: problem" lines in the page's language."""
    lines = []
    for err in errors[:10]:
        loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
        name = loc[-1] if loc else ""
        label = pick(FIELD_NAMES[name], lang) if name in FIELD_NAMES else name
        pair = INPUT_PROBLEMS.get(str(err.get("type")))
        if pair is None:
            problem = said(str(err.get("msg", "")).removeprefix("Value error, "), lang)
        else:
            try:
                problem = pick(pair, lang).format(**(err.get("ctx") or {}))
            except (KeyError, IndexError):
                problem = pick(pair, lang)
        lines.append(f"{label}: {problem}" if label else problem)
    return lines
