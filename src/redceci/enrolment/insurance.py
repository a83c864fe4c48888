"""Insurance status: is a guardian entitled to the childcare benefit on a given date?

The domain defines the registry as a Protocol; adapters (a CSV file here, an IMSS service
elsewhere) implement it. The right lasts :data:`GRACE_PERIOD` after coverage ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

__all__ = [
    "GRACE_PERIOD",
    "GRACE_PERIOD_SOURCE",
    "Coverage",
    "InMemoryInsuranceRegistry",
    "InsuranceRegistry",
    "family_entitled",
    "is_entitled",
]

GRACE_PERIOD = timedelta(weeks=4)
GRACE_PERIOD_SOURCE = (
    "Reglamento para la prestación de los servicios de guardería, art. 3: insured workers keep "
    "the right for 4 weeks after losing coverage (baja). https://es.scribd.com/document/653013044"
)


@dataclass(frozen=True)
class Coverage:
    """What the registry says of one NSS: insured under the régimen obligatorio, since when, and
    (after a baja) the last day of coverage."""

    nss: str
    insured: bool
    coverage_end: date | None = None
    employer: str | None = None


class InsuranceRegistry(Protocol):
    """Anything that can tell an NSS's coverage (a file, an IMSS web service, a fake)."""

    def coverage(self, nss: str) -> Coverage | None:
        """The coverage record of ``nss``, or None if the registry does not know it."""
        ...


def is_entitled(coverage: Coverage | None, on: date, *, grace: timedelta = GRACE_PERIOD) -> bool:
    """True if the worker is insured on ``on``, or lost coverage less than ``grace`` before.

    The grace is counted from the last covered day: ``coverage_end + grace`` is the last
    entitled day.
    """
    if coverage is None:
        return False
    if coverage.insured:
        return coverage.coverage_end is None or on <= coverage.coverage_end + grace
    return coverage.coverage_end is not None and on <= coverage.coverage_end + grace


def family_entitled(
    registry: InsuranceRegistry,
    nss_numbers: Iterable[str],
    on: date,
    *,
    grace: timedelta = GRACE_PERIOD,
) -> bool:
    """A family is entitled if at least one of its guardians is."""
    return any(is_entitled(registry.coverage(n), on, grace=grace) for n in nss_numbers)


class InMemoryInsuranceRegistry:
    """A registry held in a dict: the test fake, and what the CSV adapter builds."""

    def __init__(self, records: Mapping[str, Coverage] | Iterable[Coverage]) -> None:
        if isinstance(records, Mapping):
            self._records = dict(records)
        else:
            self._records = {c.nss: c for c in records}

    def coverage(self, nss: str) -> Coverage | None:
        return self._records.get(nss)

    def __len__(self) -> int:
        return len(self._records)
