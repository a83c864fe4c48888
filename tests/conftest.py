"""Shared fixtures: the real data folder and the national world, loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from redceci.errors import InputError
from redceci.settings import RateLimits, Settings, get_settings

# CI runs the property tests with fixed examples so a run is reproducible.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Mexico's identity documents and phone numbers for every test that has no country's
    active (the core assumes none: a deployment activates its pack, ``countries.activate``);
    a test that activates a pack keeps it. A hook, not a fixture: hypothesis's tests allow no
    function-scoped fixture."""
    from redceci.countries import country_pack
    from redceci.enrolment.identity import active_identity, use_identity
    from redceci.platform.validation import phone_digits, use_phone_digits

    mexico = country_pack("mx")
    try:
        active_identity()
    except InputError:
        use_identity(mexico.identity)
    try:
        phone_digits()
    except InputError:
        use_phone_digits(mexico.phone.national_digits)


#: The suite's users make thousands of requests a minute (the authorisation matrix, the
#: fuzzer); tests/api/test_api_rate_limits.py checks the limits themselves.
UNLIMITED = RateLimits(
    reads="1000000/minute",
    writes="1000000/minute",
    logins="1000000/minute",
    login_addresses="1000000/minute",
)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings(limits=UNLIMITED)


@pytest.fixture(scope="session")
def data_dir(settings: Settings) -> Path:
    path = settings.data
    assert path.is_dir(), f"real data folder not found at {path} (set REDCECI_DATA)"
    return path


@pytest.fixture(scope="session")
def world(settings: Settings):  # type: ignore[no-untyped-def]
    from redceci.workflow import load_world

    return load_world(settings)


@pytest.fixture(scope="session")
def locality_world(settings: Settings):  # type: ignore[no-untyped-def]
    """The national world at locality resolution (no AGEB split): the fixed real-state
    instances the siting tests compare with exact optima were calibrated on it."""
    from redceci.workflow import load_world

    model = settings.model
    coarse = model.model_copy(
        update={"resolution": model.resolution.model_copy(update={"ageb_split": False})}
    )
    return load_world(settings.model_copy(update={"model": coarse}))
