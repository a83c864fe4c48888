"""Amounts on the pages in the country pack's currency: Mexico's pesos as before, Guatemala's
quetzales, through the pages' ``money`` filter."""

from __future__ import annotations

import pytest

from redceci.countries import country_pack
from redceci.web.formats import money_in_words
from redceci.web.pages import money


def test_an_amount_in_millions_is_said_in_the_currency_s_words() -> None:
    assert money_in_words(36.1e9) == "36,100 millones de pesos"
    assert money_in_words(36.1e9, "en") == "36,100 million pesos"
    assert money_in_words(2.5e6, "es", "quetzales") == "2.5 millones de quetzales"
    assert money_in_words("nada") == "—"


@pytest.mark.parametrize(
    ("code", "lang", "said"),
    [
        ("mx", "es", "36,100 millones de pesos"),
        ("gt", "es", "36,100 millones de quetzales"),
        ("gt", "en", "36,100 million quetzales"),
    ],
)
def test_the_pages_money_filter_uses_the_deployment_s_currency(
    code: str, lang: str, said: str
) -> None:
    context = {"lang": lang, "country": country_pack(code).words}
    assert money(context, 36.1e9) == said
