"""The IMSS insurance registry the app was given (``REDCECI_INSURANCE_FILE``), as a dependency of
the round routes and pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from redceci.enrolment import InsuranceRegistry


def insurance_registry(request: Request) -> InsuranceRegistry | None:
    """The insurance registry the app was given (``app.state.insurance``), if any."""
    registry: InsuranceRegistry | None = getattr(request.app.state, "insurance", None)
    return registry


async def _insurance(request: Request) -> InsuranceRegistry | None:
    return insurance_registry(request)


InsuranceDep = Annotated[InsuranceRegistry | None, Depends(_insurance)]
