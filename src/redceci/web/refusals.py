"""The services' refusals in the page's language: their English shapes ("no centre 999",
"your roles do not allow centres:write") translated, and their bilingual ``"español /
English"`` messages split, for the error pages and the forms."""

from __future__ import annotations

import re

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
