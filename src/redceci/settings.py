"""The one typed settings object: data and output locations plus every model parameter.

Built by ``get_settings()`` (never at import); environment variables prefixed ``REDCECI_``
override defaults, e.g. ``REDCECI_DATA=/path``, ``REDCECI_DATABASE_URL=postgresql+psycopg://...``
or ``REDCECI_MODEL__DEMAND__TAKE_UP_RATE=0.5``; the operations rules take
``REDCECI_OPERATIONS='{"drill_interval_days": 14}'`` or ``[operations]`` in the TOML file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from redceci.enrolment.exact import EXACT_MAX_CHILDREN, EXACT_MAX_CHILDREN_SOURCE
from redceci.errors import InputError
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules, rules_for, rules_with
from redceci.planning.parameters import RENAMED, ModelParameters, money_defaults, with_money

_REPO_ROOT = Path(__file__).resolve().parents[2]


#: The data folder of each country pack next to the clone (``../shared/data/<folder>``).
COUNTRY_DATA_FOLDERS = {"mx": "mexico", "gt": "guatemala"}
#: The default time zone of each country pack (its ``timezone``; checked by the packs' contract).
COUNTRY_TIMEZONES = {"mx": "America/Mexico_City", "gt": "America/Guatemala"}


def _default_data_dir(country: str = "mx") -> Path:
    folder = COUNTRY_DATA_FOLDERS.get(country, country)
    return (_REPO_ROOT / ".." / "shared" / "data" / folder).resolve()


class RateLimits(BaseModel):
    """Per-user limits of the web platform, in the ``limits`` library's notation ("600/minute").

    ASSUMPTION (no IMSS figure exists): a person at a browser makes a few requests a second at
    most, an API client pages through the registry in under a minute, and a registry import is
    at most 5 MB, so these bounds stop abuse without touching real use. Override per setting,
    e.g. ``REDCECI_LIMITS__READS="1200/minute"``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    storage: str = Field(
        default="memory://",
        description="Where counts are kept: memory:// (one process) or redis://host:6379 "
        "(shared by several workers)",
    )
    reads: str = Field(default="600/minute", description="GET requests per user")
    writes: str = Field(default="120/minute", description="Changes (POST, PUT, ...) per user")
    logins: str = Field(
        default="10/minute", description="Sign-in attempts per e-mail from one client address"
    )
    login_addresses: str = Field(
        default="60/minute", description="Sign-in attempts per client address (any e-mail)"
    )
    login_free_failures: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Wrong passwords for one e-mail from one address before each further try "
        "waits (1 s, then doubling up to login_max_delay_seconds); a success starts over",
    )
    login_account_failures: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Wrong passwords for one e-mail from all addresses before each further try "
        "waits (1 s, doubling up to 60 s: slows a spread-out attack, never locks the owner out)",
    )
    login_max_delay_seconds: int = Field(
        default=900, ge=1, le=86_400, description="Longest wait after wrong passwords"
    )
    upload_bytes: str = Field(
        default="104857600/day", description="Bytes uploaded (imports) per user: 100 MB a day"
    )

    @field_validator("reads", "writes", "logins", "login_addresses", "upload_bytes")
    @classmethod
    def is_a_limit(cls, value: str) -> str:
        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"not a limit like '600/minute': {value!r}") from exc
        return value

    @field_validator("storage")
    @classmethod
    def is_a_storage(cls, value: str) -> str:
        if value.split("://", 1)[0] not in {"memory", "redis", "rediss"}:
            raise ValueError(f"limits storage must be memory:// or redis://host:port: {value!r}")
        return value


