"""Bulk import of centres from CSV: every row is checked first, then all are stored or none.

Columns (UTF-8, comma-separated, header row): ``code, name, scheme, operator, state, lat, lon,
status, status_since`` and, optionally, ``municipality, address, organisation_id`` and the
places of each of the country pack's room groups (``lactantes, maternales, preescolar`` in
Mexico, ``multiedad`` in Guatemala: one room per group; ``countries.activate`` sets them).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError

from redceci.errors import ImportRowsError, PermissionDeniedError, RowError
from redceci.platform import validation
from redceci.platform.access import Permission, Principal
from redceci.platform.rooms import active_room_groups
from redceci.store.db import Database
from redceci.store.platform import audit
from redceci.store.platform.centres import CentreData, RoomData, add_checked_centres
from redceci.store.platform.models import Centre, Organisation, State

REQUIRED = ("code", "name", "scheme", "operator", "state", "lat", "lon", "status", "status_since")
OPTIONAL = (
    "municipality",
    "address",
    "organisation_id",
    "phone",
    "hours",
)
#: CSV column of each CentreData field, for error messages.
COLUMN_OF = {"state_code": "state", "operator_organisation_id": "organisation_id"}
MAX_ROWS = 10_000
#: The largest CSV file an import reads (bytes); a larger upload is refused (HTTP 413).
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRowsError([RowError(1, None, f"the file is not UTF-8 text: {exc}")]) from exc


def room_group_columns() -> tuple[str, ...]:
    """The columns of room places: the active country pack's room groups (none without one)."""
    groups = active_room_groups()
    return () if groups is None else groups.names


def _row_to_data(row: dict[str, str], line: int, errors: list[RowError]) -> CentreData | None:
    value = {k: (v or "").strip() for k, v in row.items() if k is not None}
    rooms: list[RoomData] = []
    bad = False
    for group in room_group_columns():
        text = value.get(group, "")
        if not text:
            continue
        try:  # ASCII digits only: "²" or "٣" are digits to str.isdigit, not to int()
            places = validation.whole_number(text, maximum=1000)
        except ValueError as exc:
            errors.append(RowError(line, group, str(exc)))
            bad = True
            continue
        if places > 0:
            rooms.append(RoomData(name=group, age_group=group, capacity=places))
    fields: dict[str, Any] = {
        "code": value.get("code"),
        "name": value.get("name"),
        "scheme": value.get("scheme"),
        "operator": value.get("operator"),
        "state_code": value.get("state"),
        "lat": value.get("lat"),
        "lon": value.get("lon"),
        "status": value.get("status"),
        "status_since": value.get("status_since"),
        "municipality": value.get("municipality") or None,
        "address": value.get("address") or None,
        "phone": value.get("phone") or None,
        "hours": value.get("hours") or None,
        "operator_organisation_id": value.get("organisation_id") or None,
        "rooms": rooms,
    }
    try:
        data = CentreData.model_validate(fields)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else None
            column = COLUMN_OF.get(field, field) if field else None
            errors.append(RowError(line, column, err["msg"]))
        return None
    return None if bad else data


def import_centres_csv(
    db: Database, actor: Principal, content: bytes, *, filename: str | None = None
) -> list[Centre]:
    """Register every centre in the file, or none: ``ImportRowsError`` lists every bad row
    (naming the file, ``filename``, when given); a row in a state outside the caller's scope
    refuses the whole file (``PermissionDeniedError``)."""
    try:
        return _import(db, actor, content)
    except ImportRowsError as exc:
        if filename is None or exc.file is not None:
            raise
        raise ImportRowsError(exc.errors, file=filename[:120]) from None


def _import(db: Database, actor: Principal, content: bytes) -> list[Centre]:
    scope = actor.require(Permission.CENTRES_WRITE)
    reader = csv.DictReader(io.StringIO(_decode(content), newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    groups = room_group_columns()
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL + groups]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or repeated:
        problems = [RowError(1, c, "required column is missing") for c in missing]
        allowed = f"; room groups: {', '.join(groups)}" if groups else ""
        problems += [RowError(1, c, f"unknown column{allowed}") for c in unknown]
        problems += [
            RowError(1, c, "la columna aparece más de una vez / the column is repeated")
            for c in repeated
        ]
        raise ImportRowsError(problems)
    reader.fieldnames = header
    errors: list[RowError] = []
    rows: list[tuple[int, CentreData]] = []
    try:
        for line, row in enumerate(reader, start=2):
            if len(rows) + len(errors) >= MAX_ROWS:
                raise ImportRowsError([RowError(line, None, f"more than {MAX_ROWS} rows")])
            if None in row:
                errors.append(RowError(line, None, "more values than columns"))
                continue
            data = _row_to_data(row, line, errors)
            if data is not None:
                rows.append((line, data))
    except csv.Error as exc:
        raise ImportRowsError([RowError(reader.line_num, None, f"not valid CSV: {exc}")]) from exc
    if not rows and not errors:
        raise ImportRowsError([RowError(2, None, "the file has no rows")])
    with db.transaction() as session:
        states = set(session.scalars(sa.select(State.code)))
        organisations = set(session.scalars(sa.select(Organisation.id)))
        codes = [d.code for _, d in rows]
        taken = set(session.scalars(sa.select(Centre.code).where(Centre.code.in_(codes))))
        seen: dict[str, int] = {}
        outside: list[int] = []
        for line, data in rows:
            if data.state_code not in states:
                errors.append(RowError(line, "state", f"unknown state {data.state_code!r}"))
            elif not scope.covers_state(data.state_code):
                outside.append(line)
            org = data.operator_organisation_id
            if org is not None and org not in organisations:
                errors.append(RowError(line, "organisation_id", f"unknown organisation {org}"))
            if data.code in taken:
                errors.append(RowError(line, "code", f"{data.code!r} is already registered"))
            elif data.code in seen:
                errors.append(
                    RowError(line, "code", f"{data.code!r} repeats row {seen[data.code]}")
                )
            seen.setdefault(data.code, line)
        if outside:
            rows_text = ", ".join(map(str, outside[:20])) + ("…" if len(outside) > 20 else "")
            raise PermissionDeniedError(
                f"you may not manage centres in the states of rows {rows_text}; nothing stored"
            )
        if errors:
            raise ImportRowsError(sorted(errors, key=lambda e: (e.row, e.column or "")))
        created = add_checked_centres(session, actor, [data for _, data in rows])
        audit.record(
            session,
            actor,
            "import",
            "centre",
            None,
            after={"rows": len(created), "codes": [c.code for c in created]},
        )
        return created
