"""Dashboards by scope: a national planner sees the nation against the 2030 goals, a state
coordinator their state's board (its coverage only), a partner their proposals, a centre's
staff their centre."""

from __future__ import annotations

import re

from redceci.countries import activate, country_pack
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.platform.centre_import import import_centres_csv
from redceci.store.testing import add_user
from tests.store.platform.test_centre_import import GOOD
from tests.web.world import Enrolment, People, WebClient


def title(html: str) -> str:
    found = re.search(r'data-testid="board-title">([^<]+)<', html)
    assert found is not None
    return found.group(1)


def test_a_planner_sees_the_national_board_with_the_goals(
    client: WebClient, people: People
) -> None:
    client.login("planner@x.mx")
    page = client.get("/tablero").text
    assert title(page) == "Tablero nacional"
    assert "Meta" in page or "meta" in page
    assert 'data-testid="coverage-bars"' in page


def test_a_state_coordinator_sees_their_states_board_only(
    client: WebClient, people: People
) -> None:
    client.login("coord@x.mx")
    page = client.get("/tablero").text
    assert title(page) == "Tablero estatal: Nuevo León"
    bars = page.split('data-testid="coverage-bars"')[1].split("</ol>")[0]
    assert bars.count("<li>") == 1 and "Nuevo León" in bars  # one state, not 32
    assert "<progress" not in page  # national goals are not a state's


def test_a_partner_sees_their_proposals_on_their_board(client: WebClient, people: People) -> None:
    client.login("a@x.mx")
    page = client.get("/tablero").text
    assert title(page) == "Tablero de su organización: Parque A"
    assert 'data-testid="own-proposals"' in page
    assert 'data-testid="coverage-bars"' not in page


def test_centre_staff_see_their_centre(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    add_user(db, "staff@x.mx", Grant(Role.CENTRE_STAFF, centre_id=enrolment.north), name="Ed")
    client.login("staff@x.mx")
    page = client.get("/tablero").text
    assert title(page) == "Tablero de su centro: CECI Aguascalientes Norte"
    own = page.split('data-testid="own-centres"')[1].split("</section>")[0]
    assert f'href="/centros/{enrolment.north}"' in own and "Sur" not in own


def total(html: str) -> int:
    found = re.search(r'data-testid="total-centres">([\d,]+)<', html)
    assert found is not None
    return int(found.group(1).replace(",", ""))


def test_the_kept_board_follows_the_registry_and_the_language(
    client: WebClient, people: People, db: Database
) -> None:
    client.login("planner@x.mx")
    before = client.get("/tablero").text
    assert client.get("/tablero").text == before  # kept, and the same
    planner = add_user(db, "importer@x.mx", Grant(Role.NATIONAL_PLANNER))
    activate(country_pack("mx"))
    try:
        import_centres_csv(db, planner, GOOD.encode())  # two operating centres
    finally:
        activate(None)
    after = client.get("/tablero").text
    assert total(after) == total(before) + 2
    english = client.get("/tablero?lang=en").text
    assert title(english) == "National dashboard" and total(english) == total(after)
