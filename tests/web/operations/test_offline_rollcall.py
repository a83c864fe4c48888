"""A roll-call started offline, in chromium on SQLite and PostgreSQL (issue 10: "the roll-call
must work offline"). The centre's tablet knows who is present (three children and an educator
checked in online, a fourth child checked in after the connection dropped); with no
connection, a drill is started on the roll-call page (served by the service worker), its list
is built in the browser from that last known presence, everyone is marked safe; on reconnecting
the server stores the start and every mark exactly once, and its roll-call (who was present at
the start's device time, from the events) ends at zero unaccounted with the same people.

The pick-up sheet shows, before the tap, the identity document of an authorised person and the
reference of the centre's photo."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from redceci.operations.events import EventKind
from redceci.store.db import Database
from redceci.store.operations import events, live, pickup
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.models import EventRow
from tests.web.browser import chromium, signed_in_page
from tests.web.operations.conftest import Site

pytestmark = pytest.mark.browser

TZ = ZoneInfo("America/Mexico_City")


def stored(db: Database, kind: EventKind) -> list[EventRow]:
    with db.reading() as s:
        return list(
            s.scalars(
                sa.select(EventRow)
                .where(EventRow.kind == kind, EventRow.status == "stored")
                .order_by(EventRow.id)
            )
        )


def store_online(site: Site, *fields: dict[str, object]) -> None:
    """Send ``fields`` as one batch from a connected device, a minute apart from 10 minutes
    ago; every event is stored."""
    w, now = site.world, dt.datetime.now(dt.UTC)
    batch = [
        EventIn(
            idempotency_key=uuid.uuid4().hex,
            device_time=now - dt.timedelta(minutes=10 - i),
            **f,  # type: ignore[arg-type]
        )
        for i, f in enumerate(fields)
    ]
    results = events.ingest(site.db, w.director, w.centre, batch, tz=TZ)
    assert {str(r.status) for r in results} == {"stored"}


def test_a_drill_started_offline_reaches_zero_unaccounted_on_the_server_with_each_mark_once(
    site: Site,
) -> None:
    w, url, db = site.world, site.url, site.db
    kids, luisa = w.children, w.staff["Luisa"]
    store_online(
        site,
        {"kind": "staff_in", "staff_id": luisa, "room_id": w.lactantes},
        {"kind": "check_in", "child_id": kids["Ana"]},
        {"kind": "check_in", "child_id": kids["Beto"]},
        {"kind": "check_in", "child_id": kids["Dani"]},
    )
    centre = f"{url}/operaciones/centros/{w.centre}"
    rollcall = f"{centre}/pase-de-lista"
    with chromium() as browser:
        tablet = signed_in_page(browser, url, "edu@ops.mx")
        tablet.goto(f"{centre}/salas/{w.lactantes}")
        tablet.evaluate("() => navigator.serviceWorker.ready")
        tablet.goto(rollcall)  # kept by the service worker
        assert tablet.locator("[data-testid=no-rollcall]").is_visible()
        tablet.goto(f"{centre}/salas/{w.lactantes}")
        tablet.wait_for_selector(f"[data-testid=child-{kids['Ana']}][data-state=present]")

        tablet.context.set_offline(True)
        tablet.click(f"[data-testid=tap-{kids['Caro']}]")  # checked in offline, still queued
        tablet.wait_for_selector("[data-testid=sync][data-pending='1']")
        tablet.goto(rollcall)  # from the service worker's copy
        tablet.click("[data-testid=start-drill]")
        tablet.wait_for_selector("[data-testid=rollcall-body]:visible")
        expected = {f"mark-child-{kids[k]}" for k in ("Ana", "Beto", "Caro", "Dani")} | {
            f"mark-staff-{luisa}"
        }
        marks = tablet.locator("[data-testid^=mark-]")
        assert {marks.nth(i).get_attribute("data-testid") for i in range(marks.count())} == expected
        assert tablet.inner_text("[data-testid=unaccounted]") == "5"
        tablet.locator("li[data-safe=false] button").first.click()
        tablet.reload()  # offline again from the service worker: the roll-call is kept
        assert tablet.inner_text("[data-testid=unaccounted]") == "4"
        for left in (3, 2, 1, 0):
            tablet.locator("li[data-safe=false] button").first.click()
            assert tablet.inner_text("[data-testid=unaccounted]") == str(left)
        tablet.wait_for_selector("[data-testid=all-safe]:visible")
        tablet.wait_for_selector("[data-testid=sync][data-pending='7']")  # check-in, start, 5 marks
        tablet.screenshot(path=str(site.shots / "ops-roll-call-offline.png"), full_page=True)
        assert not stored(db, EventKind.ROLL_CALL_START), "nothing reached the server offline"

        tablet.context.set_offline(False)
        tablet.wait_for_selector("[data-testid=sync][data-pending='0']", timeout=30_000)
        tablet.wait_for_selector("[data-ops-rollcall]:not([data-roll-call=''])", timeout=15_000)
        assert tablet.inner_text("[data-testid=unaccounted]") == "0"
        [start] = stored(db, EventKind.ROLL_CALL_START)
        marks_stored = stored(db, EventKind.ROLL_CALL_MARK)
        assert len(marks_stored) == 5, "each mark exactly once"
        assert {m.data["roll_call_id"] for m in marks_stored} == {start.id}
        call = live.roll_call(db, w.director, w.centre, tz=TZ)
        assert call["unaccounted"] == 0 and call["key"] == start.key
        assert {f"mark-{p['kind']}-{p['id']}" for p in call["people"]} == expected
        tablet.screenshot(path=str(site.shots / "ops-roll-call-synced.png"), full_page=True)


LOSE_MARK = """(child) => new Promise((resolve, reject) => {
  const opened = indexedDB.open("redceci-operations");
  opened.onerror = () => reject(opened.error);
  opened.onsuccess = () => {
    const t = opened.result.transaction("actions", "readwrite");
    const cursor = t.objectStore("actions").openCursor();
    let lost = 0;
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      if (c.value.event.kind === "roll_call_mark" && c.value.event.child_id === child) {
        c.delete();
        lost += 1;
      }
      c.continue();
    };
    t.oncomplete = () => resolve(lost);
  };
})"""


def test_a_mark_lost_from_the_queue_is_sent_again_and_a_drill_ended_offline_is_ended_once(
    site: Site,
) -> None:
    w, url, db = site.world, site.url, site.db
    kids, luisa = w.children, w.staff["Luisa"]
    ana, beto = kids["Ana"], kids["Beto"]
    with db.transaction() as s:  # a new day's record: no roll-call open, nobody present
        s.execute(sa.delete(EventRow))
    store_online(
        site,
        {"kind": "staff_in", "staff_id": luisa, "room_id": w.lactantes},
        {"kind": "check_in", "child_id": ana},
        {"kind": "check_in", "child_id": beto},
    )
    centre = f"{url}/operaciones/centros/{w.centre}"
    rollcall = f"{centre}/pase-de-lista"
    with chromium() as browser:
        tablet = signed_in_page(browser, url, "edu@ops.mx")
        tablet.goto(f"{centre}/salas/{w.lactantes}")
        tablet.evaluate("() => navigator.serviceWorker.ready")
        tablet.goto(rollcall)
        tablet.context.set_offline(True)
        tablet.reload()  # the service worker's copy
        tablet.click("[data-testid=start-drill]")
        tablet.wait_for_selector("[data-testid=rollcall-body]:visible")
        assert tablet.inner_text("[data-testid=unaccounted]") == "3"
        tablet.click(f"[data-testid=mark-child-{ana}]")
        tablet.click(f"[data-testid=mark-child-{beto}]")
        tablet.wait_for_selector("[data-testid=sync][data-pending='3']")  # start, two marks
        # the queue's write of Beto's mark is lost (as when a reload aborts it)
        assert tablet.evaluate(LOSE_MARK, beto) == 1

        tablet.context.set_offline(False)  # the start and Ana's mark go; the page reloads
        tablet.wait_for_selector("[data-ops-rollcall]:not([data-roll-call=''])", timeout=30_000)
        tablet.wait_for_selector("[data-testid=sync][data-pending='0']", timeout=30_000)
        [start] = stored(db, EventKind.ROLL_CALL_START)
        marked = {m.child_id for m in stored(db, EventKind.ROLL_CALL_MARK)}
        assert marked == {ana, beto}, "Beto's lost mark was put again and stored"
        assert tablet.inner_text("[data-testid=unaccounted]") == "1"

        tablet.context.set_offline(True)  # the drill ends offline
        tablet.click(f"[data-testid=mark-staff-{luisa}]")
        tablet.click("[data-testid=end-rollcall]")
        tablet.wait_for_selector("[data-testid=ended-offline]:visible")
        tablet.wait_for_selector("[data-testid=sync][data-pending='2']")
        tablet.reload()  # the service worker's copy: the end is still waiting, and shown
        tablet.wait_for_selector("[data-testid=ended-offline]:visible")
        assert not stored(db, EventKind.ROLL_CALL_END)

        tablet.context.set_offline(False)
        tablet.wait_for_selector("[data-testid=sync][data-pending='0']", timeout=30_000)
        [end] = stored(db, EventKind.ROLL_CALL_END)
        assert end.data["roll_call_id"] == start.id
        assert len(stored(db, EventKind.ROLL_CALL_MARK)) == 3, "each mark exactly once"
        call = live.roll_call(db, w.director, w.centre, tz=TZ)
        assert call["unaccounted"] == 0 and call["ended_at"] is not None


def test_the_pick_up_sheet_shows_the_persons_document_and_the_centres_photo(site: Site) -> None:
    w, url = site.world, site.url
    grandma = w.authorised["Eva"]
    pickup.set_photo_ref(
        site.db, w.director, w.centre, grandma, pickup.PhotoRefData(photo_ref="Archivo 4, foto 2")
    )
    eva = w.children["Eva"]
    assert {
        str(r.status)
        for r in events.ingest(
            site.db,
            w.director,
            w.centre,
            [
                EventIn(
                    idempotency_key=uuid.uuid4().hex,
                    kind=EventKind.CHECK_IN,
                    device_time=dt.datetime.now(dt.UTC),
                    child_id=eva,
                )
            ],
            tz=TZ,
        )
    } == {"stored"}
    with chromium() as browser:
        tablet = signed_in_page(browser, url, "edu@ops.mx")
        tablet.goto(f"{url}/operaciones/centros/{w.centre}/salas/{w.maternales}")
        tablet.click(f"[data-testid=tap-{eva}]")
        identity = tablet.inner_text(f"[data-testid=pickup-identity-{grandma}]")
        assert (
            identity
            == "Credencial para votar (INE) INE-0004 · Foto en el centro: Archivo 4, foto 2"
        )
        tablet.screenshot(path=str(site.shots / "ops-pickup-identity.png"))
