"""The data files redceci reads for Guatemala: file name, what it holds, official source.

Provenance and checks: ``../shared/data/guatemala/SOURCES.md``. The municipal key everywhere
is INE's ``cod_muni = cod_depto * 100 + n`` (101 ... 2217); the core's frames carry it as a
4-digit string (``0101``) whose first two digits are the departamento (``01``).
"""

from __future__ import annotations

from redceci.data.catalogue import Dataset

GUATEMALA_LAT = (13.5, 18.0)
GUATEMALA_LON = (-92.5, -88.0)

MUNICIPIOS = Dataset(
    "gt_municipios",
    "census/gt_censo2018_municipios.csv",
    "INE Censo 2018 (cuadros A5.1/A5.2): population of the 340 municipios, polygon centroids "
    "and areas",
    "https://censo2018.ine.gob.gt/ (cuadros A5); microdata "
    "https://censo2018.ine.gob.gt/archivos/bdd/db_csv_.zip",
    340,
)
DEPARTAMENTOS = Dataset(
    "gt_departamentos",
    "census/gt_censo2018_departamentos.csv",
    "INE Censo 2018: population of the 22 departamentos",
    "https://censo2018.ine.gob.gt/",
    22,
)
INDICATORS = Dataset(
    "gt_indicadores",
    "indicators/gt_a2sit_unhcr_indicadores_municipales.csv",
    "UNHCR A2SIT municipal indicators: poverty, rurality, non-employment 18+, dependency ratio",
    "https://github.com/UNHCR-Guatemala/A2SIT (inst/A2SIT_data_input_template_GTM.xlsx)",
    340,
)
REFERENCE = Dataset(
    "gt_referencia",
    "reference/gt_reference_facts.csv",
    "National reference figures: census totals, INE 0-4 projection, IGSS coverage, SOSEP CADI",
    "INE, IGSS (Boletín Estadístico de Afiliación), SOSEP (sosep.gob.gt): see each row's URL",
    None,
)
MUNICIPAL_BOUNDARIES = Dataset(
    "gt_municipios_limites",
    "admin/gt_municipios_minfin.geojson.gz",
    "MINFIN municipal boundaries (340 municipios, lakes and Belize dropped)",
    "https://github.com/minfin-bi/Mapas-TopoJSON-Guatemala (munis.json)",
    340,
)
REGION_BOUNDARIES = Dataset(
    "gt_departamentos_limites",
    "admin/gt_departamentos_minfin.geojson.gz",
    "MINFIN departamento boundaries (22)",
    "https://github.com/minfin-bi/Mapas-TopoJSON-Guatemala (deptos.json)",
    22,
)

CATALOGUE: tuple[Dataset, ...] = (
    MUNICIPIOS,
    DEPARTAMENTOS,
    INDICATORS,
    REFERENCE,
    MUNICIPAL_BOUNDARIES,
    REGION_BOUNDARIES,
)
