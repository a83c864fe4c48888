"""The morning check-in peak against PostgreSQL with several server processes, and what the
director and the brigade see: the roll-call of a 250-child centre and how soon the live board
shows a check-in.

Issue 10's target: 1,000 centres x 250 children checking in within about 90 minutes (peaks of
~150 check-ins/s nationally); the check-in endpoint should hold 500 requests/s with p99 under
200 ms on PostgreSQL with several workers, and afterwards every event is stored exactly once.

What runs:

- a fresh PostgreSQL database (127.0.0.1:5432) with the real states, ``--centres`` SYNTHETIC
  centres of ``--children`` enrolled children each (made-up families, bulk-inserted), a few
  adults per centre, and a national administrator's API token;
- ``uvicorn --factory redceci.app:queued_app --workers N`` (as in production);
- an asyncio client (raw HTTP/1.1 keep-alive, ``--connections`` at once, no library) sending
  one check-in per request, each child once, for ``--seconds``; a share ``--resend`` of the
  requests deliberately resends an earlier event with the same idempotency key (an offline
  queue retrying); every answer is checked;
- afterwards the check-ins in the database are counted: each acknowledged key exactly once;
- the roll-call of one 250-child centre with everyone present (mean of 20 GETs), and the time
  from a check-in's acknowledgement until the centre's board shows it (polling, 10 times);
- what other work on the machine does not distort: the CPU time the server processes and the
  database's backends spent per request during the peak (from ``/proc``), and, in this
  process (the app served in-process to a test client), the database round trips of one
  check-in (statements, connection checks, begin and commit) and of one board and roll-call.

The client shares the 2 cores with the servers and PostgreSQL: the figures are a floor for the
server, recorded with the load average. Writes ``bench/results/operations.json``.

    .venv/bin/python bench/operations.py [--workers 2] [--connections 32] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from machine import describe_machine
from redceci.countries.mx.identity import made_up_curp
from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import get_settings
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom, Family
from redceci.store.operations.models import EventRow, StaffMember
from redceci.store.platform import accounts
from redceci.store.platform.models import Centre
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, postgres_unreachable, temporary_database

OUT = Path(__file__).parent / "results" / "operations.json"
STATES = ("22", "19", "14", "09", "15", "11")


def _populate(db: Database, centres: int, children: int) -> list[tuple[int, list[int]]]:
    """SYNTHETIC centres with two rooms each and ``children`` enrolled children, bulk-inserted."""
    today = dt.date.today()
    out: list[tuple[int, list[int]]] = []
    with db.transaction() as session:
        for c in range(centres):
            centre = Centre(
                code=f"BENCH-{c:04d}",
                name=f"CECI sintético {c}",
                scheme="CECI IMSS",
                operator="IMSS",
                state_code=STATES[c % len(STATES)],
                lat=20.0 + c * 0.01,
                lon=-100.0,
                status=CentreStatus.OPERATING,
                status_since=today - dt.timedelta(days=60),
            )
            session.add(centre)
            session.flush()
            rooms = [
                EnrolmentRoom(
                    centre_id=centre.id,
                    position=0,
                    name="lactantes",
                    min_months=1,
                    min_days=13,
                    max_months=19,
                    max_days=0,
                    places=children,
                ),
                EnrolmentRoom(
                    centre_id=centre.id,
                    position=1,
                    name="maternales",
                    min_months=19,
                    min_days=0,
                    max_months=48,
                    max_days=0,
                    places=children,
                ),
            ]
            session.add_all(rooms)
            session.flush()
            families = [{"ref": f"BENCH-{c}-{k}"} for k in range(children)]
            fam_ids = (
                session.execute(sa.insert(Family).returning(Family.id), families).scalars().all()
            )
            kids = []
            for k, fam in enumerate(fam_ids):
                birth = today - dt.timedelta(days=60 + (k * 37) % 1300)
                kids.append(
                    {
                        "family_id": fam,
                        "name": f"Niña sintética {c}-{k}",
                        "curp": made_up_curp(10_000_000 + c * 1000 + k, birth, sex="M"),
                        "birth_date": birth,
                        "disability": False,
                    }
                )
            child_ids = session.execute(sa.insert(Child).returning(Child.id), kids).scalars().all()
            session.execute(
                sa.insert(Enrolment),
                [
                    {
                        "child_id": ch,
                        "room_id": rooms[0 if (k * 37) % 1300 < 480 else 1].id,
                        "since": today,
                    }
                    for k, ch in enumerate(child_ids)
                ],
            )
            session.execute(
                sa.insert(StaffMember),
                [
                    {
                        "centre_id": centre.id,
                        "name": f"Educadora {c}-{s}",
                        "role": "assistant",
                        "counts_in_ratio": True,
                        "active": True,
                    }
                    for s in range(max(children // 12, 2))
                ],
            )
            out.append((centre.id, list(child_ids)))
    return out


class Conn:
    """One keep-alive HTTP/1.1 connection (enough for uvicorn's Content-Length answers)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port, self.token = host, port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {self.token}\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)


def _check_in(child: int, key: str) -> dict[str, Any]:
    return {
        "idempotency_key": key,
        "kind": "check_in",
        "device_time": dt.datetime.now(dt.UTC).isoformat(),
        "child_id": child,
        "observation": {"temperature_c": 36.5},
    }


async def _peak(
    port: int,
    token: str,
    work: list[tuple[int, int]],
    *,
    seconds: float,
    connections: int,
    resend: float,
    seed: int,
) -> dict[str, Any]:
    rng = random.Random(seed)
    queue = list(work)
    rng.shuffle(queue)
    sent: list[tuple[int, dict[str, Any]]] = []  # (centre, event) acknowledged as stored
    latencies: list[float] = []
    outcome: dict[str, int] = {}
    problems: list[str] = []
    resends = 0
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal resends
        conn = Conn("127.0.0.1", port, token)
        while time.monotonic() < deadline:
            if sent and rng.random() < resend:
                centre, event = sent[rng.randrange(len(sent))]
                resends += 1
            elif queue:
                centre, child = queue.pop()
                event = _check_in(child, str(uuid.uuid4()))
            else:
                break
            body = json.dumps({"events": [event]}).encode()
            t0 = time.perf_counter()
            status, answer = await conn.request(
                "POST", f"/api/operations/centres/{centre}/events", body
            )
            latencies.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                problems.append(f"{status} {answer[:200]!r}")
                continue
            result = json.loads(answer)["results"][0]
            outcome[result["status"]] = outcome.get(result["status"], 0) + 1
            if result["status"] == "stored":
                sent.append((centre, event))

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "elapsed_s": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "outcome": outcome,
        "resends": resends,
        "errors": problems[:5],
        "error_count": len(problems),
        "stored_keys": [e["idempotency_key"] for _, e in sent],
    }


