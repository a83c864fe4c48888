"""The country pack's interface: everything national the core reads, and nothing more.

A pack (``redceci.countries.<code>``) fills a :class:`CountryPack`: the names the pages and
reports show (:class:`Words`), the eligibility rule (:class:`Eligibility`), identity documents
and their validation (:class:`IdentityRules`), a new centre's rooms by age and the
staff-to-child ratio policy, the time zone,
currency and fixed-date public holidays, and its data adapters (:class:`CountryData`: the files
that become the planning model's frames). The core (planning, enrolment, operations, the
platform) is given a pack, never a country's name; ``tests/test_seam.py`` scans it to keep it
so and ``tests/countries/test_contract.py`` checks every pack against this interface.
``docs/country-packs.md`` says how to write a pack for a third country.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from redceci.platform.ratios import RatioPolicy
from redceci.platform.rooms import RoomScheme
from redceci.platform.vaccines import Schedule

__all__ = [
    "CountryData",
    "CountryPack",
    "DataFileCheck",
    "DemoSite",
    "Eligibility",
    "Estimate",
    "Holiday",
    "IdentityRules",
    "PackRule",
    "PhoneRule",
    "PlanningInputs",
    "Words",
]


@dataclass(frozen=True)
class Words:
    """The names a country's pages, commands and reports show (proper nouns stay as they are
    in both languages; ``*_en`` fields give the English of common nouns)."""

    country: str  # "México", "Guatemala"
    institution: str  # who runs the network: "IMSS", "SOSEP"
    institution_long: str
    insurer: str  # who insures the working parents: "IMSS", "IGSS"
    programme: str  # the centres' short name: "CECI", "CADI"
    centre_type: str  # "Centro de Educación y Cuidado Infantil"
    centre_type_en: str
    region: str  # first administrative level, singular: "estado", "departamento"
    region_en: str
    regions: str  # plural: "estados", "departamentos"
    municipality: str  # second level: "municipio"
    person_id: str  # a child's identity document: "CURP", "CUI"
    insurance_id: str  # the insured parent's number: "NSS", "número de afiliación IGSS"
    currency: str  # ISO 4217: "MXN", "GTQ"
    currency_symbol: str  # "$", "Q"
    currency_name: str  # the unit in words, plural: "pesos", "quetzales"
    currency_name_en: str
    currency_millions: str  # millions of the unit in a column header: "MDP", "millones de Q"
    currency_millions_en: str
    supply_name: str  # the existing care counted as supply: "guarderías (DENUE)", "CADI"
    providers: str  # the existing providers in a sentence, plural: "guarderías", "proveedores"
    #: The reports' titles, (Spanish, English): a national plan's and a phased programme's.
    plan_title: tuple[str, str]
    programme_title: tuple[str, str]
    centres_en: str  # the centres in the reports' English: "childcare centres (CECI)"
    #: The network's schemes, direct provision first, then with employers (the planning
    #: sites' and the centres registry's vocabulary, up to 32 characters each).
    schemes: tuple[str, ...]
    demo_domain: str  # the e-mail domain of the demo accounts

    def __post_init__(self) -> None:
        empty = [k for k, v in vars(self).items() if not v]
        if empty:
            raise ValueError(f"country words must not be empty: {', '.join(empty)}")

    @property
    def direct_scheme(self) -> str:
        """The scheme of centres the institution runs itself ("CECI IMSS", "CADI SOSEP")."""
        return self.schemes[0]

    @property
    def employer_scheme(self) -> str:
        """The scheme of centres run with an employer ("CECI Empresa", "CADI Empresa")."""
        return self.schemes[-1]

    def money_name(self, lang: str) -> str:
        """The currency's unit in words, in ``lang`` ("pesos", "quetzales")."""
        return self.currency_name_en if lang == "en" else self.currency_name

    def money_millions(self, lang: str) -> str:
        """Millions of the currency in a header, in ``lang`` ("MDP", "millones de Q")."""
        return self.currency_millions_en if lang == "en" else self.currency_millions


@dataclass(frozen=True)
class Eligibility:
    """Who a centre admits: the age window and the insurer whose insured workers' children it
    serves, with the source of each."""

    age_min_days: int
    age_max_years: float
    insurer: str
    source: str

    def __post_init__(self) -> None:
        if not (0 <= self.age_min_days < 365 * self.age_max_years):
            raise ValueError("eligibility: the youngest age must be below the oldest")


