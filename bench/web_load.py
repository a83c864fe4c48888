"""Load on the platform's main pages and API routes, on SQLite and on PostgreSQL, with wrk.

Starts the app under uvicorn (one process) on a fresh database of each backend with the real
states, 200 registered centres (four states, every status, some closed) and a signed-in national
planner, then runs wrk on loopback against each route: requests per second, p50/p99 latency
and the server's CPU ms per request (``server_cpu_ms``; ``--backend`` for one backend only).
Before wrk, each route one request at a time (mean of 50): a figure less shaken by other work
on a shared machine. Results in bench/results/web_load.json.

``--mix`` instead runs the realistic mix of ``web_mix.py`` on PostgreSQL with ``--workers``
server processes (reads, pages, sign-ins, then the same with writers; every acknowledged write
checked) and stores it under ``"mix"`` in the same file, keeping the per-route figures.

    bench/.venv-bench/bin/python bench/web_load.py [--seconds 10] [--connections 16]
    bench/.venv-bench/bin/python bench/web_load.py --mix --workers 2 --connections 64
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from machine import describe_machine
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import get_settings
from redceci.store.db import Database
from redceci.store.platform import accounts, centres
from redceci.store.platform.centres import CentreData, RoomData
from redceci.store.platform.models import Centre
from redceci.store.platform.reference import load_states
from redceci.store.testing import (
    TEST_PASSWORD,
    add_user,
    postgres_unreachable,
    temporary_database,
)

OUT = Path(__file__).parent / "results" / "web_load.json"
#: Requests per route for the one-at-a-time figure.
SEQUENTIAL_CALLS = 50
ROUTES = [
    ("api", "/api/health"),
    ("api", "/api/auth/me"),
    ("api", "/api/centres"),
    ("api", "/api/scenarios"),
    ("page", "/entrar"),
    ("page", "/escenarios"),
    ("page", "/tablero"),
]

_SERVER = """
import sys, uvicorn
from redceci.app import create_app
from redceci.settings import get_settings
from redceci.store.db import Database
app = create_app(get_settings(), database=Database(sys.argv[1]), migrate=False,
                 secure_cookies=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def _login(base: str, email: str) -> str:
    body = json.dumps({"email": email, "password": TEST_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/auth/login", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return next(c.split(";")[0] for c in cookies if c.startswith("redceci_session="))


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its direct children (the
    server's workers): a cost per request that other work on the machine does not distort."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(path: Path) -> list[str] | None:
        try:
            return path.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None

    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = stat(entry / "stat")
        if fields is not None and (int(entry.name) == pid or int(fields[1]) == pid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout

    def find(pattern: str) -> str | None:
        match = re.search(pattern, out, flags=re.MULTILINE)
        return match.group(1) if match else None

    p50, p99 = find(r"^\s+50%\s+(\S+)\s*$"), find(r"^\s+99%\s+(\S+)\s*$")
    return {
        "requests": int(find(r"(\d+) requests in") or 0),
        "requests_per_s": float(find(r"Requests/sec:\s+([\d.]+)") or 0.0),
        "p50_ms": _ms(p50) if p50 else None,
        "p99_ms": _ms(p99) if p99 else None,
        "non_2xx": int(find(r"Non-2xx or 3xx responses:\s+(\d+)") or 0),
        "errors": find(r"Socket errors:(.*)$"),
    }


@contextmanager
def _registry(backend: str, folder: Path) -> Iterator[tuple[Database, Principal]]:
    """A fresh database with the states, the planner and the 200 centres."""
    with temporary_database(backend, folder) as db:
        load_states(db, get_settings().data)
        planner = add_user(db, "planner@bench.mx", Grant(Role.NATIONAL_PLANNER))
        for i in range(200):
            made = centres.create_centre(db, planner, _centre(i))
            if i % 10 == 9:  # a tenth of the operating ones have closed since
                when = dt.date(2026, 1 + i % 9, 1)
                centres.transition_centre(
                    db, planner, made.id, to_status=CentreStatus.CLOSED, effective_on=when
                )
        yield db, planner


def _one_at_a_time(url: str, headers: dict[str, str]) -> float:
    """Milliseconds per request, one request at a time (mean of ``SEQUENTIAL_CALLS``)."""
    start = time.perf_counter()
    for _ in range(SEQUENTIAL_CALLS):
        urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60).close()
    return round((time.perf_counter() - start) / SEQUENTIAL_CALLS * 1000, 2)


def run_backend(backend: str, seconds: int, connections: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder, _registry(backend, Path(folder)) as (db, planner):
        token = accounts.issue_token(db, planner, name="bench").secret
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        url = db.engine.url.render_as_string(hide_password=False)
        unlimited = os.environ | {"REDCECI_LIMITS__READS": "100000000/minute"}  # one user here
        server = subprocess.Popen([sys.executable, "-c", _SERVER, url, str(port)], env=unlimited)
        try:
            _wait(f"{base}/api/health")
            cookie = _login(base, "planner@bench.mx")
            rows = []
            for kind, path in ROUTES:
                headers = (
                    {"Authorization": f"Bearer {token}"} if kind == "api" else {"Cookie": cookie}
                )
                # Warm-up (the dashboard loads the national world once per process).
                urllib.request.urlopen(
                    urllib.request.Request(f"{base}{path}", headers=headers), timeout=300
                ).close()
                one = _one_at_a_time(f"{base}{path}", headers)
                cpu = cpu_seconds(server.pid)
                row = {"route": path, "one_at_a_time_ms": one}
                row |= _wrk(f"{base}{path}", headers, seconds, connections)
                row["server_cpu_ms"] = round(
                    (cpu_seconds(server.pid) - cpu) * 1000 / max(row["requests"], 1), 2
                )
                print(f"  {backend:10s} {path:16s} {row}", flush=True)
                rows.append(row)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"backend": backend, "routes": rows}


#: Registered centres by status (cycled): a registry along the whole pipeline.
_STATUSES = (
    CentreStatus.PROPOSED,
    CentreStatus.APPROVED,
    CentreStatus.UNDER_CONSTRUCTION,
    CentreStatus.OPERATING,
    CentreStatus.OPERATING,
)
#: States and a point in each (Nuevo León, Jalisco, Ciudad de México, Guanajuato).
_PLACES = (("19", 25.6, -100.3), ("14", 20.6, -103.4), ("09", 19.3, -99.2), ("11", 20.5, -100.9))


def _centre(i: int) -> CentreData:
    state, lat, lon = _PLACES[i % len(_PLACES)]
    return CentreData(
        code=f"BENCH-{i:04d}",
        name=f"CECI de prueba {i}",
        scheme="CECI Empresa" if i % 3 == 0 else "CECI IMSS",
        operator="IMSS",
        state_code=state,
        lat=lat + (i % 20) * 0.01,
        lon=lon - (i // 20) * 0.01,
        status=_STATUSES[i % len(_STATUSES)],
        status_since=dt.date(2025, 1 + i % 12, 1),
        rooms=[RoomData(name="Sala", age_group="maternales", capacity=50 + 60 * (i % 2))],
    )


def run_mix_bench(args: argparse.Namespace) -> int:
    """The mix on a fresh PostgreSQL registry; merged into the results file under "mix"."""
    from web_mix import run_mix

    reason = postgres_unreachable()
    if reason is not None:
        print(f"the mix needs PostgreSQL: {reason}", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory() as folder,
        _registry("postgresql", Path(folder)) as (
            db,
            planner,
        ),
    ):
        from redceci.api.worker import ensure_queue_schema

        ensure_queue_schema(db)
        token = accounts.issue_token(db, planner, name="bench").secret
        url = db.engine.url.render_as_string(hide_password=False)
        with db.reading() as session:
            ids = list(session.scalars(sa.select(Centre.id).order_by(Centre.id)))
        db.dispose()
        mix = run_mix(
            url,
            token,
            "planner@bench.mx",
            TEST_PASSWORD,
            ids,
            workers=args.workers,
            seconds=args.seconds,
            connections=args.connections,
            write_rate=args.write_rate,
        )
    result = json.loads(args.out.read_text()) if args.out.exists() else {}
    result["mix"] = {
        "machine": asdict(describe_machine(Path(__file__).resolve().parents[1])),
        **mix,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(mix, indent=2))
    print(f"wrote {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), help="only this one")
    parser.add_argument("--mix", action="store_true", help="the realistic mix on PostgreSQL")
    parser.add_argument("--workers", type=int, default=2, help="server processes (--mix)")
    parser.add_argument("--write-rate", type=float, default=20.0, help="writes/s (--mix)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    if args.mix:
        return run_mix_bench(args)
    backends = ["sqlite"]
    reason = postgres_unreachable()
    if reason is None:
        backends.append("postgresql")
    else:
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
    backends = [b for b in backends if args.backend in (None, b)]
    result: dict[str, Any] = {
        "machine": asdict(describe_machine(Path(__file__).resolve().parents[1])),
        "settings": {"seconds": args.seconds, "connections": args.connections, "threads": 2},
        "load_average_before": os.getloadavg(),
        "backends": [run_backend(b, args.seconds, args.connections) for b in backends],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
