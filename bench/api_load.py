"""serve-api under load: the help site's votes at a steady rate, latency and lost votes, and a restart mid-load.

Usage:
  python bench/api_load.py                      # 200 votes/s for 60 s, then 30 s with a restart half-way
  python bench/api_load.py --rate 400 --seconds 20 --restart-seconds 0

The real server (``faq_builder.api.serve``, as ``faq-builder serve-api`` runs it: default rate limit, durable
commits) starts on 127.0.0.1 in a subprocess with a fresh store. An open-loop generator (asyncio, raw HTTP/1.1
on keep-alive connections, so the client costs little of the machine it shares) sends each vote at its
scheduled time whatever the answers before it, from ``--clients`` shopper addresses (``X-Forwarded-For``, as a
proxy in front of the API sets it; trusted from 127.0.0.1). Latency runs from the scheduled time to the whole
answer, so a stall shows in the figures rather than slowing the generator down. Every vote names its own page,
so after each phase the store is read and each vote answered 201 is looked up in it: "missing" must be 0.

Phase "restart": the same load, and half-way through the server gets SIGTERM (it stops accepting, finishes
running requests, commits, exits) and is started again on the same port; votes sent while it is down fail
(connection refused: the site drops them), none answered 201 may be missing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGETS = """targets (issue): 200 feedback posts/s for 60 s on 127.0.0.1 with p99 < 50 ms and no lost vote;
a restart mid-load loses no vote that was answered 201"""
ENTRIES = ("where-is-my-order", "start-a-return", "change-my-address", "refund-timing", "size-guide")
#: Seconds a request may take before it counts as failed.
REQUEST_TIMEOUT = 5.0
#: Keep-alive connections idle longer than this are not reused (the server closes them after 5 s).
IDLE_REUSE = 3.0


@dataclass
class Phase:
    name: str
    sent: int = 0
    accepted: list[int] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    stored: set[int] = field(default_factory=set)
    downtime: float = 0.0

    def count(self, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


class Pool:
    """Keep-alive connections to the server, most recently used first."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[float, asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.opened = 0

    async def get(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        now = time.monotonic()
        while self.idle:
            used, reader, writer = self.idle.pop()
            if now - used < IDLE_REUSE and not reader.at_eof():
                return reader, writer
            writer.close()
        self.opened += 1
        return await asyncio.open_connection(self.host, self.port)

    def put(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.idle.append((time.monotonic(), reader, writer))

    def close(self) -> None:
        for _used, _reader, writer in self.idle:
            writer.close()
        self.idle.clear()


def vote_request(host: str, port: int, phase: str, number: int, client: str, rng: random.Random) -> bytes:
    body = json.dumps(
        {
            "type": "feedback",
            "entry": rng.choice(ENTRIES),
            "helpful": rng.random() < 0.7,
            "page": f"/bench/{phase}/{number}/",
            "language": "en",
            "sent_at": "2026-11-23T18:00:00.000Z",
        }
    ).encode()
    head = (
        f"POST /feedback HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Forwarded-For: {client}\r\n\r\n"
    )
    return head.encode() + body


async def send_one(pool: Pool, request: bytes) -> int:
    """One request on a pooled connection; its status code (the connection goes back unless closed)."""
    reader, writer = await pool.get()
    try:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {
            name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        await reader.readexactly(int(headers.get("content-length", "0")))
    except BaseException:
        writer.close()
        raise
    if headers.get("connection", "").lower() == "close":
        writer.close()
    else:
        pool.put(reader, writer)
    return status


async def drive(
    phase: Phase,
    *,
    host: str,
    port: int,
    rate: float,
    seconds: float,
    clients: int,
    seed: int,
    halfway: Callable[[], Coroutine[Any, Any, None]] | None = None,
) -> None:
    """Send ``rate * seconds`` votes at their scheduled times; ``halfway`` (a coroutine function) runs mid-way."""
    rng = random.Random(seed)
    pool = Pool(host, port)
    addresses = [f"10.{index // 250}.{index % 250}.{1 + index % 7}" for index in range(clients)]
    total = int(rate * seconds)
    tasks: list[asyncio.Task[None]] = []
    start = time.perf_counter() + 0.05

    async def one(number: int, due: float) -> None:
        request = vote_request(host, port, phase.name, number, addresses[number % clients], rng)
        try:
            status = await asyncio.wait_for(send_one(pool, request), REQUEST_TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
            phase.count(type(error).__name__)
            return
        except TimeoutError:
            phase.count("timeout")
            return
        phase.count(str(status))
        if status == 201:
            phase.accepted.append(number)
            phase.latencies.append(time.perf_counter() - due)

    restart: asyncio.Task[None] | None = None
    for number in range(total):
        due = start + number / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if halfway is not None and restart is None and number >= total // 2:
            restart = asyncio.create_task(halfway())
        phase.sent += 1
        tasks.append(asyncio.create_task(one(number, due)))
    await asyncio.gather(*tasks)
    if restart is not None:
        await restart
    pool.close()


class Server:
    """``faq_builder.api.serve`` in a subprocess, as ``faq-builder serve-api`` runs it."""

    def __init__(self, db: Path, port: int) -> None:
        self.db, self.port = db, port
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> float:
        """Start and wait until it answers; the seconds that took."""
        began = time.perf_counter()
        code = (
            "from faq_builder.api import serve\n"
            f"serve(host='127.0.0.1', port={self.port}, db={str(self.db)!r}, allow_origin='https://shop.example',\n"
            "      announce=lambda line: print(line, flush=True))\n"
        )
        self.process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "Feedback API on" not in line:
            raise SystemExit(f"the server did not start: {line!r}")
        return time.perf_counter() - began

    def stop(self) -> float:
        """SIGTERM and wait for the exit; the seconds that took."""
        assert self.process is not None
        began = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)
        return time.perf_counter() - began


def stored_numbers(db: Path, phase: str) -> set[int]:
    connection = sqlite3.connect(db)
    try:
        pages = connection.execute("SELECT page FROM votes WHERE page LIKE ?", (f"/bench/{phase}/%",)).fetchall()
    finally:
        connection.close()
    return {int(page.split("/")[3]) for (page,) in pages}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def run(args: argparse.Namespace) -> list[Phase]:
    folder = Path(tempfile.mkdtemp(prefix="faq-builder-api-load-"))
    db = folder / "tickets.sqlite3"
    server = Server(db, args.port)
    phases = []
    server.start()
    steady = Phase("steady")
    asyncio.run(
        drive(
            steady, host="127.0.0.1", port=args.port, rate=args.rate, seconds=args.seconds, clients=args.clients, seed=1
        )
    )
    server.stop()
    steady.stored = stored_numbers(db, steady.name)
    phases.append(steady)
    if args.restart_seconds > 0:
        server.start()
        restart = Phase("restart")

        async def restart_server() -> None:
            began = time.perf_counter()
            await asyncio.to_thread(server.stop)
            await asyncio.to_thread(server.start)
            restart.downtime = time.perf_counter() - began

        asyncio.run(
            drive(
                restart,
                host="127.0.0.1",
                port=args.port,
                rate=args.rate,
                seconds=args.restart_seconds,
                clients=args.clients,
                seed=2,
                halfway=restart_server,
            )
        )
        server.stop()
        restart.stored = stored_numbers(db, restart.name)
        phases.append(restart)
    return phases


def print_table(phases: list[Phase], args: argparse.Namespace) -> bool:
    print(
        f"serve-api load: {args.rate:g} votes/s, {args.clients} client addresses, 127.0.0.1, {os.cpu_count()} CPUs "
        f"(client and server share them)"
    )
    header = ("phase", "seconds", "sent", "201", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms", "stored", "missing")
    rows = []
    ok = True
    for phase in phases:
        missing = len(set(phase.accepted) - phase.stored)
        failed = phase.sent - len(phase.accepted)
        seconds = args.seconds if phase.name == "steady" else args.restart_seconds
        rows.append(
            (
                phase.name,
                f"{seconds:g}",
                str(phase.sent),
                str(len(phase.accepted)),
                str(failed),
                f"{percentile(phase.latencies, 0.50):.1f}",
                f"{percentile(phase.latencies, 0.95):.1f}",
                f"{percentile(phase.latencies, 0.99):.1f}",
                f"{max(phase.latencies, default=float('nan')) * 1000:.1f}",
                str(len(phase.stored)),
                str(missing),
            )
        )
        ok &= missing == 0
        if phase.name == "steady":
            ok &= failed == 0 and percentile(phase.latencies, 0.99) < 50
    widths = [max(len(row[index]) for row in (header, *rows)) for index in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(
                cell.rjust(width) if index else cell.ljust(width)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
    for phase in phases:
        others = {status: count for status, count in sorted(phase.statuses.items()) if status != "201"}
        extra = f"; down {phase.downtime:.2f} s (SIGTERM to answering again)" if phase.downtime else ""
        print(f"  {phase.name}: not 201: {others or 'none'}{extra}")
    print(TARGETS)
    print("result:", "PASS" if ok else "FAIL")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="votes per second (default 200)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the steady phase (default 60)")
    parser.add_argument("--restart-seconds", type=float, default=30.0, help="length of the restart phase (0: skip)")
    parser.add_argument("--clients", type=int, default=100, help="distinct shopper addresses (default 100)")
    parser.add_argument("--port", type=int, default=8097)
    args = parser.parse_args()
    sys.exit(0 if print_table(run(args), args) else 1)


if __name__ == "__main__":
    main()
