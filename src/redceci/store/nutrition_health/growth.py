"""Measurements: weight and length/height recorded by medical staff, the WHO z-scores and flags
computed on the way in (an implausible measurement is refused with the reason), and the growth
chart's data against the WHO curves."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from redceci.data.growth_standards import who_standards
from redceci.data.measurements import LENGTH_CM, WEIGHT_KG
from redceci.errors import InputError
from redceci.nutrition_health.growth import Status, statuses, zscores
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import Child
from redceci.store.nutrition_health.children import child_for, read_record
from redceci.store.nutrition_health.models import Measurement
from redceci.store.platform import audit


class MeasurementData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    measured_on: dt.date
    weight_kg: float | None = Field(None, ge=WEIGHT_KG[0], le=WEIGHT_KG[1])
    length_cm: float | None = Field(None, ge=LENGTH_CM[0], le=LENGTH_CM[1])
    position: str = Field("", pattern=r"^[LH]?$")


def _z(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _public(row: Measurement) -> dict[str, Any]:
    return {
        "id": row.id,
        "measured_on": row.measured_on.isoformat(),
        "weight_kg": row.weight_kg,
        "length_cm": row.length_cm,
        "position": row.position,
        "zwei": row.zwei,
        "zlen": row.zlen,
        "zwfl": row.zwfl,
        "zbmi": row.zbmi,
        "flags": list(row.flags),
    }


def add_measurement(
    db: Database, actor: Principal, child_id: int, data: MeasurementData
) -> dict[str, Any]:
    """Record a measurement (medical staff). Refused when it is before birth, in the future, or
    biologically implausible for the child's age and sex (a WHO implausibility flag)."""
    if data.weight_kg is None and data.length_cm is None:
        raise InputError("record a weight, a length/height, or both")
    with db.transaction() as session:
        child = child_for(session, actor, child_id, Permission.HEALTH_WRITE)
        if data.measured_on < child.birth_date:
            raise InputError("la medición es anterior al nacimiento / measured before birth")
        if data.measured_on > dt.date.today():
            raise InputError("la fecha de medición está en el futuro / measured in the future")
        sex = _sex(session.get(Child, child_id))
        row = measurement_row(
            child_id,
            sex,
            child.birth_date,
            data.measured_on,
            data.weight_kg,
            data.length_cm,
            data.position,
            recorded_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "measurement", row.id, after=audit.snapshot(row))
        return _public(row)


def measurement_row(
    child_id: int,
    sex: str,
    birth: dt.date,
    measured_on: dt.date,
    weight_kg: float | None,
    length_cm: float | None,
    position: str,
    *,
    recorded_by: int | None,
) -> Measurement:
    """A measurement with its z-scores and flags; ``InputError`` naming the indicators when it is
    biologically implausible for the age and sex (a WHO implausibility flag)."""
    age = (measured_on - birth).days
    z = zscores(
        who_standards(),
        sex=[sex],
        age_days=[age],
        weight_kg=[np.nan if weight_kg is None else weight_kg],
        lenhei_cm=[np.nan if length_cm is None else length_cm],
        position=[position],
    )
    implausible = [
        name
        for name, flag in (
            ("peso para la edad", z.fwei[0]),
            ("talla para la edad", z.flen[0]),
            ("peso para la talla", z.fwfl[0]),
            ("IMC para la edad", z.fbmi[0]),
        )
        if flag
    ]
    if implausible:
        raise InputError(
            "medición biológicamente inverosímil ("
            + ", ".join(implausible)
            + "): revise peso, talla y posición / implausible measurement, check it"
        )
    return Measurement(
        child_id=child_id,
        measured_on=measured_on,
        weight_kg=weight_kg,
        length_cm=length_cm,
        position=position or ("L" if age < 731 else "H"),
        zwei=_z(z.zwei[0]),
        zlen=_z(z.zlen[0]),
        zwfl=_z(z.zwfl[0]),
        zbmi=_z(z.zbmi[0]),
        flags=[str(s) for s in statuses(z.zwei[0], z.zlen[0], z.zwfl[0])],
        recorded_by=recorded_by,
    )


def _sex(child: Child | None) -> str:
    """The child's sex from the CURP (11th character: H man, M woman)."""
    curp = child.curp if child is not None else ""
    letter = curp[10:11].upper()
    if letter not in ("H", "M"):
        raise InputError("the child's CURP does not say the sex (11th character H or M)")
    return "M" if letter == "H" else "F"


def child_growth(db: Database, actor: Principal, child_id: int) -> dict[str, Any]:
    """A child's measurements with z-scores and flags, and the WHO curves for the chart (an
    audited read)."""
    with db.transaction() as session:
        child = read_record(session, actor, child_id, "growth")
        sex = _sex(session.get(Child, child_id))
        rows = session.scalars(
            sa.select(Measurement)
            .where(Measurement.child_id == child_id)
            .order_by(Measurement.measured_on, Measurement.id)
        )
        measurements = [
            _public(r) | {"age_days": (r.measured_on - child.birth_date).days} for r in rows
        ]
    return {
        "child_id": child_id,
        "name": child.name,
        "sex": sex,
        "birth_date": child.birth_date.isoformat(),
        "measurements": measurements,
        "latest_flags": measurements[-1]["flags"] if measurements else [],
        "curves": who_curves(sex),
    }


def who_curves(sex: str, *, step_days: int = 30) -> dict[str, Any]:
    """Weight-for-age and length/height-for-age at -3, -2, 0, +2, +3 SD every ``step_days``."""
    who = who_standards()
    g = 0 if sex == "M" else 1
    days = np.arange(0, who.wfa.size, step_days)
    out: dict[str, Any] = {"days": days.tolist()}
    for name, table in (("weight", who.wfa), ("length", who.lhfa)):
        l, m, s = table.l[g, days], table.m[g, days], table.s[g, days]  # noqa: E741
        out[name] = {
            str(k): (m * (1 + l * s * k) ** (1 / l)).round(2).tolist() for k in (-3, -2, 0, 2, 3)
        }
    return out


FLAG_LABELS_ES = {
    Status.SEVERE_STUNTING: "talla baja severa",
    Status.STUNTING: "talla baja",
    Status.SEVERE_WASTING: "emaciación severa",
    Status.WASTING: "emaciación",
    Status.UNDERWEIGHT: "bajo peso",
    Status.OVERWEIGHT: "sobrepeso",
    Status.OBESITY: "obesidad",
    Status.IMPLAUSIBLE: "inverosímil",
}