async def _everyone_in(port: int, token: str, centre: int, children: list[int]) -> None:
    conn = Conn("127.0.0.1", port, token)
    for i in range(0, len(children), 200):
        batch = [_check_in(c, str(uuid.uuid4())) for c in children[i : i + 200]]
        status, answer = await conn.request(
            "POST",
            f"/api/operations/centres/{centre}/events",
            json.dumps({"events": batch}).encode(),
        )
        assert status == 200, answer[:300]


async def _roll_call(port: int, token: str, centre: int, children: list[int]) -> dict[str, Any]:
    await _everyone_in(port, token, centre, children)
    conn = Conn("127.0.0.1", port, token)
    start = {
        "idempotency_key": str(uuid.uuid4()),
        "kind": "roll_call_start",
        "device_time": dt.datetime.now(dt.UTC).isoformat(),
        "drill": True,
    }
    status, answer = await conn.request(
        "POST", f"/api/operations/centres/{centre}/events", json.dumps({"events": [start]}).encode()
    )
    assert status == 200 and json.loads(answer)["stored"] == 1, answer[:300]
    times = []
    listed = 0
    for _ in range(20):
        t0 = time.perf_counter()
        status, answer = await conn.request("GET", f"/api/operations/centres/{centre}/roll-call")
        times.append((time.perf_counter() - t0) * 1000)
        assert status == 200, answer[:300]
        listed = json.loads(answer)["total"]
    return {
        "children_present": len(children),
        "people_listed": listed,
        "mean_ms": round(statistics.mean(times), 1),
        "max_ms": round(max(times), 1),
    }


