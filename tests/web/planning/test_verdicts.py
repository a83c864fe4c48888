"""The needs analysis' verdict is said in the page's language."""

from __future__ import annotations

import pytest

from redceci.web.planning.verdicts import verdict_in


@pytest.mark.parametrize(
    ("engine", "spanish", "english"),
    [
        (
            "insufficient unmet demand for the smallest centre",
            "La demanda sin lugar no alcanza para el centro más pequeño.",
            "The unmet demand is not enough for the smallest centre.",
        ),
        (
            "unmet demand would fill 3.4 centres of 250 places",
            "La demanda sin lugar llenaría 3.4 centros de 250 lugares.",
            "The unmet demand would fill 3.4 centres of 250 places.",
        ),
        (
            "a centre of 110 places fits the unmet demand",
            "Un centro de 110 lugares cubre la demanda sin lugar.",
            "A centre of 110 places fits the unmet demand.",
        ),
    ],
)
def test_each_verdict_reads_in_spanish_and_english(engine: str, spanish: str, english: str) -> None:
    assert verdict_in(engine, "es") == spanish
    assert verdict_in(engine, "en") == english


def test_an_unknown_or_missing_verdict_is_shown_as_it_is() -> None:
    assert verdict_in("otra cosa", "es") == "otra cosa"
    assert verdict_in(None, "es") == "—"
    assert verdict_in("recomendado / recommended", "en") == "recommended"
