"""The country seam, checked: no core module names a country's institution, key or document.

The core is the domain packages (``platform``, ``planning``, ``enrolment``, ``operations``,
``nutrition_health``); everything national belongs to a country pack (``countries/<code>``,
``data/``). The scan reads each core module's code (identifiers and string literals; comments
and docstrings, which may cite sources, are skipped) for the names in ``TERMS``.

Guatemala's names never appear in the core: its pack was written against the interface alone.
Mexico's still do where the core was written before the seam: ``ALLOWED`` lists every such
use, per module and name, with a count. It is **shrink-only**: a count above its allowance
(a new leak) fails, and so does a count below it (a cleaned module must lower its line, so
the debt can only fall). What the remaining Mexican names are, and why they are tolerated:

* ``CVEGEO``, ``CVE_ENT``, ``AGEB``, the census mnemonics ``PDER_IMSS`` ...: the core's frames
  use INEGI's column names as their internal schema; packs fill those columns (Guatemala's
  municipio key goes in ``MUN_CVEGEO``, its IGSS-insured people in ``PDER_IMSS``). Renaming
  the schema is mechanical and is the next step of the seam.
* ``IMSS``/``CECI`` scheme names and vocabulary (``"CECI IMSS"``): the platform's stored
  vocabulary; a pack's schemes are its words (``Words.schemes``).
* ``curp``/``nss`` in enrolment: the stored column and field names (a child's personal
  identifier and the insured parent's number, whatever the country); the rules themselves are
  the active pack's (``enrolment.identity.use_identity``; Mexico's CURP and NSS checks are in
  ``countries/mx/identity.py``) and there is none by default.
* The nutrition rules' NOM-051 seals and Mexico's vaccine schedule. Operations' rules
  (drills, hours, pick-up, incidents, the health filter) are the pack's
  (``CountryPack.operations``, applied by ``operations.parameters.rules_for``); only the
  SYNTHETIC demo's rates still cite IMSS practice.

Run ``python tests/test_seam.py`` to print the current counts (to shrink ``ALLOWED``).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import redceci

PACKAGE = Path(redceci.__file__).parent
CORE = ("platform", "planning", "enrolment", "operations", "nutrition_health")

#: Country-specific names: (name, case-sensitive). Matched between non-letters, so
#: ``PDER_IMSS`` and ``imss_share`` name IMSS but ``iterate`` does not name ITER.
MEXICO = (
    ("IMSS", False),
    ("INEGI", False),
    ("DENUE", False),
    ("PODECOBI", False),
    ("SEMARNAT", False),
    ("RETC", True),
    ("CURP", False),
    ("NSS", False),
    ("RFC", True),
    ("AGEB", False),
    ("CVEGEO", False),
    ("CVE_ENT", False),
    ("ITER", True),
    ("SCIAN", False),
    ("CECI", False),
    ("México", False),
    ("Mexico", False),
    ("Mexican", False),
)
GUATEMALA = (
    ("IGSS", False),
    ("SOSEP", False),
    ("CADI", False),
    ("RENAP", False),
    ("CUI", True),
    ("cod_muni", False),
    ("Guatemala", False),
)
TERMS = MEXICO + GUATEMALA


def _pattern(term: str, case: bool) -> re.Pattern[str]:
    # Between non-letters; "_" splits words (PDER_IMSS), a digit does not matter.
    return re.compile(rf"(?<![A-Za-zÁ-ú]){re.escape(term)}(?![A-Za-zÁ-ú])", 0 if case else re.I)


PATTERNS = {term: _pattern(term, case) for term, case in TERMS}


def core_modules() -> dict[str, Path]:
    out = {}
    for cap in CORE:
        root = PACKAGE / cap
        if root.is_dir():
            for path in sorted(root.rglob("*.py")):
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
                out[".".join(parts)] = path
    return out


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def code_texts(path: Path) -> list[str]:
    """Identifiers and string literals of a module, without docstrings and comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            out.append(node.value)
        elif isinstance(node, ast.Name):
            out.append(node.id)
        elif isinstance(node, ast.Attribute):
            out.append(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.append(node.name)
        elif isinstance(node, ast.arg | ast.keyword):
            out.append(node.arg or "")
        elif isinstance(node, ast.alias):
            out.append(node.asname or node.name)
    return out


def counts() -> dict[str, dict[str, int]]:
    """Module -> name -> occurrences in its code."""
    out: dict[str, dict[str, int]] = {}
    for name, path in core_modules().items():
        found: Counter[str] = Counter()
        for text in code_texts(path):
            for term, pattern in PATTERNS.items():
                found[term] += len(pattern.findall(text))
        hits = {t: n for t, n in sorted(found.items()) if n}
        if hits:
            out[name] = hits
    return out


# fmt: off
#: The Mexican names the core still uses, module by module (shrink-only; see the docstring).
ALLOWED: dict[str, dict[str, int]] = {
    'redceci.planning.candidates': {'CVEGEO': 2, 'CVE_ENT': 2},
    'redceci.planning.demand': {'CVEGEO': 1, 'CVE_ENT': 1, 'IMSS': 1},
    'redceci.planning.eligibility': {'IMSS': 1},
    'redceci.planning.land': {'CVEGEO': 1},
    'redceci.planning.parameters': {'AGEB': 14, 'CECI': 5, 'DENUE': 2, 'IMSS': 4, 'INEGI': 3, 'Mexican': 1, 'Mexico': 1, 'RETC': 1},
    'redceci.planning.plan': {'CVE_ENT': 6},
    'redceci.planning.programme': {'CVEGEO': 1, 'CVE_ENT': 11},
    'redceci.planning.programme_parameters': {'AGEB': 2, 'CECI': 1, 'IMSS': 3, 'INEGI': 2, 'México': 1},
    'redceci.planning.resolution': {'AGEB': 6, 'CVE_ENT': 3},
    'redceci.planning.staffing': {'CVE_ENT': 1},
    'redceci.planning.supply': {'CVEGEO': 1},
    'redceci.enrolment.applications': {'CURP': 3, 'NSS': 1},
    'redceci.enrolment.family': {'CURP': 7, 'NSS': 9},
    'redceci.enrolment.insurance': {'NSS': 7},
    'redceci.enrolment.priorities': {'CECI': 1, 'IMSS': 2},
    'redceci.enrolment.synthetic': {'CECI': 3, 'CURP': 1, 'CVEGEO': 2, 'IMSS': 1, 'INEGI': 1, 'NSS': 3},
    'redceci.operations.synthetic': {'IMSS': 2},
}
# fmt: on


def test_the_scan_sees_names_in_code_but_not_in_docstrings_or_comments(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Cites IMSS."""\n'
        "# IGSS in a comment\n"
        "def f(imss_share: float) -> str:\n"
        '    """Also IMSS."""\n'
        '    return "CUI" + str(imss_share) + iter_name\n',
        encoding="utf-8",
    )
    texts = code_texts(sample)
    found = Counter(t for text in texts for t, p in PATTERNS.items() if p.search(text))
    assert found == {"IMSS": 2, "CUI": 1}  # the argument and its use; the string


def test_no_core_module_names_guatemala() -> None:
    gt = {term for term, _ in GUATEMALA}
    leaks = {
        module: {t: n for t, n in hits.items() if t in gt}
        for module, hits in counts().items()
        if gt & hits.keys()
    }
    assert not leaks, leaks


def test_mexican_names_in_the_core_only_shrink() -> None:
    mx = {term for term, _ in MEXICO}
    now = {
        module: {t: n for t, n in hits.items() if t in mx}
        for module, hits in counts().items()
        if mx & hits.keys()
    }
    grown = {
        f"{module}: {term} {n} > {ALLOWED.get(module, {}).get(term, 0)}"
        for module, hits in now.items()
        for term, n in hits.items()
        if n > ALLOWED.get(module, {}).get(term, 0)
    }
    assert not grown, f"new country-specific names in the core (use the pack): {sorted(grown)}"
    shrunk = {
        f"{module}: {term} {now.get(module, {}).get(term, 0)} < {n}"
        for module, allowed in ALLOWED.items()
        for term, n in allowed.items()
        if now.get(module, {}).get(term, 0) < n
    }
    assert not shrunk, f"fewer names than allowed: lower ALLOWED to match {sorted(shrunk)}"


#: The types of a country's own values: the core takes them from the pack, never a default.
PACK_TYPES = frozenset({"RoomScheme", "RatioPolicy", "IdentityRules", "PhoneRule", "DemoSite"})


def country_defaults(path: Path) -> list[str]:
    """Parameters and dataclass fields of a module typed as a pack's value (``PACK_TYPES``)
    that have a default: a country chosen for the caller."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            positional = [*a.posonlyargs, *a.args]
            pairs = list(
                zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=True)
            )
            pairs += [(arg, d) for arg, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d]
            for arg, default in pairs:
                if arg.annotation is not None and _names_pack_type(arg.annotation, default):
                    found.append(f"{node.name}({arg.arg})")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if (
                    isinstance(item, ast.AnnAssign)
                    and item.value is not None
                    and isinstance(item.target, ast.Name)
                    and _names_pack_type(item.annotation, item.value)
                ):
                    found.append(f"{node.name}.{item.target.id}")
    return found


def _names_pack_type(annotation: ast.expr, default: ast.expr) -> bool:
    # "RoomScheme" but not "RoomScheme | None = None": an optional value is no country's.
    names = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    optional = isinstance(default, ast.Constant) and default.value is None
    return bool(names & PACK_TYPES) and not optional


def test_country_defaults_are_seen_in_parameters_and_fields(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "class C:\n    rooms: RoomScheme = MEXICO\n    ratios: RatioPolicy | None = None\n"
        "def f(x: int, ratios: RatioPolicy = MEXICO, *, rooms: RoomScheme = MEXICO) -> None: ...\n"
        "def g(rooms: RoomScheme, *, ratios: RatioPolicy) -> None: ...\n",
        encoding="utf-8",
    )
    assert country_defaults(sample) == ["C.rooms", "f(ratios)", "f(rooms)"]


def test_no_module_outside_the_packs_defaults_to_a_country_s_rooms_ratios_or_rules() -> None:
    """Rooms, ratios, identity and phone rules and the demo site are always the caller's
    pack's: no function or field outside ``countries/`` falls back to one country's."""
    found = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts): hits
        for path in sorted(PACKAGE.rglob("*.py"))
        if "countries" not in path.relative_to(PACKAGE).parts and (hits := country_defaults(path))
    }
    assert not found, found


if __name__ == "__main__":
    for module, hits in counts().items():
        print(f"    {module!r}: {hits!r},")
