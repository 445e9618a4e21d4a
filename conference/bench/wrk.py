"""Run wrk (Debian's HTTP load generator) against one address and read its summary."""

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
LATENCY = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)", re.MULTILINE)
SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    output: str = ""
    #: The wrk duration this result was measured with (set by the bench).
    duration: str = ""

    @property
    def errors(self) -> int:
        return self.non_2xx + sum(self.socket_errors.values())


def parse(output: str) -> WrkResult:
    """The numbers of a ``wrk --latency`` summary."""
    total = TOTAL.search(output)
    rate = RATE.search(output)
    if not total or not rate:
        raise ValueError(f"Not a wrk summary:\n{output}")
    latency = {pct: float(value) * UNITS[unit] for pct, value, unit in LATENCY.findall(output)}
    sockets = SOCKET.search(output)
    non_2xx = NON_2XX.search(output)
    return WrkResult(
        requests=int(total.group(1)),
        seconds=float(total.group(2)) * UNITS[total.group(3)] / 1000,
        rps=float(rate.group(1)),
        p50_ms=latency.get("50") if int(total.group(1)) else None,
        p99_ms=latency.get("99") if int(total.group(1)) else None,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True))
        if sockets
        else {},
        output=output,
    )


def run(
    url: str,
    *,
    duration: str,
    connections: int,
    threads: int,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
    env: dict | None = None,
    timeout: str = "30s",
) -> WrkResult:
    """One wrk run; a request slower than ``timeout`` counts as an error (wrk's own default is 2 s)."""
    command = [
        "wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}", f"--timeout={timeout}",
    ]  # fmt: skip
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603 - fixed argv
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(done.stdout)
