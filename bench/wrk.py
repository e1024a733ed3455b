"""Running wrk and reading what it printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.procs import BenchError

LUA = Path(__file__).resolve().parent / "lua"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    ok: int
    bad_status: int
    bad_body: int
    hits: int
    misses: int
    socket_errors: int
    output: str

    @property
    def errors(self) -> int:
        return self.bad_status + self.bad_body + self.socket_errors


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not match:
        raise BenchError(f"cannot read wrk's latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(output: str) -> WrkResult:
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    counts = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not (total and rps and p50 and p99 and counts):
        raise BenchError(f"unexpected wrk output:\n{output}")
    seconds = float(total.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[total.group(3)]
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    data = json.loads(counts.group(1))
    return WrkResult(
        requests=int(total.group(1)),
        seconds=seconds,
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        ok=int(data["ok"]),
        bad_status=int(data["bad_status"]),
        bad_body=int(data["bad_body"]),
        hits=int(data["hits"]),
        misses=int(data["misses"]),
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        output=output,
    )


def run_wrk(
    url: str,
    script: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    env: dict[str, str],
    timeout_s: float = 10.0,
) -> WrkResult:
    """Run wrk against ``url`` (loopback only) for a bounded time."""
    if not url.startswith("http://127.0.0.1:"):
        raise BenchError(f"refusing to load anything but loopback: {url}")
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s:.0f}s",
        "--latency",
        "-s",
        str(LUA / script),
        url,
    ]
    completed = subprocess.run(
        argv,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=seconds + timeout_s + 30,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return parse(completed.stdout)
