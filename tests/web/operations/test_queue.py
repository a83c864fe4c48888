"""The offline queue (``static/operations/queue.js``) in a real browser: actions taken offline
wait in IndexedDB with their idempotency keys and device times, go out in batches of 50 when the
browser is back online, a failed batch is resent later with the same keys (so the server can
store each once), and the server's answer for each action is handed back. The server's side of
exactly-once is tested with the whole day (``test_browser.py``); here the endpoint is played by
Playwright's request routing so that failures can be made to order."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redceci.app import create_app
from redceci.settings import Settings
from redceci.store.testing import temporary_database
from tests.web.browser import chromium, require_chromium, serving

pytestmark = pytest.mark.browser

ENDPOINT = "/api/operations/centres/7/events"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[str]:
    require_chromium()
    folder: Path = tmp_path_factory.mktemp("queue")
    with temporary_database("sqlite", folder) as db:
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        with serving(app) as served:
            yield served


class Endpoint:
    """Answers the queue's POSTs: the first ``fail`` with 503, then one result per event."""

    def __init__(self, fail: int, statuses: dict[int, str] | None = None) -> None:
        self.fail = fail
        self.statuses = statuses or {}
        self.batches: list[list[dict[str, Any]]] = []
        self.times: list[float] = []
        self.headers: list[dict[str, str]] = []

    def __call__(self, route: Any) -> None:
        events = json.loads(route.request.post_data)["events"]
        self.batches.append(events)
        self.times.append(time.monotonic())
        self.headers.append(route.request.headers)
        if len(self.batches) <= self.fail:
            route.fulfill(status=503, content_type="application/json", body="{}")
            return
        results = [
            {
                "idempotency_key": e["idempotency_key"],
                "status": self.statuses.get(e["child_id"], "stored"),
                "reason": "ya salió" if e["child_id"] in self.statuses else None,
            }
            for e in events
        ]
        route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"results": results})
        )


def _page(browser: Any, url: str, endpoint: Endpoint) -> tuple[Any, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.route(f"**{ENDPOINT}", endpoint)
    page.goto(f"{url}/entrar")
    page.add_script_tag(url=f"{url}/static/operations/queue.js")
    page.evaluate(
        """endpoint => {
            window.answers = [];
            window.queue = new RedceciQueue({
                centreId: 7, endpoint: endpoint, csrf: "token-1",
                onResult: r => window.answers.push(...r)
            });
        }""",
        ENDPOINT,
    )
    return context, page


def _pending(page: Any) -> int:
    return int(page.evaluate("() => window.queue.pending().then(items => items.length)"))


def test_actions_taken_offline_are_sent_in_batches_once_online_and_resent_with_the_same_keys(
    url: str,
) -> None:
    endpoint = Endpoint(fail=1)
    with chromium() as browser:
        context, page = _page(browser, url, endpoint)
        context.set_offline(True)
        page.evaluate(
            """async () => {
                for (let i = 1; i <= 120; i++) await window.queue.add({kind: "check_in", child_id: i});
            }"""
        )
        assert _pending(page) == 120 and endpoint.batches == []
        context.set_offline(False)
        page.wait_for_function(
            "() => window.queue.pending().then(items => items.length === 0)", timeout=20_000
        )
        page.wait_for_function("() => window.answers.length === 120")
        context.close()
    sizes = [len(b) for b in endpoint.batches]
    assert sizes == [50, 50, 50, 20]
    keys = [[e["idempotency_key"] for e in b] for b in endpoint.batches]
    assert keys[0] == keys[1], "a failed batch is resent with the same idempotency keys"
    sent = [e for b in endpoint.batches[1:] for e in b]
    assert [e["child_id"] for e in sent] == list(range(1, 121)), "oldest first, each once"
    assert len({e["idempotency_key"] for e in sent}) == 120
    times = [e["device_time"] for e in sent]
    assert times == sorted(times) and all(t.endswith("Z") for t in times)
    assert endpoint.times[1] - endpoint.times[0] >= 0.7, "the resend waits (backoff)"
    assert all(h["x-csrf-token"] == "token-1" for h in endpoint.headers)


def test_the_servers_answer_for_each_action_is_handed_back_and_the_action_leaves_the_queue(
    url: str,
) -> None:
    endpoint = Endpoint(fail=0, statuses={2: "conflict"})
    with chromium() as browser:
        context, page = _page(browser, url, endpoint)
        page.evaluate(
            """async () => {
                await window.queue.add({kind: "check_out", child_id: 1});
                await window.queue.add({kind: "check_out", child_id: 2});
            }"""
        )
        page.wait_for_function("() => window.answers.length === 2", timeout=10_000)
        answers = page.evaluate("() => window.answers")
        assert _pending(page) == 0
        context.close()
    assert sorted((a["event"]["child_id"], a["status"]) for a in answers) == [
        (1, "stored"),
        (2, "conflict"),
    ]
    assert next(a for a in answers if a["status"] == "conflict")["reason"] == "ya salió"
