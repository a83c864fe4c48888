"""The scenario form's fields become the store's validated scenario parameters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from redceci.errors import InputError
from redceci.web.planning.scenarios import parameters_from


def test_catchment_sizes_and_costs_are_read_from_the_form() -> None:
    params = parameters_from(
        {
            "centres": "20",
            "states": ["19"],
            "catchment_minutes": "15",
            "sizes": "110, 180; 250",
            "costs": "25000000 30,000,000 36100000",
        }
    )
    assert params.catchment_minutes == 15.0
    assert params.sizes == [110, 180, 250]
    assert params.costs == [25e6, 30e6, 36.1e6]


def test_left_empty_they_stay_the_models() -> None:
    params = parameters_from({"centres": "20", "sizes": "", "costs": " "})
    assert params.sizes is None and params.costs is None and params.catchment_minutes is None


@pytest.mark.parametrize(
    "form",
    [
        {"sizes": "110"},  # costs missing
        {"sizes": "110 250", "costs": "1e6"},  # lengths differ
        {"sizes": "5", "costs": "1e6"},  # too small a centre
        {"catchment_minutes": "500"},
    ],
)
def test_inconsistent_values_are_refused(form: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        parameters_from(form)


def test_text_where_a_number_goes_is_refused() -> None:
    with pytest.raises(InputError):
        parameters_from({"sizes": "ciento diez", "costs": "1e6"})
