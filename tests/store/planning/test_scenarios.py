"""The registry as the planner reads it: operating centres are supply, approved and under
construction ones are kept, proposed and closed ones are left out, and so is any centre
without places."""

from __future__ import annotations

import pytest

from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.store.platform import centres
from redceci.store.testing import add_user
from tests.store.platform.test_centres import centre


def test_the_planner_reads_supply_and_kept_centres_with_their_places(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    made = {
        "B-OPER": centre("B-OPER", status=CentreStatus.OPERATING),
        "A-APPR": centre("A-APPR", status=CentreStatus.APPROVED, scheme="CECI Empresa"),
        "C-BUILD": centre("C-BUILD", status=CentreStatus.UNDER_CONSTRUCTION, lat=20.1),
        "D-PROP": centre("D-PROP", status=CentreStatus.PROPOSED),
        "E-CLOSED": centre("E-CLOSED", status=CentreStatus.CLOSED),
        "F-EMPTY": centre("F-EMPTY", status=CentreStatus.OPERATING, rooms=[]),
    }
    for data in made.values():
        centres.create_centre(db, admin, data)
    frame = scenarios.registry_for_planning(db)
    assert list(frame.columns) == ["id", "name", "lat", "lon", "places", "status", "scheme"]
    assert frame.to_dict(orient="records") == [
        {
            "id": "A-APPR",
            "name": "CECI A-APPR",
            "lat": 25.67,
            "lon": -100.31,
            "places": 110,
            "status": "planned",
            "scheme": "CECI Empresa",
        },
        {
            "id": "B-OPER",
            "name": "CECI B-OPER",
            "lat": 25.67,
            "lon": -100.31,
            "places": 110,
            "status": "operating",
            "scheme": "CECI IMSS",
        },
        {
            "id": "C-BUILD",
            "name": "CECI C-BUILD",
            "lat": 20.1,
            "lon": -100.31,
            "places": 110,
            "status": "planned",
            "scheme": "CECI IMSS",
        },
    ]


def test_an_empty_registry_reads_as_an_empty_frame_with_the_columns(db: Database) -> None:
    frame = scenarios.registry_for_planning(db)
    assert frame.empty and list(frame.columns)[:2] == ["id", "name"]


def test_a_run_s_former_peso_names_still_load_with_a_warning() -> None:
    # An API request or a stored run that still says budget_mxn / costs_mxn (before issue 16).
    old = {"budget_mxn": 5e8, "sizes": [110], "costs_mxn": [2e7]}
    with pytest.warns(FutureWarning) as warned:
        params = scenarios.ScenarioParameters.model_validate(old)
    assert sorted(str(w.message).split(" is ")[0] for w in warned) == [
        "[scenario] budget_mxn",
        "[scenario] costs_mxn",
    ]
    assert (params.budget, params.costs) == (5e8, [2e7])
    assert "budget_mxn" not in params.model_dump() and "costs" in params.model_dump()
