"""Shared pieces of the benchmarks: the real server, the wrk load generator, PostgreSQL scratch
databases, machine facts and the result table.

Standard library only, so the benchmark driver does not import Django (each configuration runs
Django in its own process with its own environment).
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432"

# Latency budgets from issue 3: p95 at most 100 ms, p50 at most 3 times the framework floor's p50.
P95_BUDGET_MS = 100.0
FLOOR_FACTOR = 3.0

# wrk runs this script: it rotates through the paths wrk passes after `--` and prints the figures
# we need in one parseable line (wrk's own --latency output has no p95).
WRK_LUA = r"""
local paths = {}
local counter = 0
local started = 0
function setup(thread)
  thread:set("first", started)
  started = started + 1
end
function init(args)
  for i = 1, #args do paths[#paths + 1] = args[i] end
  -- Each thread starts elsewhere in the rotation: no two threads ask for the same path together.
  counter = (first or 0) * 7919
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH p50_us=%f p95_us=%f requests=%d duration_us=%d bytes=%d errors=%d non2xx=%d\n",
    latency:percentile(50), latency:percentile(95), summary.requests, summary.duration, summary.bytes,
    errors, summary.errors.status))
end
"""


@dataclass
class Measurement:
    endpoint: str
    path: str
    status: str = "ok"  # "ok", "n/a" (404: not built yet) or "error: ..."
    p50_ms: float | None = None
    p95_ms: float | None = None
    rps: float | None = None
    requests: int = 0
    errors: int = 0
    body_bytes: int | None = None


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_duration(text: str) -> float:
    """Seconds from `10s`, `1m`, `500ms` or a bare number of seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 10s, 1m)")
    value, unit = float(match.group(1)), match.group(2) or "s"
    return value / 1000 if unit == "ms" else value * 60 if unit == "m" else value


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's `wrk` package when it is missing (as ensure-chromium does)."""
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing: installing Debian's wrk package.")
    if os.geteuid() == 0:
        sudo: list[str] = []
    elif shutil.which("sudo"):
        sudo = ["sudo", "-n"]
    else:
        sys.exit("wrk is missing and cannot be installed without root: run `apt-get install wrk`.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"Could not install wrk ({exc}); install it with `apt-get install wrk` and run again.")
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is still missing after apt-get install wrk; install it and run again.")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    """Status and body of one GET (4xx and 5xx included), for probing before a load run."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  # our own local server
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def creativeports(args: Sequence[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the project's management command line in the configuration `env` describes."""
    return subprocess.run(  # type: ignore[call-overload,no-any-return]  # kwargs passed through
        [str(BIN / "creativeports"), *args], env=env, check=True, text=True, **kwargs
    )


@contextlib.contextmanager
def server(env: dict[str, str], log_path: Path, port: int) -> Iterator[str]:
    """Serve the site exactly as `make run` does (gunicorn, 2 workers, 4 threads); yield its base URL."""
    command = [
        str(BIN / "gunicorn"),
        "-c",
        "python:creativeports.config.gunicorn",  # the settings `make run` uses
        "creativeports.config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log_file:
        # As `make run` does: one thread per request for embedding and BLAS in the web server.
        env = {"CREATIVEPORTS_EMBEDDER_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", **env}
        process = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT, cwd=CHECKOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
                with contextlib.suppress(OSError):
                    if http_get(f"{base}/healthz", timeout=2)[0] == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log_path}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_wrk(
    wrk: str, lua: Path, base: str, paths: Sequence[str], *, seconds: float, connections: int
) -> tuple[float, float, float, int, int]:
    """p50 ms, p95 ms, requests/s, requests and errors of one wrk run rotating through `paths`."""
    threads = max(1, min(connections, os.cpu_count() or 1))
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        # Slow answers are measured, not dropped as timeouts (wrk's default is 2 s).
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(lua),
        base + paths[0],
        "--",
        *paths,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    match = re.search(
        r"BENCH p50_us=([\d.]+) p95_us=([\d.]+) requests=(\d+) duration_us=(\d+) bytes=(\d+) errors=(\d+)", output
    )
    if not match:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    p50, p95 = float(match.group(1)) / 1000, float(match.group(2)) / 1000
    requests, duration_us, errors = int(match.group(3)), int(match.group(4)), int(match.group(6))
    return p50, p95, requests / (duration_us / 1_000_000), requests, errors


def pg_run(sql: str) -> None:
    """Run one statement on the PostgreSQL server as its administrator (outside a transaction)."""
    import psycopg  # only needed for PostgreSQL runs

    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]  # built from a name we generated


def pg_version() -> str:
    try:
        import psycopg

        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", connect_timeout=3) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "?"
    except Exception:  # any failure means "not available" in the facts
        return "not reachable"


def machine_facts(databases: Sequence[str]) -> dict[str, str]:
    import django  # the version only; Django is not set up here

    mem_kb = 0
    with contextlib.suppress(OSError), Path("/proc/meminfo").open() as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    facts = {
        "CPUs (nproc)": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "CPU speed (one core, lower is faster)": cpu_reference(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
        "wrk": (wrk_version.stdout or wrk_version.stderr).split("[")[0].strip() or "?",
    }
    if "postgres" in databases:
        facts["PostgreSQL"] = pg_version()
    return facts


def cpu_reference() -> str:
    """A fixed piece of pure-Python work, timed: machines of the same kind differ (runs of these
    benchmarks on two sessions' machines differed about 2.5 times), so each report says how fast
    its machine was."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(5_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return f"{best:.2f} s for 5 million additions in a Python loop"


HEADERS = ("database", "size", "endpoint", "p50 ms", "p95 ms", "req/s", "p95 ≤ 100 ms?", "p50 ≤ 3× floor p50?")


def result_rows(database: str, size: int, measurements: Sequence[Measurement]) -> list[tuple[str, ...]]:
    floor = next((m for m in measurements if m.endpoint == "floor (/healthz)"), None)
    floor_p50 = floor.p50_ms if floor else None
    rows = []
    for m in measurements:
        if m.p50_ms is None or m.p95_ms is None or m.rps is None:
            rows.append((database, f"{size:,}", m.endpoint, m.status, m.status, m.status, "–", "–"))
            continue
        if m.rps == 0:
            # wrk completed no request in the run (all timed out or failed): a failure, never a pass.
            rows.append((database, f"{size:,}", m.endpoint, "no response", "no response", "0", "NO", "NO"))
            continue
        p95_ok = "yes" if m.p95_ms <= P95_BUDGET_MS else "NO"
        floor_ok = "–" if floor_p50 is None else ("yes" if m.p50_ms <= FLOOR_FACTOR * floor_p50 else "NO")
        if m is floor:
            floor_ok = "(floor)"
        elif m.endpoint.startswith("directory, mostly uncached"):
            p95_ok = floor_ok = f"(info: {p95_ok}/{floor_ok})"
        note = f" ({m.errors} errors)" if m.errors else ""
        rows.append(
            (
                database,
                f"{size:,}",
                m.endpoint + note,
                f"{m.p50_ms:.1f}",
                f"{m.p95_ms:.1f}",
                f"{m.rps:.0f}",
                p95_ok,
                floor_ok,
            )
        )
    return rows


def text_table(rows: Sequence[Sequence[str]], headers: Sequence[str] = HEADERS) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def markdown_table(rows: Sequence[Sequence[str]], headers: Sequence[str] = HEADERS) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    numeric = {"p50 ms", "p95 ms", "req/s", "size", "value"}
    align = ["---:" if header in numeric else "---" for header in headers]
    return "\n".join([line(headers), "|" + "|".join(align) + "|", *(line(row) for row in rows)])