async def _board_latency(
    port: int, token: str, centre: int, children: list[int], tries: int = 10
) -> dict[str, Any]:
    conn = Conn("127.0.0.1", port, token)
    waits, board_ms = [], []
    for child in children[:tries]:
        t0 = time.perf_counter()
        status, answer = await conn.request(
            "POST",
            f"/api/operations/centres/{centre}/events",
            json.dumps({"events": [_check_in(child, str(uuid.uuid4()))]}).encode(),
        )
        assert status == 200 and json.loads(answer)["stored"] == 1, answer[:300]
        while True:
            b0 = time.perf_counter()
            status, answer = await conn.request("GET", f"/api/operations/centres/{centre}/board")
            board_ms.append((time.perf_counter() - b0) * 1000)
            present = {c["child_id"] for r in json.loads(answer)["rooms"] for c in r["children"]}
            if child in present:
                break
        waits.append((time.perf_counter() - t0) * 1000)
    return {
        "check_ins": tries,
        "mean_ms": round(statistics.mean(waits), 1),
        "max_ms": round(max(waits), 1),
        "board_get_mean_ms": round(statistics.mean(board_ms), 1),
    }


def _cpu_s(pid: int) -> float:
    """A process's CPU time (user + system) in seconds, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _workers(server: int) -> list[int]:
    """The server's worker processes (uvicorn's children) and itself."""
    try:
        kids = Path(f"/proc/{server}/task/{server}/children").read_text().split()
    except OSError:
        kids = []
    return [server, *(int(k) for k in kids)]


def _backends(db: Database) -> list[int]:
    """The PostgreSQL backends connected to the bench's database (the servers' pools)."""
    name = sa.engine.make_url(db.url).database
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": name},
        ).scalars()
        return [int(r) for r in rows]


def _cpu(pids: list[int]) -> dict[int, float]:
    return {p: _cpu_s(p) for p in pids}


def _round_trips(db: Database, token: str, centre: int, children: list[int]) -> dict[str, Any]:
    """Database round trips per request, counted in this process: the app on a test client,
    one check-in per request for ``children``, then the board and the roll-call."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from redceci.app import create_app

    count = {"n": 0}

    def one(*_: Any) -> None:
        count["n"] += 1

    settings = get_settings(database_url=db.url, offer_sweep_seconds=0)
    app = create_app(settings, database=db, migrate=False)
    head = {"Authorization": f"Bearer {token}"}
    hooks = [
        (db.engine, "before_cursor_execute"),
        (db.engine, "begin"),
        (db.engine, "commit"),
        (db.engine, "rollback"),
        (db.engine.pool, "checkout"),
    ]
    per: dict[str, list[int]] = {"check_in": [], "board": [], "roll_call": []}
    path_events = f"/api/operations/centres/{centre}/events"
    with TestClient(app) as client:
        for target, name in hooks:
            event.listen(target, name, one)
        try:
            cpu0 = time.process_time()
            for child in children:
                count["n"] = 0
                body = {"events": [_check_in(child, str(uuid.uuid4()))]}
                answer = client.post(
                    f"/api/operations/centres/{centre}/events", json=body, headers=head
                )
                assert answer.status_code == 200 and answer.json()["stored"] == 1, answer.text
                per["check_in"].append(count["n"])
            cpu = (time.process_time() - cpu0) / len(children)
            drill = {
                "idempotency_key": str(uuid.uuid4()),
                "kind": "roll_call_start",
                "device_time": dt.datetime.now(dt.UTC).isoformat(),
                "drill": True,
            }
            answer = client.post(path_events, json={"events": [drill]}, headers=head)
            assert answer.status_code == 200 and answer.json()["stored"] == 1, answer.text
            for what, path in (("board", "board"), ("roll_call", "roll-call")):
                for _ in range(3):
                    count["n"] = 0
                    answer = client.get(f"/api/operations/centres/{centre}/{path}", headers=head)
                    assert answer.status_code == 200, answer.text
                    per[what].append(count["n"])
        finally:
            for target, name in hooks:
                event.remove(target, name, one)
    return {
        "check_in_round_trips": statistics.median(per["check_in"]),
        "board_round_trips": statistics.median(per["board"]),
        "roll_call_round_trips": statistics.median(per["roll_call"]),
        "check_in_cpu_ms_in_process_with_client": round(cpu * 1000, 2),
        "check_ins": len(children),
    }


