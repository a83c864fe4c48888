"""What machine a benchmark ran on: CPUs, memory, Python, packages, commit and load.

The machine is shared (2 cores, other engineers at work), so every result carries the load.
"""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

#: Packages whose versions change the figures.
PACKAGES: tuple[str, ...] = ("redceci", "numpy", "scipy", "pandas", "highspy", "spopt", "pulp")


@dataclass(frozen=True)
class Load:
    """The 1-, 5- and 15-minute load averages at one moment."""

    one: float
    five: float
    fifteen: float

    @classmethod
    def now(cls) -> Load:
        """The load averages now (``os.getloadavg``)."""
        one, five, fifteen = os.getloadavg()
        return cls(round(one, 2), round(five, 2), round(fifteen, 2))


@dataclass(frozen=True)
class Machine:
    """Facts about the machine, the interpreter and the code that ran."""

    date_utc: str
    hostname: str
    cpu_model: str
    cpu_count: int
    memory_gib: float
    os: str
    python: str
    commit: str
    dirty: bool
    packages: dict[str, str]
    load_at_start: Load

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields."""
        return asdict(self)


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        out = ""
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    meminfo = Path("/proc/meminfo")
    if not meminfo.exists():
        return float("nan")
    for line in meminfo.read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 2**20, 1)
    return float("nan")


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def describe_machine(root: Path) -> Machine:
    """Describe this machine and the checkout at ``root``."""
    status = _git(root, "status", "--porcelain", "--", "src")
    return Machine(
        date_utc=datetime.now(UTC).isoformat(timespec="seconds"),
        hostname=platform.node(),
        cpu_model=_cpu_model(),
        cpu_count=os.cpu_count() or 0,
        memory_gib=_memory_gib(),
        os=f"{platform.system()} {platform.release()} {platform.machine()}",
        python=platform.python_version(),
        commit=_git(root, "rev-parse", "--short=12", "HEAD") or "unknown",
        dirty=bool(status),
        packages=_versions(),
        load_at_start=Load.now(),
    )