class Retention(BaseModel):
    """How long personal data nobody needs is kept, and how often the rules run (daily by
    default; 0 disables). ASSUMPTION pending IMSS's records schedule (catálogo de disposición
    documental): two years covers two enrolment cycles of a family waiting; a year past a
    token's end covers any audit question about its use. See ``store/enrolment/privacy``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unplaced_family_days: int = Field(
        default=730, ge=30, le=3650, description="Anonymise families never placed, idle this long"
    )
    expired_token_days: int = Field(
        default=365, ge=1, le=3650, description="Delete tokens this long past their end"
    )
    every_hours: float = Field(default=24.0, ge=0, le=24 * 31, description="0: never")


class MailSettings(BaseModel):
    """How the platform sends mail (verification and password-reset links).

    ``outbox`` (default, and in tests) writes each message as an ``.eml`` file under
    ``outbox_dir`` (relative paths: under the output directory); ``smtp`` sends through a
    server (production)."""

    backend: Literal["outbox", "smtp"] = Field(
        default="outbox", description="outbox (files, default) or smtp (REDCECI_MAIL__BACKEND)"
    )
    outbox_dir: Path = Field(default=Path("outbox"), description="Folder of the file outbox")
    sender: str = Field(
        default="no-responder@redceci.local", max_length=254, description="From: address"
    )
    smtp_host: str = Field(default="127.0.0.1", max_length=254)
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = Field(default=None, max_length=254)
    smtp_password: str | None = Field(default=None, max_length=254)
    smtp_starttls: bool = Field(default=True, description="STARTTLS before signing in")
    public_url: str | None = Field(
        default=None,
        max_length=300,
        description="Address the links in mail start with (https://ceci.example.mx); default: "
        "the address the request came to",
    )


class Settings(BaseSettings):
    """Where data is read from, where outputs go, and the model parameters."""

    model_config = SettingsConfigDict(
        env_prefix="REDCECI_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    country: str = Field(
        default="mx",
        pattern=r"^[a-z]{2}$",
        description="The country pack (REDCECI_COUNTRY, --country): mx (Mexico, default) or gt "
        "(Guatemala); a deployment serves one country. Its data folder is the default --data",
    )
    data: Path = Field(default_factory=_default_data_dir, description="Data directory")
    counts_file: Path | None = Field(
        default=None,
        description="Real municipal counts replacing a pack's estimates (--counts-file; see "
        "docs/country-packs.md): CSV with the municipal key and any of the estimated counts",
    )
    estimates: dict[str, float] = Field(
        default_factory=dict,
        description="Overrides of the country pack's estimation parameters ([estimates] in the "
        "--params TOML file); the pack checks the names",
    )
    output: Path = Field(default=Path("var"), description="Output directory")
    database_url: str | None = Field(
        default=None,
        description="Platform database (REDCECI_DATABASE_URL), e.g. "
        "postgresql+psycopg://user@host/redceci; default: SQLite file var/redceci.sqlite3",
    )
    insurance_file: Path | None = Field(
        default=None,
        description="IMSS coverage file for enrolment rounds (REDCECI_INSURANCE_FILE): CSV "
        "nss,status,coverage_end,employer; without it rounds do not check insurance",
    )
    exact_max_children: int = Field(
        default=EXACT_MAX_CHILDREN,
        ge=1,
        description="Largest enrolment round (children) the exact mode takes "
        "(REDCECI_EXACT_MAX_CHILDREN). " + EXACT_MAX_CHILDREN_SOURCE,
    )
    offer_sweep_seconds: float = Field(
        default=300.0,
        ge=0,
        le=3600,
        description="Every how many seconds overdue enrolment offers lapse and their places go to "
        "the next children, and children due up a room move (REDCECI_OFFER_SWEEP_SECONDS; at "
        "most an hour, as workers schedule it by the minute); 0 disables the sweep. ASSUMPTION: "
        "offers run for days, so five minutes late is immaterial and the sweep costs little",
    )
    notice_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="Every how many seconds the server mails guardians their children's "
        "refusals and new incidents (REDCECI_NOTICE_SECONDS; through ``mail``); 0: the server "
        "does not, and ``redceci operations notify`` is run instead (cron, with workers). "
        "ASSUMPTION: a serious incident is due to the guardian within half an hour "
        "(IncidentRules), so a minute late is immaterial",
    )
    timezone: str = Field(
        default="America/Mexico_City",
        description="Time zone the pages show times in (REDCECI_TIMEZONE), an IANA name such as "
        "America/Guatemala; times are stored in UTC",
    )
    limits: RateLimits = RateLimits()
    retention: Retention = Retention()
    mail: MailSettings = MailSettings()
    queued_runs_per_user: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Planning runs one user may have queued or running at once "
        "(REDCECI_QUEUED_RUNS_PER_USER). ASSUMPTION: a planner compares a few scenarios at a "
        "time; a national run takes minutes of a core",
    )
    queued_runs: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Planning runs queued or running on the whole platform (REDCECI_QUEUED_RUNS)",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        max_length=32,
        description="Addresses of the reverse proxies whose X-Forwarded-For header is believed "
        "(REDCECI_TRUSTED_PROXIES='[\"10.0.0.5\"]'); empty: the header is ignored and the "
        "client is the connection's address, so nobody can pose as another address",
    )
    model: ModelParameters = ModelParameters()
    operations: dict[str, Any] = Field(
        default_factory=dict,
        description="Overrides of the operations rules ([operations] in the --params TOML file, "
        "or REDCECI_OPERATIONS as JSON): the keys of operations.parameters.OVERRIDABLE "
        "(docs/operations.md), each checked",
    )

    @field_validator("operations")
    @classmethod
    def operations_rules_hold(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        try:
            rules_with(_operations_base(str(info.data.get("country", "mx"))), value)
        except InputError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @model_validator(mode="before")
    @classmethod
    def data_of_the_country(cls, values: Any) -> Any:
        """Without an explicit data folder or time zone, the chosen country's; the model in
        the country's currency, with its money defaults (``_country_money``)."""
        if isinstance(values, dict):
            country = str(values.get("country") or "mx")
            if values.get("data") is None:
                values = {**values, "data": _default_data_dir(country)}
            if values.get("timezone") is None and country in COUNTRY_TIMEZONES:
                values = {**values, "timezone": COUNTRY_TIMEZONES[country]}
            values = {**values, "model": _country_money(country, values.get("model"))}
        return values

    @field_validator("timezone")
    @classmethod
    def is_a_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"not a time zone (IANA name such as America/Mexico_City): {value!r}"
            ) from exc
        return value


