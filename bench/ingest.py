"""Ingest throughput and peak memory for generated generic-CSV exports.

Usage: python bench/ingest.py [--sizes 10000,100000,1000000] [--workdir DIR]

Each size is generated once (not timed), then ingested into a fresh store by a
separate Python process, which reports its own wall time and peak RSS.
Targets on the 2-core reference machine: 100k tickets in <= 15 s; peak RSS
under 400 MB and flat from 100k to 1M.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

UNTIL = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)

CHILD = """
import json, resource, sys, time
from faq_builder.ingest import ingest
started = time.perf_counter()
report = ingest([sys.argv[1]], db=sys.argv[2])[0]
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "read": report.read, "new": report.new, "rejected": report.rejected,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def generate(path: Path, count: int) -> None:
    from faq_builder.sample.generator import generate_tickets, write_csv

    if path.exists():
        return
    days = max(28, count // 500)
    write_csv(path, generate_tickets(count=count, days=days, seed=1, until=UNTIL))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--workdir", type=Path, default=None, help="where to keep generated files (default: temp)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="faq-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        csv_path = workdir / f"tickets-{size}.csv"
        started = time.perf_counter()
        generate(csv_path, size)
        generated = time.perf_counter() - started
        db = workdir / f"store-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(csv_path), str(db)], check=True, capture_output=True, text=True
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        rows.append((size, csv_path.stat().st_size / 1e6, generated, result))
    print(
        f"{'tickets':>9} | {'file MB':>8} | {'ingest s':>9} | {'tickets/s':>10} | {'peak RSS MB':>11} | "
        f"{'worker RSS MB':>13} | new | rejected"
    )
    print("-" * 96)
    for size, megabytes, _generated, result in rows:
        rate = result["read"] / result["seconds"]
        print(
            f"{size:>9,} | {megabytes:>8.1f} | {result['seconds']:>9.1f} | {rate:>10,.0f} | "
            f"{result['peak_rss_mb']:>11.0f} | {result['worker_rss_mb']:>13.0f} | {result['new']:,} | "
            f"{result['rejected']}"
        )
    print(
        f"(files in {workdir}; targets: 100k <= 15 s, peak RSS < 400 MB and flat to 1M; workers share the "
        "main process's pages by fork, so their RSS overlaps with it)"
    )


if __name__ == "__main__":
    main()
