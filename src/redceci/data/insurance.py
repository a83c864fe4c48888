"""CSV-backed insurance registry: the file stand-in for an IMSS vigencia-de-derechos service.

The file has one row per NSS: ``nss,status,coverage_end,employer`` where ``status`` is
``vigente`` (insured) or ``baja`` (coverage ended), ``coverage_end`` the last covered day
(YYYY-MM-DD; required for a baja) and ``employer`` optional. Every NSS is checked (11 digits and
its check digit); errors name the file, row and column.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.enrolment.identity import active_identity
from redceci.enrolment.insurance import Coverage, InMemoryInsuranceRegistry
from redceci.errors import DataError, InputError

__all__ = ["read_insurance_registry"]

STATUSES = {"vigente": True, "baja": False}


def read_insurance_registry(path: Path) -> InMemoryInsuranceRegistry:
    """Read the coverage file into a registry implementing ``InsuranceRegistry``."""
    cols = [
        Column("nss", Kind.TEXT, nullable=False),
        Column("status", Kind.TEXT, nullable=False),
        Column("coverage_end", Kind.TEXT),
        Column("employer", Kind.TEXT, required=False),
    ]
    df = read_csv_checked(path, cols)
    records: dict[str, Coverage] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        line = i + 2
        nss = str(row.nss).strip()
        try:  # the country pack's insured number (NSS, IGSS affiliation ...)
            nss = active_identity().validate_insurance_id(nss)
        except InputError as exc:
            raise DataError(path, str(exc), row=line, column="nss") from exc
        if nss in records:
            raise DataError(path, "NSS listed twice", row=line, column="nss")
        status = str(row.status).strip().lower()
        if status not in STATUSES:
            raise DataError(path, "status must be vigente or baja", row=line, column="status")
        end: date | None = None
        raw_end = row.coverage_end
        if isinstance(raw_end, str) and raw_end.strip():
            try:
                end = date.fromisoformat(raw_end.strip())
            except ValueError:
                raise DataError(
                    path, "not a date (YYYY-MM-DD)", row=line, column="coverage_end"
                ) from None
        if not STATUSES[status] and end is None:
            raise DataError(path, "a baja needs its coverage_end", row=line, column="coverage_end")
        employer = row.employer if isinstance(row.employer, str) and row.employer else None
        records[nss] = Coverage(
            nss=nss, insured=STATUSES[status], coverage_end=end, employer=employer
        )
    return InMemoryInsuranceRegistry(records)
