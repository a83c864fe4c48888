"""A centre's full day in a real browser (Playwright driving Debian's chromium), on SQLite and
PostgreSQL, as issue 10's "Done means" lists it:

* morning: staff clock in and check children in with one tap; the health filter refuses a child
  with fever (reason from the list); in the maternales room the tablet goes offline, the page
  reloads from the service worker, five children are checked in offline, and after reconnecting
  all five are present exactly once (events counted in the database);
* a ratio alert: an educator leaves the lactantes room and the director's board turns it red
  (the seconds until it shows are measured);
* a drill: the roll-call lists exactly who is present, each tap marks one safe, to zero
  unaccounted;
* an incident recorded by staff and acknowledged by the guardian on her phone (390 px);
* the daily report: what a child ate and a note, read by the guardian;
* check-outs: a person not authorised is refused (and logged), a one-time code issued by the
  guardian hands the child to the named person, the grandmother takes another child.

Screenshots go to ``var/screenshots/operations/<backend>/``, with the measured times."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import sqlalchemy as sa

from redceci.operations.events import EventKind
from redceci.store.db import Database
from redceci.store.operations.models import EventRow
from tests.web.browser import chromium, signed_in_page
from tests.web.operations.conftest import Site

pytestmark = pytest.mark.browser

#: The most seconds a breach may take to show on the board (it polls every 2 s).
BOARD_SECONDS = 10.0


def events_of(db: Database, kind: EventKind, **where: Any) -> list[EventRow]:
    with db.reading() as s:
        query = sa.select(EventRow).where(EventRow.kind == kind, EventRow.status == "stored")
        for column, value in where.items():
            query = query.where(getattr(EventRow, column) == value)
        return list(s.scalars(query.order_by(EventRow.id)))


def synced(page: Any) -> None:
    """Wait until the page's queue has sent everything."""
    page.wait_for_selector("[data-testid=sync][data-pending='0']", timeout=20_000)


