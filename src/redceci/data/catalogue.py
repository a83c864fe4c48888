"""The data files redceci reads for Mexico: file name, what it holds, official download source.

A country adapter is a catalogue like this one plus its readers; nothing else names files.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

MEXICO_LAT = (14.0, 33.0)
MEXICO_LON = (-119.0, -86.0)


@dataclass(frozen=True)
class Dataset:
    """One data file: its name in the data folder, what it is, and where the original lives."""

    key: str
    filename: str
    description: str
    official_source: str
    expected_rows: int | None = None

    def path(self, data_dir: Path) -> Path:
        return Path(data_dir) / self.filename


MUNICIPALITIES = Dataset(
    "municipios",
    "inegi_censo2020_municipios.csv.gz",
    "Census 2020 municipal totals (ITER LOC=0000), all 2,469 municipalities",
    "https://www.inegi.org.mx/contenidos/programas/ccpv/2020/datosabiertos/iter/iter_00_cpv2020_csv.zip",
    2469,
)
STATES = Dataset(
    "estados",
    "inegi_censo2020_estados.csv",
    "Census 2020 state totals",
    "https://www.inegi.org.mx/contenidos/programas/ccpv/2020/datosabiertos/iter/iter_00_cpv2020_csv.zip",
    32,
)
ITER_LOCALITIES = Dataset(
    "iter_nl_qro",
    "inegi_iter2020_localidades_nl_qro.csv.gz",
    "Census 2020 ITER, every locality of Nuevo León (19) and Querétaro (22)",
    "https://www.inegi.org.mx/contenidos/programas/ccpv/2020/datosabiertos/iter/iter_XX_cpv2020_csv.zip (XX = state)",
    7223,
)
AGEB = Dataset(
    "ageb_urbana",
    "inegi_censo2020_ageb_urbana_13estados.csv.gz",
    "Census 2020 RESAGEBURB: urban AGEB and urban locality totals, 13 states",
    "https://www.inegi.org.mx/contenidos/programas/ccpv/2020/datosabiertos/ageb_manzana/ageb_mza_urbana_XX_cpv2020_csv.zip",
    14340,
)
LOCALITY_POINTS = Dataset(
    "localidades_puntos",
    "inegi_localidades_amanzanadas_puntos.csv.gz",
    "Marco Geoestadístico: points of urban and rural block localities with census population",
    "https://www.inegi.org.mx/app/biblioteca/ficha.html?upc=889463807469 (Marco Geoestadístico 2020)",
    50763,
)
MUNICIPAL_BOUNDARIES = Dataset(
    "municipios_limites",
    "inegi_mg2020_municipios_simplificado.geojson.gz",
    "Municipal boundaries (simplified Marco Geoestadístico 2020)",
    "https://www.inegi.org.mx/app/biblioteca/ficha.html?upc=889463807469",
    2469,
)
STATE_BOUNDARIES = Dataset(
    "estados_limites",
    "inegi_mg2020_estados_simplificado.geojson.gz",
    "State boundaries (dissolved from the municipal ones)",
    "https://www.inegi.org.mx/app/biblioteca/ficha.html?upc=889463807469",
    32,
)
CHILDCARE = Dataset(
    "denue_cuidados",
    "denue_servicios_cuidado_6244_6233_6232.csv.gz",
    "DENUE care establishments: guarderías (SCIAN 624411/624412) and residences",
    "https://www.inegi.org.mx/app/descarga/?ti=6 (DENUE, sector 62, denue_00_62_csv.zip)",
    12464,
)
POLOS = Dataset(
    "podecobi",
    "podecobi_polos_bienestar.csv",
    "Polos de Desarrollo Económico para el Bienestar (PODECOBI and CIIT), seat coordinates",
    "https://sidof.segob.gob.mx/ (declaratorias) ; https://www.proyectosmexico.gob.mx/",
    32,
)
INDUSTRIAL_PARKS = Dataset(
    "parques_industriales",
    "parques_industriales_retc_semarnat_2016_2022.csv",
    "Industrial parks self-reported in SEMARNAT's RETC 2016-2022, with a dispersion flag",
    "https://sinat.semarnat.gob.mx/retc/ (RETC, bases de datos por año)",
    913,
)
INSURED_WORKERS = Dataset(
    "imss_asegurados",
    "imss_asegurados_por_estado_mensual_1997_2021.csv",
    "IMSS insured workers by state, monthly",
    "http://datos.imss.gob.mx/group/asegurados",
    8811,
)

AGEB_POINTS = Dataset(
    "ageb_puntos",
    "ageb_centroides.csv.gz",
    "Marco Geoestadístico: a point and the area of each urban AGEB of 27 states, with census "
    "2020 population per AGEB for 17 of them",
    "https://www.inegi.org.mx/app/biblioteca/ficha.html?upc=889463807469 (Marco Geoestadístico, "
    "AGEB urbanas) ; https://gaia.inegi.org.mx/wscatgeo/ (servicio geoestadístico)",
    32732,
)
MUNICIPAL_ITER = Dataset(
    "iter_municipal_nacional",
    "iter2020_municipal_nacional_cols_guarderias.csv.gz",
    "Census 2020 ITER municipal totals, all 2,469 municipalities, with women's activity "
    "(PEA_F, P_12YMAS_F)",
    "https://www.inegi.org.mx/contenidos/programas/ccpv/2020/datosabiertos/iter/iter_00_cpv2020_csv.zip",
    2469,
)

CATALOGUE: tuple[Dataset, ...] = (
    MUNICIPALITIES,
    STATES,
    ITER_LOCALITIES,
    AGEB,
    LOCALITY_POINTS,
    MUNICIPAL_BOUNDARIES,
    STATE_BOUNDARIES,
    CHILDCARE,
    POLOS,
    INDUSTRIAL_PARKS,
    INSURED_WORKERS,
    AGEB_POINTS,
    MUNICIPAL_ITER,
)


@dataclass(frozen=True)
class FileCheck:
    """Presence, record count and checksum of one data file."""

    dataset: Dataset
    present: bool
    rows: int | None
    sha256: str | None
    ok: bool
    message: str


def check_file(dataset: Dataset, data_dir: Path) -> FileCheck:
    """Check that a data file exists, count its records and hash it."""
    path = dataset.path(data_dir)
    if not path.is_file():
        return FileCheck(dataset, False, None, None, False, "missing")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        return FileCheck(dataset, True, None, digest, False, f"unreadable: {exc}")
    if ".geojson" in path.name:
        rows = data.count(b'"Feature"')
    else:
        rows = max(data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1), 0)
    ok = dataset.expected_rows is None or rows == dataset.expected_rows
    message = "ok" if ok else f"expected {dataset.expected_rows} rows"
    return FileCheck(dataset, True, rows, digest, ok, message)