def get_settings(params_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, environment, an optional TOML file of model parameters.

    The TOML file mirrors ``ModelParameters``: ``[demand] take_up_rate = 0.5`` and so on.
    """
    settings = Settings(**overrides)
    if params_file is None:
        return settings
    try:
        with Path(params_file).open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise InputError(f"parameters file not found: {params_file}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{params_file}: not valid TOML: {exc}") from exc
    merged = settings.model.model_dump()
    operations = raw.pop("operations", None)
    if operations is not None:
        if not isinstance(operations, dict):
            raise InputError(f"{params_file}: [operations] is a table of rules")
        try:
            settings = settings.model_copy(
                update={"operations": {**settings.operations, **operations}}
            )
            rules_with(_operations_base(settings.country), settings.operations)
        except InputError as exc:
            raise InputError(f"{params_file}: {exc}") from exc
    estimates = raw.pop("estimates", None)
    if estimates is not None:
        if not isinstance(estimates, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in estimates.values()
        ):
            raise InputError(f"{params_file}: [estimates] takes numbers only")
        settings = settings.model_copy(
            update={
                "estimates": {**settings.estimates, **{k: float(v) for k, v in estimates.items()}}
            }
        )
    for group, values in raw.items():
        if group not in merged or not isinstance(values, dict):
            raise InputError(f"{params_file}: unknown parameter group [{group}]")
        merged[group].update(values)
        for name in values:  # the user's value, not the pack's: the field's own source
            key = f"{group}.{name}"
            merged["sources"].pop(RENAMED.get(key, key), None)
    try:
        model = ModelParameters.model_validate(merged)
    except ValueError as exc:
        raise InputError(f"{params_file}: {exc}") from exc
    return settings.model_copy(update={"model": model})


def _operations_base(country: str) -> OperationsRules:
    """The rules a deployment's operations overrides apply to: its country pack's (their age
    groups, for ``children_per_assistant``); the core's alone for a country not in the registry
    (left to fail later)."""
    from redceci.countries import CODES, country_pack

    return rules_for(country_pack(country)) if country.lower() in CODES else DEFAULT_RULES


def _country_money(country: str, model: Any) -> Any:
    """``model`` (model parameters, their raw values or None) in the country pack's currency,
    with the pack's money defaults (costs, salaries, budgets) where the model keeps the core's
    (a value set in the environment or the call stays); a country not in the registry is left
    to fail later."""
    from redceci.countries import CODES, country_pack

    if country.lower() not in CODES:
        return model
    params = (
        model if isinstance(model, ModelParameters) else ModelParameters.model_validate(model or {})
    )
    pack = country_pack(country)
    core, now = money_defaults(), money_defaults(params)
    money = {k: rule for k, rule in pack.planning_money.items() if now[k] == core[k]}
    return with_money(params, money, pack.words.currency)
