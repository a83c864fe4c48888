"""The needs analysis' verdict (the engine writes it in English) said in the page's language."""

from __future__ import annotations

import re

from redceci.web.refusals import said

#: The engine's verdicts (``planning/site_report``) and their Spanish and English wording.
VERDICTS: tuple[tuple[str, str, str], ...] = (
    (
        r"insufficient unmet demand for the smallest centre",
        "La demanda sin lugar no alcanza para el centro más pequeño.",
        "The unmet demand is not enough for the smallest centre.",
    ),
    (
        r"unmet demand would fill (?P<n>[\d.]+) centres of (?P<size>\d+) places",
        "La demanda sin lugar llenaría {n} centros de {size} lugares.",
        "The unmet demand would fill {n} centres of {size} places.",
    ),
    (
        r"a centre of (?P<size>\d+) places fits the unmet demand",
        "Un centro de {size} lugares cubre la demanda sin lugar.",
        "A centre of {size} places fits the unmet demand.",
    ),
)


def verdict_in(text: str | None, lang: str) -> str:
    """The verdict in ``lang`` (an unknown one as written, or its half in ``lang``)."""
    if not text:
        return "—"
    for pattern, es, en in VERDICTS:
        found = re.fullmatch(pattern, text.strip())
        if found:
            return (en if lang == "en" else es).format(**found.groupdict())
    return said(text, lang)