def eventually(check: Any, seconds: float = 15.0) -> None:
    """Wait until ``check()`` holds (what the server stored, read from the database)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the server did not get there in time"
        time.sleep(0.2)


def state_of(page: Any, child: int) -> str:
    return str(page.get_attribute(f"[data-testid=child-{child}]", "data-state"))


def test_a_centres_full_day_in_the_browser(site: Site) -> None:
    w, url, db = site.world, site.url, site.db
    centre = f"{url}/operaciones/centros/{w.centre}"
    kids, staff = w.children, w.staff
    timings: dict[str, float] = {}
    with chromium() as browser:
        director = signed_in_page(browser, url, "dir@ops.mx")
        assert director.url == centre  # the director lands on the live board
        tablet = signed_in_page(browser, url, "edu@ops.mx")
        assert tablet.url == centre  # the educator lands on the centre's rooms

        # -- Morning in the lactantes room: staff clock in, one tap per child, a refusal.
        tablet.click(f"a[href='/operaciones/centros/{w.centre}/salas/{w.lactantes}']")
        tablet.click(f"[data-testid=staff-{staff['Luisa']}]")
        tablet.click(f"[data-testid=staff-{staff['Marta']}]")
        tablet.click(f"[data-testid=tap-{kids['Ana']}]")
        tablet.click(f"[data-testid=tap-{kids['Beto']}]")
        assert state_of(tablet, kids["Ana"]) == "present"
        tablet.click(f"[data-testid=filter-{kids['Caro']}]")
        tablet.fill("[data-testid=temperature]", "38,6")
        tablet.select_option("[data-testid=refusal-reason]", "fever")
        tablet.click("[data-testid=filter-save]")
        assert state_of(tablet, kids["Caro"]) == "refused"
        synced(tablet)
        assert [e.child_id for e in events_of(db, EventKind.CHECK_IN)] == [
            kids["Ana"],
            kids["Beto"],
        ]
        [refusal] = events_of(db, EventKind.REFUSAL)
        assert refusal.child_id == kids["Caro"] and refusal.data["reason"] == "fever"
        assert refusal.data["observation"]["temperature_c"] == 38.6
        assert tablet.get_attribute("[data-testid=ratio]", "data-colour") == "amber"
        tablet.screenshot(path=str(site.shots / "ops-room-morning.png"), full_page=True)
        tablet.set_viewport_size({"width": 390, "height": 844})  # the same page on a phone
        assert tablet.evaluate("() => document.documentElement.scrollWidth") <= 390
        tap = tablet.locator(f"[data-testid=tap-{kids['Beto']}]").bounding_box()
        assert tap is not None and tap["height"] >= 100 and tap["width"] >= 150  # big targets
        tablet.screenshot(path=str(site.shots / "ops-room-phone.png"), full_page=True)
        tablet.set_viewport_size({"width": 1280, "height": 900})

        # -- The maternales room goes offline: the page reloads from the service worker, five
        # check-ins wait in the queue, and reach the server exactly once on reconnecting.
        room = f"{centre}/salas/{w.maternales}"
        tablet.goto(room)
        tablet.evaluate("() => navigator.serviceWorker.ready")
        tablet.reload()  # now through the service worker, which keeps a copy
        tablet.click(f"[data-testid=staff-{staff['Nora']}]")
        synced(tablet)
        tablet.context.set_offline(True)
        tablet.reload()
        assert tablet.url == room and tablet.locator("[data-testid=children]").count() == 1
        nora = f"[data-testid=staff] li[data-staff='{staff['Nora']}']"
        assert tablet.get_attribute(nora, "data-state") == "present"  # the state kept offline
        offline = [kids[k] for k in ("Dani", "Eva", "Fer", "Gael", "Hugo")]
        for child in offline:
            tablet.click(f"[data-testid=tap-{child}]")
        tablet.wait_for_selector("[data-testid=sync][data-pending='5']")
        assert "Sin conexión" in tablet.inner_text("[data-testid=sync]")
        tablet.screenshot(path=str(site.shots / "ops-room-offline.png"), full_page=True)
        checked_in = {e.child_id for e in events_of(db, EventKind.CHECK_IN)}
        assert not checked_in & set(offline), "nothing reached the server while offline"
        tablet.context.set_offline(False)
        synced(tablet)
        stored = [e.child_id for e in events_of(db, EventKind.CHECK_IN) if e.child_id in offline]
        assert sorted(stored) == sorted(offline), "all five present, each exactly once"
        tablet.reload()
        assert all(state_of(tablet, c) == "present" for c in offline)

        # -- A ratio alert: an educator leaves the lactantes room; the board turns it red.
        tablet.goto(f"{centre}/salas/{w.lactantes}")
        lactantes = f"[data-testid=room-{w.lactantes}]"
        director.wait_for_selector(f"{lactantes}[data-colour=amber]", timeout=15_000)
        started = time.monotonic()
        tablet.click(f"[data-testid=staff-{staff['Marta']}]")
        director.wait_for_selector(f"{lactantes}[data-colour=red]", timeout=30_000)
        timings["breach_to_board_s"] = round(time.monotonic() - started, 2)
        assert timings["breach_to_board_s"] < BOARD_SECONDS
        assert "Lactantes" in director.inner_text("[data-testid=alerts]")
        director.screenshot(path=str(site.shots / "ops-board-breach.png"), full_page=True)
        tablet.click(f"[data-testid=staff-{staff['Marta']}]")  # back in the room
        director.wait_for_selector(f"{lactantes}[data-colour=amber]", timeout=15_000)

        # -- A drill: the roll-call lists who is present; tapping each brings it to zero.
        director.click("[data-testid=start-drill]")
        director.wait_for_url(f"{centre}/pase-de-lista")
        present = 2 + len(offline) + 3  # children checked in, and the three educators
        assert director.inner_text("[data-testid=unaccounted]") == str(present)
        tablet.goto(f"{centre}/pase-de-lista")
        marks = tablet.locator("[data-testid^=mark-]")
        assert marks.count() == present
        started = time.monotonic()
        for i in range(present):
            tablet.locator("li[data-safe=false] button").first.click()
            assert tablet.inner_text("[data-testid=unaccounted]") == str(present - i - 1)
        tablet.wait_for_selector("[data-testid=all-safe]:visible")
        timings["roll_call_marks_s"] = round(time.monotonic() - started, 2)
        synced(tablet)
        assert len(events_of(db, EventKind.ROLL_CALL_MARK)) == present
        tablet.screenshot(path=str(site.shots / "ops-roll-call-done.png"), full_page=True)
        director.reload()
        assert director.inner_text("[data-testid=unaccounted]") == "0"
        director.click("[data-testid=end-rollcall]")
        director.wait_for_url(centre)
        assert "Último simulacro: 20" in director.inner_text("[data-testid=drill-status]")

        # -- An incident, acknowledged by the guardian on her phone.
        tablet.goto(f"{centre}/incidentes/nuevo")
        tablet.select_option("[data-testid=incident-child]", str(kids["Ana"]))
        tablet.select_option("[data-testid=incident-severity]", "minor")
        tablet.fill("[data-testid=incident-where]", "Patio")
        tablet.fill("[data-testid=incident-what]", "Se cayó del columpio")
        tablet.fill("[data-testid=incident-body]", "rodilla")
        tablet.fill("[data-testid=incident-aid]", "Agua y gasa")
        tablet.click("[data-testid=incident-save]")
        tablet.wait_for_url(centre)
        director.wait_for_function(
            "() => document.querySelector('[data-testid=incidents]').innerText.includes('columpio')"
        )
        phone = signed_in_page(browser, url, "mama@ops.mx", phone=True)
        phone.goto(f"{url}/operaciones/familia")
        assert "Se cayó del columpio" in phone.inner_text(f"[data-testid=child-{kids['Ana']}]")
        phone.locator("[data-testid^=acknowledge-]").click()
        phone.wait_for_selector("[data-testid^=acknowledged-]")
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(site.shots / "ops-family-phone.png"), full_page=True)
        director.wait_for_function(
            "() => document.querySelector('[data-testid=incidents]').innerText.includes('✓')"
        )

        # -- Check-outs: a stranger is refused (and logged), a one-time code, the grandmother.
        phone.fill(f"[data-testid=code-person-{kids['Ana']}]", "Tía Rosa")
        phone.click(f"[data-testid=issue-code-{kids['Ana']}]")
        code = phone.inner_text("[data-testid=code]").strip()
        tablet.goto(f"{centre}/salas/{w.lactantes}")
        # The daily report: what Ana ate and a note for her family.
        tablet.click(f"[data-testid=diary-{kids['Ana']}]")
        tablet.select_option("[data-testid=diary-entry]", "meal")
        tablet.select_option("[data-testid=diary-meal]", "lunch")
        tablet.select_option("[data-testid=diary-amount]", "most")
        tablet.click("[data-testid=diary-save]")
        tablet.click(f"[data-testid=diary-{kids['Ana']}]")
        tablet.select_option("[data-testid=diary-entry]", "note")
        tablet.fill("[data-testid=diary-text]", "Pintó con los dedos")
        tablet.click("[data-testid=diary-save]")
        synced(tablet)
        tablet.click(f"[data-testid=tap-{kids['Ana']}]")
        tablet.fill("[data-testid=pickup-name]", "Señor Desconocido")
        tablet.click("[data-testid=pickup-submit]")
        tablet.wait_for_selector("[data-testid=problems]:visible")
        assert "Rechazado" in tablet.inner_text("[data-testid=problems]")
        tablet.wait_for_function(
            f"() => document.querySelector('[data-testid=child-{kids['Ana']}]').dataset.state"
            " === 'present'"
        )
        [refused] = events_of(db, EventKind.PICKUP_REFUSED)
        assert refused.child_id == kids["Ana"]
        tablet.click(f"[data-testid=tap-{kids['Ana']}]")
        tablet.fill("[data-testid=pickup-code]", code)
        tablet.fill("[data-testid=pickup-name]", "Tía Rosa")
        tablet.click("[data-testid=pickup-submit]")
        tablet.click(f"[data-testid=tap-{kids['Beto']}]")
        tablet.click(f"[data-testid=pickup-person-{w.authorised['Beto']}]")
        synced(tablet)

        def outs() -> dict[int | None, str]:
            return {e.child_id: e.data["picked_up_by"] for e in events_of(db, EventKind.CHECK_OUT)}

        eventually(lambda: len(outs()) == 2)
        assert outs() == {kids["Ana"]: "Tía Rosa", kids["Beto"]: "Abuela de Beto"}
        tablet.reload()
        assert state_of(tablet, kids["Ana"]) == state_of(tablet, kids["Beto"]) == "left"
        tablet.screenshot(path=str(site.shots / "ops-room-evening.png"), full_page=True)
        phone.goto(f"{url}/operaciones/familia")
        report = phone.inner_text(f"[data-testid=report-{kids['Ana']}]")
        assert "Tía Rosa" in report and "Comida: casi todo" in report
        assert "Pintó con los dedos" in report
    (site.shots / "timings.json").write_text(
        json.dumps({"backend": site.backend, **timings}, indent=2), encoding="utf-8"
    )