@dataclass(frozen=True)
class IdentityRules:
    """A country's identity documents: a child's personal identifier and the insured parent's
    number, each validated (check digit included) to a clean form or an ``InputError``."""

    person_id: str
    validate_person_id: Callable[[str], str]
    person_id_source: str
    insurance_id: str
    validate_insurance_id: Callable[[str], str]
    insurance_id_source: str
    #: SYNTHETIC identifiers of nobody for demos and tests: a child's (serial, birth date,
    #: region code of birth, girl) and an insured parent's (serial), right format and checks.
    made_up_person_id: Callable[[int, date, str, bool], str]
    made_up_insurance_id: Callable[[int], str]
    #: The birth date a valid identifier encodes, if it encodes one (CURP does, CUI does not).
    birth_date_of: Callable[[str], date] | None = None


@dataclass(frozen=True)
class PhoneRule:
    """A country's phone numbers: ``national_digits`` digits (a number written with the
    country's calling code, or a foreign one, up to E.164's 15), an example the forms show
    (made up, in the country's format) and the numbering plan's source."""

    national_digits: int
    calling_code: str  # ITU-T E.164: "52", "502"
    example: str
    source: str

    def __post_init__(self) -> None:
        if not 4 <= self.national_digits <= 15:
            raise ValueError("a national phone number has 4 to 15 digits")
        if sum(ch.isdigit() for ch in self.example) != self.national_digits:
            raise ValueError(f"phone example {self.example!r} must have the national digits")


@dataclass(frozen=True)
class PackRule:
    """One rule a country sets, as a deployment would write it in its settings (a number,
    a time "HH:MM", a list or a table), with its source."""

    value: object
    source: str

    def __post_init__(self) -> None:
        if not self.source:
            raise ValueError("a country's rule needs its source (or ASSUMPTION)")


@dataclass(frozen=True)
class DemoSite:
    """The made-up operating centre, its partner organisation and the state coordinator's
    region that ``redceci serve`` creates with the demo accounts (nobody real), and how many
    SYNTHETIC families it loads."""

    centre_code: str
    centre_name: str
    organisation: str
    region_code: str
    region_name: str
    municipality: str
    lat: float
    lon: float
    #: The region's coordinator account (its e-mail's local part: "coordinacion.nl") and how
    #: the account's scope names the region ("estado", "región / region").
    coordinator: str
    region_label: str
    #: SYNTHETIC families ``redceci serve`` loads unless ``--demo-families`` says otherwise.
    serve_families: int


@dataclass(frozen=True)
class Holiday:
    """A fixed-date public holiday (month, day) with its legal source; movable ones (Easter
    week, Monday-observed days) are the pack's calendar's to add each year."""

    month: int
    day: int
    name: str
    source: str

    def on(self, year: int) -> date:
        return date(year, self.month, self.day)


@dataclass(frozen=True)
class Estimate:
    """A figure a pack estimates instead of reading (the data has no municipal count of it):
    the parameter, its value, how it is used, its source, and how a user replaces it."""

    name: str
    value: float
    description: str
    source: str
    replaced_by: str
    #: Municipalities where a user's counts file replaced the estimate (0: estimated everywhere).
    replaced_in: int = 0


@dataclass(frozen=True)
class PlanningInputs:
    """The frames a pack's data adapter gives the planning workflow (columns as in
    ``docs/country-packs.md``): municipalities, demand units with eligibility, the existing
    supply, candidate sites, employment poles and insured workers, plus what was estimated."""

    municipalities: pd.DataFrame
    units: pd.DataFrame
    supply: Sequence[pd.DataFrame]
    candidates: Sequence[pd.DataFrame]
    polos: pd.DataFrame
    insured: pd.DataFrame
    estimates: tuple[Estimate, ...] = ()


@dataclass(frozen=True)
class DataFileCheck:
    """``data check``'s line for one file: present, rows, SHA-256, contents readable."""

    filename: str
    ok: bool
    rows: int | None
    sha256: str | None
    message: str


@runtime_checkable
class CountryData(Protocol):
    """A pack's data adapters: its files turned into the frames the core uses."""

    def read_inputs(
        self,
        data_dir: Path,
        *,
        model: Any,
        estimates: Mapping[str, float],
        counts_file: Path | None,
    ) -> PlanningInputs:
        """Everything planning needs, read from ``data_dir`` (``model``: the planning model's
        parameters; ``estimates``: overrides of the pack's estimation parameters;
        ``counts_file``: a user's real counts replacing estimates)."""
        ...

    def read_units(self, data_dir: Path, *, model: Any, region: str | None) -> pd.DataFrame:
        """The demand units with eligibility of one region (``code``) or all: what the
        SYNTHETIC enrolment demo draws families from."""
        ...

    def read_regions(self, data_dir: Path) -> pd.DataFrame:
        """The first administrative level: ``code`` (2 digits) and ``name``."""
        ...

    def read_boundaries(self, data_dir: Path, level: str) -> dict[str, Any]:
        """Boundaries of ``estados`` (regions) or ``municipios`` as a GeoJSON
        FeatureCollection whose features carry the ``CVEGEO`` key of the core's frames."""
        ...

    def check(self, data_dir: Path) -> list[DataFileCheck]:
        """Every file of the pack: present, rows, SHA-256, contents read by its reader."""
        ...

    def sources(self) -> list[tuple[str, str, str]]:
        """(file name, description, official source) of every file."""
        ...


