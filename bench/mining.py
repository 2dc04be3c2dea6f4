"""Mining quality on the shared evaluation sets, and mining speed and memory on generated tickets.

Usage:
  python bench/mining.py                  # quality (needs ../shared) and speed for 10k and 100k
  python bench/mining.py --sizes 10000,100000,1000000
  python bench/mining.py --skip-speed     # quality only

Quality is measured with the instruments the project is judged with (``../shared/eval/``, see its README),
through the command line as a user runs it: ``make_tickets.py`` turns the Bitext and CLINC150 sets into
skewed ticket exports (seeds 0, 1, 2; Bitext also with 30% of the agents' replies replaced by stock texts),
``faq-builder ingest`` and ``faq-builder mine --until 2026-11-20T00:00:00Z --no-drafts`` run on each, and
``score_mining.py`` scores the report against the true labels.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

UNTIL = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = (0, 1, 2)
#: (row name, make_tickets kind, dataset file, extra make_tickets options)
SETS = (
    ("bitext", "bitext", "bitext_customer_support_4k.csv", ()),
    ("bitext, 30% stock replies", "bitext", "bitext_customer_support_4k.csv", ("--generic-replies", "0.3")),
    ("clinc150", "clinc", "clinc150.csv", ()),
)
TARGETS = """targets (issue 9): clinc150 mean NMI >= 0.88, top-10 distinct 10 on every seed, recurring >= 0.85;
bitext mean NMI >= 0.85, top-10 distinct 10 and >= 8 of the true top 10 on every seed, recurring >= 0.85;
bitext with 30% stock replies mean NMI >= 0.83"""
_SCORE = re.compile(r"(\w+)=([\d.]+)(?:/(\d+))?")


def _faq_builder() -> str:
    return str(Path(sys.executable).with_name("faq-builder"))


def score_set(kind: str, dataset: Path, options: tuple[str, ...], seed: int, workdir: Path) -> dict[str, float]:
    """One seed of one set, end to end through the CLI; the scorer's figures."""
    eval_dir = SHARED / "eval"
    tickets = workdir / f"{kind}-{seed}-{len(options)}"
    subprocess.run(
        [
            sys.executable,
            str(eval_dir / "make_tickets.py"),
            kind,
            str(dataset),
            str(tickets),
            "--skew",
            "0.8",
            "--seed",
            str(seed),
            *options,
        ],
        check=True,
        capture_output=True,
    )
    db, reports = tickets / "tickets.sqlite3", tickets / "reports"
    subprocess.run(
        [_faq_builder(), "ingest", "--db", str(db), str(tickets / "tickets.csv")], check=True, capture_output=True
    )
    subprocess.run(
        [
            _faq_builder(),
            "mine",
            "--db",
            str(db),
            "--until",
            "2026-11-20T00:00:00Z",
            "--days",
            "14",
            "--out",
            str(reports),
            "--content",
            str(tickets / "content"),
            "--no-drafts",
        ],
        check=True,
        capture_output=True,
    )
    scored = subprocess.run(
        [
            sys.executable,
            str(eval_dir / "score_mining.py"),
            str(reports / "questions-2026-11-20.json"),
            str(tickets / "labels.csv"),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name: float(value) for name, value, _of in _SCORE.findall(scored)}


def quality(workdir: Path) -> None:
    if not (SHARED / "eval" / "score_mining.py").exists():
        print(f"quality: skipped, {SHARED / 'eval'} not found (the shared kit sits beside the repository)")
        return
    print(
        f"{'set':<34} | {'seed':>4} | {'clusters':>8} | {'NMI':>5} | {'top-10 distinct':>15} | "
        f"{'true top-10 covered':>19} | {'recurring clustered':>19}"
    )
    print("-" * 112)
    for name, kind, file, options in SETS:
        rows = [score_set(kind, SHARED / "datasets" / file, options, seed, workdir) for seed in SEEDS]
        for seed, row in zip(SEEDS, rows, strict=True):
            print(
                f"{name:<34} | {seed:>4} | {row['clusters']:>8.0f} | {row['NMI']:>5.3f} | "
                f"{row['top10_distinct']:>15.0f} | {row['top10_cover_true_top10']:>19.0f} | "
                f"{row['recurring_clustered']:>19.2f}"
            )
        mean = sum(row["NMI"] for row in rows) / len(rows)
        print(f"{name + ' (mean)':<34} | {'':>4} | {'':>8} | {mean:>5.3f} |")
    print(TARGETS)


CHILD = """
import json, resource, sys, time
from datetime import datetime, UTC
from faq_builder.mine import mine
started = time.perf_counter()
report = mine(db=sys.argv[1], until=datetime(2026, 11, 23, 18, tzinfo=UTC), out=sys.argv[2], content_dir=sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - started, "tickets": report.tickets,
                  "previous": report.previous_tickets, "clusters": len(report.clusters),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def speed(sizes: list[int], workdir: Path) -> None:
    from faq_builder.ingest import ingest
    from faq_builder.sample.generator import generate_tickets, write_csv

    rows = []
    for size in sizes:
        db = workdir / f"mine-{size}.sqlite3"
        if not db.exists():
            csv_path = workdir / f"mine-{size}.csv"
            write_csv(csv_path, generate_tickets(count=size, days=28, seed=1, until=UNTIL))
            ingest([csv_path], db=db)
            csv_path.unlink()
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(workdir / "reports"), str(workdir / "none")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append((size, json.loads(output.strip().splitlines()[-1])))
    header = ["tickets mined", "window", "previous", "clusters", "seconds", "peak RSS MB"]
    print(" | ".join(f"{name:>{max(len(name), 7)}}" for name in header))
    print("-" * 72)
    for size, result in rows:
        print(
            f"{size:>13,} | {result['tickets']:>7,} | {result['previous']:>8,} | {result['clusters']:>8} | "
            f"{result['seconds']:>7.1f} | {result['peak_rss_mb']:>11.0f}"
        )
    print("targets: 100k tickets <= 60 s and <= 2 GB; 1M <= 15 min and <= 12 GB (both windows are mined)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="faq-mine-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if not args.skip_quality:
        quality(workdir)
    if not args.skip_speed:
        speed([int(size) for size in args.sizes.split(",")], workdir)


if __name__ == "__main__":
    main()
