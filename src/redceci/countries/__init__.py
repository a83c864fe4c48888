"""The country packs and their registry: ``country_pack("mx")``, ``country_pack("gt")``.

Each pack (a sub-package named by its ISO 3166-1 code) builds one
:class:`~redceci.platform.country.CountryPack`; ``docs/country-packs.md`` says how to add one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from redceci.enrolment.identity import use_identity
from redceci.errors import InputError
from redceci.nutrition_health.rules import menu_rules_for, use_menu_rules
from redceci.platform.country import CountryPack
from redceci.platform.rooms import use_room_groups
from redceci.platform.validation import use_phone_digits
from redceci.platform.vocabulary import use_schemes

__all__ = ["CODES", "activate", "country_pack"]


def _mexico() -> CountryPack:
    from redceci.countries.mx import PACK

    return PACK


def _guatemala() -> CountryPack:
    from redceci.countries.gt import PACK

    return PACK


#: Every pack by its code; the first is the default.
_PACKS: dict[str, Callable[[], CountryPack]] = {"mx": _mexico, "gt": _guatemala}
CODES = tuple(_PACKS)


@cache
def country_pack(code: str) -> CountryPack:
    """The pack of ``code`` (``mx``, ``gt``), or an :class:`InputError` listing the known ones."""
    try:
        build = _PACKS[code.lower()]
    except KeyError as exc:
        raise InputError(
            f"unknown country {code!r}; known: {', '.join(CODES)} (--country, REDCECI_COUNTRY)"
        ) from exc
    return build()


def activate(pack: CountryPack | None) -> None:
    """Make ``pack``'s rules the process's, where a value is checked without a request to ask
    (a deployment serves one country): its identity documents, its phone numbers, its rooms'
    age groups, its centres' schemes and its menu rules (front-of-pack seals). None puts back the defaults. The composition roots call it once from the
    settings' country."""
    use_identity(None if pack is None else pack.identity)
    use_phone_digits(None if pack is None else pack.phone.national_digits)
    use_room_groups(None if pack is None else pack.room_groups)
    use_schemes(None if pack is None else pack.words.schemes)
    use_menu_rules(None if pack is None else menu_rules_for(pack))