def _wait(url: str, seconds: float = 180.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=40)
    parser.add_argument("--children", type=int, default=250)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--resend", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    why = postgres_unreachable()
    if why:
        sys.exit(f"PostgreSQL at 127.0.0.1:5432 is needed: {why}")
    settings = get_settings()
    with tempfile.TemporaryDirectory() as tmp, temporary_database("postgresql", Path(tmp)) as db:
        load_states(db, settings.data)
        t0 = time.perf_counter()
        centres = _populate(db, args.centres, args.children)
        setup_s = time.perf_counter() - t0
        admin = add_user(db, "bench@x.mx", Grant(Role.ADMINISTRATOR))
        token = accounts.issue_token(db, admin, name="bench").secret
        port = 18000 + os.getpid() % 1000
        env = os.environ | {
            "REDCECI_DATABASE_URL": db.url,
            "REDCECI_LIMITS__READS": "100000000/minute",
            "REDCECI_LIMITS__WRITES": "100000000/minute",
            "REDCECI_OFFER_SWEEP_SECONDS": "0",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "redceci.app:queued_app",
                "--workers",
                str(args.workers),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-proxy-headers",
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        try:
            _wait(f"http://127.0.0.1:{port}/api/health")
            # the roll-call and board centres are kept out of the peak
            peak_work = [(c, k) for c, kids in centres[3:] for k in kids]
            load_before = os.getloadavg()
            procs = _workers(server.pid)
            backends = _backends(db)
            cpu_before = _cpu(procs), _cpu(backends)
            peak = asyncio.run(
                _peak(
                    port,
                    token,
                    peak_work,
                    seconds=args.seconds,
                    connections=args.connections,
                    resend=args.resend,
                    seed=args.seed,
                )
            )
            load_after = os.getloadavg()
            backends = _backends(db)  # those opened during the peak count from zero
            server_s = sum(_cpu(procs).values()) - sum(cpu_before[0].values())
            db_s = sum(_cpu(backends).values()) - sum(cpu_before[1].get(p, 0.0) for p in backends)
            roll = asyncio.run(_roll_call(port, token, centres[0][0], centres[0][1]))
            board = asyncio.run(_board_latency(port, token, centres[1][0], centres[1][1]))
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        keys = peak.pop("stored_keys")
        with db.reading() as session:
            rows = session.execute(
                sa.select(EventRow.key, sa.func.count())
                .where(
                    EventRow.kind == "check_in", EventRow.centre_id.in_([c for c, _ in centres[3:]])
                )
                .group_by(EventRow.key)
            ).all()
        stored = dict(rows)
        trips = _round_trips(db, token, centres[2][0], centres[2][1][:40])
        events_stored = sum(stored.values())
        exactly_once = all(stored.get(k) == 1 for k in keys) and events_stored == len(keys)
        result = {
            "benchmark": "operations: morning check-in peak (SYNTHETIC centres and children)",
            "database": "postgresql",
            "workers": args.workers,
            "connections": args.connections,
            "centres": args.centres,
            "children_per_centre": args.children,
            "seconds": args.seconds,
            "setup_s": round(setup_s, 1),
            "requests_per_s": peak["requests_per_s"],
            "p50_ms": peak["p50_ms"],
            "p99_ms": peak["p99_ms"],
            "max_ms": peak["max_ms"],
            "events_sent": peak["requests"],
            "resends": peak["resends"],
            "events_acknowledged_stored": len(keys),
            "events_stored": events_stored,
            "exactly_once": exactly_once,
            "outcome": peak["outcome"],
            "errors": peak["errors"],
            "error_count": peak["error_count"],
            "target": {"requests_per_s": 500, "p99_ms": 200},
            "server_cpu_ms_per_request": round(server_s * 1000 / max(peak["requests"], 1), 2),
            "database_cpu_ms_per_request": round(db_s * 1000 / max(peak["requests"], 1), 2),
            "per_request": trips,
            "roll_call_250": roll,
            "board_reflects_check_in": board,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "machine": asdict(describe_machine(Path(__file__).parent.parent)),
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2))


if __name__ == "__main__":
    main()