@dataclass(frozen=True)
class CountryPack:
    """Everything national, in one value."""

    code: str  # ISO 3166-1 alpha-2, lower case
    name: str
    words: Words
    timezone: str
    eligibility: Eligibility
    identity: IdentityRules
    #: Phone numbers: how many digits, and the example the forms show.
    phone: PhoneRule
    #: A new centre's rooms by age, youngest first (enrolment's default room bands, the
    #: programme's staffing); each inside one ratio group and the eligibility window.
    rooms: RoomScheme
    #: The age groups a registered centre's rooms may have (the registry's vocabulary, the
    #: centres' CSV columns), youngest first; every room of ``rooms`` is named after one.
    room_groups: RoomScheme
    #: Staff-to-child ratios by age group (operations' live ratios, the programme's staffing).
    ratios: RatioPolicy
    holidays: tuple[Holiday, ...]
    data: CountryData
    #: The region the enrolment demo draws families from, and the demo's made-up centre.
    demo_region: str
    demo_site: DemoSite
    #: Holidays that move (Easter week, Monday-observed days): the dates of a year, if any.
    movable_holidays: Callable[[int], Iterable[date]] | None = None
    languages: tuple[str, ...] = ("es", "en")  # the pages' and reports' languages
    #: The vaccination schedule health records check children against; None where the pack
    #: has no sourced schedule (no status, no overdue list, no coverage is shown).
    vaccines: Schedule | None = None
    #: What a family brings to the centre once a place is theirs, each (Spanish, English), and
    #: where the list comes from; empty where the pack has no sourced list (the pages then say
    #: the centre will tell the family).
    admission_documents: tuple[tuple[str, str], ...] = ()
    admission_documents_source: str = ""
    notes: Mapping[str, str] = field(default_factory=dict)
    #: The operations rules the country sets (keys of ``operations.parameters.PACK_KEYS``:
    #: drills, opening hours, pick-up, incident escalation, the health filter's exclusions),
    #: applied over the core's defaults by ``operations.parameters.rules_for``.
    operations: Mapping[str, PackRule] = field(default_factory=dict)
    #: The planning model's money in the country's currency (keys of
    #: ``planning.parameters.MONEY_KEYS``: construction costs, salaries, running cost, the
    #: yearly construction budget), each with its source, over the core's defaults (Mexico's
    #: pesos) by ``planning.parameters.with_money``; empty: the core's defaults are the pack's.
    planning_money: Mapping[str, PackRule] = field(default_factory=dict)
    #: The front-of-pack warning rule the menus keep (a product that would carry a seal is
    #: refused): the thresholds of ``nutrition_health.foods.SealThresholds`` as a table, with
    #: its source; a ``PackRule`` whose value is None says why the country has none.
    front_of_pack: PackRule | None = None
    #: The pages' messages this country words differently (key -> (Spanish, English)), over
    #: the catalogue (``web/i18n``): names of the institution, the documents, the regions.
    messages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: How the reports' assumptions table cites a planning parameter the pack leaves at the
    #: core's default (the first pack's, Mexico's, with its source): (Spanish, English), each
    #: with ``{source}``. None: the core's defaults and their sources are the pack's own.
    inherited_note: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if len(self.code) != 2 or not self.code.isalpha() or not self.code.islower():
            raise ValueError(f"country code must be two lower-case letters, got {self.code!r}")
        if not isinstance(self.data, CountryData):
            raise TypeError(f"{self.code}: data does not implement CountryData")
        unnamed = [n for n in self.rooms.names if n not in self.room_groups.names]
        if unnamed:
            raise ValueError(f"{self.code}: rooms {unnamed} are not room groups")

    def holidays_in(self, year: int) -> list[date]:
        """The pack's public holidays of ``year`` (fixed and movable), in order."""
        days = {h.on(year) for h in self.holidays}
        if self.movable_holidays is not None:
            days |= set(self.movable_holidays(year))
        return sorted(days)
