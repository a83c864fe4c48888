"""A realistic mix on PostgreSQL with several server processes: wrk replays the API reads alone,
then reads of API and pages with a sign-in now and then, then the same while writer threads
register and change centres at a steady rate; afterwards every write acknowledged is checked in the database (none lost) and
none refused is found there.

The servers run as in production (``uvicorn --factory redceci.app:queued_app --workers N``,
limits raised: one bench user stands for many). Called by ``web_load.py --mix``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import sqlalchemy as sa

#: The read side of the mix, as (weight, method, path, kind): kind "api" sends the bearer
#: token, "page" the session cookie, "login" a sign-in. ASSUMPTION: people browse pages and
#: API clients page through the registry; one sign-in per ~100 requests (a session is 12 h).
READS = (
    (20, "GET", "/api/centres?limit=50", "api"),
    (15, "GET", "/api/centres/{centre}", "api"),
    (10, "GET", "/api/auth/me", "api"),
    (10, "GET", "/api/scenarios", "api"),
    (10, "GET", "/api/states", "api"),
    (10, "GET", "/centros", "page"),
    (10, "GET", "/escenarios", "page"),
    (8, "GET", "/entrar", "page"),
    (5, "GET", "/tablero", "page"),
    (1, "POST", "/api/auth/login", "login"),
)

_LUA = """
local requests = {}
local n = 0
function init(args)
  for i, spec in ipairs(SPECS) do requests[i] = wrk.format(spec[1], spec[2], spec[3], spec[4]) end
  n = math.random(#requests)
end
function request()
  n = n % #requests + 1
  return requests[n]
end
"""


def _lua(specs: list[tuple[str, str, dict[str, str], str | None]]) -> str:
    def quote(text: str) -> str:
        return json.dumps(text)

    rows = []
    for method, path, headers, body in specs:
        head = "{" + ", ".join(f"[{quote(k)}]={quote(v)}" for k, v in headers.items()) + "}"
        rows.append(f"{{{quote(method)}, {quote(path)}, {head}, {quote(body) if body else 'nil'}}}")
    return "SPECS = {\n" + ",\n".join(rows) + "\n}\n" + _LUA


class Writer:
    """Threads posting new centres and changing existing ones at ``rate`` requests a second
    (in total), recording each answer."""

    def __init__(self, base: str, token: str, centre_ids: list[int], rate: float) -> None:
        self.base, self.token, self.centre_ids, self.rate = base, token, centre_ids, rate
        self.created: list[str] = []
        self.refused: list[str] = []
        self.renamed: dict[int, str] = {}
        self.statuses: dict[int, int] = {}
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(k,)) for k in range(4)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def _call(self, method: str, path: str, body: dict[str, Any]) -> int:
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        with self._lock:
            self.latencies.append((time.perf_counter() - start) * 1000)
            self.statuses[status] = self.statuses.get(status, 0) + 1
        return status

    def _run(self, k: int) -> None:
        period, i = 4 / self.rate, 0
        while not self._stop.wait(period):
            i += 1
            if i % 2:
                code = f"MIX-{k}-{i}"
                status = self._call("POST", "/api/centres", _centre(code))
                with self._lock:
                    (self.created if status == 201 else self.refused).append(code)
            else:
                mine = self.centre_ids[k::4]  # each thread renames its own centres only
                centre = mine[i % len(mine)]
                name = f"Renombrado {k}-{i}"
                if self._call("PATCH", f"/api/centres/{centre}", {"name": name}) == 200:
                    with self._lock:
                        self.renamed[centre] = name  # the last acknowledged name wins

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        return {
            "writes": len(ordered),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "p50_ms": round(statistics.median(ordered), 1) if ordered else None,
            "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1) if ordered else None,
        }


def _centre(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"CECI {code}",
        "scheme": "CECI IMSS",
        "operator": "IMSS",
        "state_code": "19",
        "lat": 25.7,
        "lon": -100.3,
        "status_since": "2026-01-05",
        "rooms": [{"name": "Sala", "age_group": "maternales", "capacity": 60}],
    }


def _wrk(script: str, url: str, seconds: int, connections: int) -> dict[str, Any]:
    from web_load import _ms

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    out = subprocess.run(
        [*command, "--latency", "-s", fh.name, url], check=True, capture_output=True, text=True
    ).stdout
    Path(fh.name).unlink()

    def find(pattern: str) -> str | None:
        import re

        match = re.search(pattern, out, flags=re.MULTILINE)
        return match.group(1) if match else None

    p50, p99 = find(r"^\s+50%\s+(\S+)\s*$"), find(r"^\s+99%\s+(\S+)\s*$")
    return {
        "requests": int(find(r"(\d+) requests in") or 0),
        "requests_per_s": float(find(r"Requests/sec:\s+([\d.]+)") or 0.0),
        "p50_ms": _ms(p50) if p50 else None,
        "p99_ms": _ms(p99) if p99 else None,
        "non_2xx": int(find(r"Non-2xx or 3xx responses:\s+(\d+)") or 0),
        "socket_errors": find(r"Socket errors:(.*)$"),
    }


def _measured(
    pid: int,
    script: str,
    url: str,
    seconds: int,
    connections: int,
    writer: Writer | None = None,
) -> dict[str, Any]:
    """``_wrk`` with the server processes' CPU per request (ms, the writer's requests counted
    too): the figure other work on a shared machine distorts least."""
    from web_load import cpu_seconds

    before, writes = cpu_seconds(pid), len(writer.latencies) if writer else 0
    result = _wrk(script, url, seconds, connections)
    spent = cpu_seconds(pid) - before
    served = result["requests"] + (len(writer.latencies) - writes if writer else 0)
    return result | {"server_cpu_ms_per_request": round(spent * 1000 / max(served, 1), 2)}


def run_mix(
    url: str,
    token: str,
    email: str,
    password: str,
    centre_ids: list[int],
    *,
    workers: int,
    seconds: int,
    connections: int,
    write_rate: float,
) -> dict[str, Any]:
    """Start ``workers`` server processes on the database at ``url``, run the read-only mix,
    then the read mix with writers, and check every acknowledged write."""
    from web_load import _free_port, _login, _wait

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "REDCECI_DATABASE_URL": url,
        "REDCECI_LIMITS__READS": "100000000/minute",
        "REDCECI_LIMITS__WRITES": "100000000/minute",
        "REDCECI_LIMITS__LOGINS": "100000000/minute",
        "REDCECI_LIMITS__LOGIN_ADDRESSES": "100000000/minute",
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
            str(workers),
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
        _wait(f"{base}/api/health", 120)
        cookie = _login(base, email)
        specs = []
        for weight, method, path, kind in READS:
            path = path.replace("{centre}", str(centre_ids[0]))
            if kind == "api":
                headers, body = {"Authorization": f"Bearer {token}"}, None
            elif kind == "page":
                headers, body = {"Cookie": cookie}, None
            else:
                headers = {"Content-Type": "application/json"}
                body = json.dumps({"email": email, "password": password})
            specs += [(method, path, headers, body)] * weight
        script = _lua(specs)
        api_only = _lua([spec for spec in specs if "Authorization" in spec[2]])
        for _ in range(6 * workers):  # every process loads the national dashboard once
            urllib.request.urlopen(
                urllib.request.Request(f"{base}/tablero", headers={"Cookie": cookie}), timeout=600
            ).close()
        load_api = os.getloadavg()
        api_reads = _measured(server.pid, api_only, base, seconds, connections)
        load_before = os.getloadavg()
        reads = _measured(server.pid, script, base, seconds, connections)
        load_reads = os.getloadavg()
        writer = Writer(base, token, centre_ids, write_rate)
        writer.start()
        mixed = _measured(server.pid, script, base, seconds, connections, writer)
        writer.stop()
        load_mixed = os.getloadavg()
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:  # a loaded machine: do not lose the figures
            server.kill()
            server.wait(timeout=30)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            stored = set(
                conn.execute(sa.text("SELECT code FROM centres WHERE code LIKE 'MIX-%'")).scalars()
            )
            names = dict(
                conn.execute(
                    sa.text("SELECT id, name FROM centres WHERE id = ANY(:ids)"),
                    {"ids": list(writer.renamed)},
                ).all()
            )
    finally:
        engine.dispose()
    lost = sorted(set(writer.created) - stored)
    phantom = sorted(set(writer.refused) & stored)
    stale = sorted(c for c, name in writer.renamed.items() if names.get(c) != name)
    return {
        "workers": workers,
        "connections": connections,
        "seconds": seconds,
        "read_mix": [{"weight": w, "method": m, "path": p, "kind": k} for w, m, p, k in READS],
        "api_reads_only": api_reads
        | {"load_average_before": load_api, "load_average_after": load_before},
        "reads_only": reads
        | {"load_average_before": load_before, "load_average_after": load_reads},
        "reads_with_writes": mixed | {"load_average_after": load_mixed},
        "writes": writer.summary()
        | {
            "target_per_s": write_rate,
            "created_acknowledged": len(writer.created),
            "created_lost": lost,
            "refused_but_stored": phantom,
            "renames_acknowledged": len(writer.renamed),
            "renames_not_stored_last": stale,
        },
    }
