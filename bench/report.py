"""The support report (`faq-builder report`): seconds, peak memory and output sizes on generated tickets.

Usage:
  python bench/report.py                          # 100k and 1M tickets
  python bench/report.py --sizes 100000
  python bench/report.py --setup-only             # only build the stores and mine their windows
  python bench/report.py --sizes 1000000 --profile  # and where the report's time goes (cProfile)

Each size gets a store of that many generated tickets over 28 days ending 2026-11-23 18:00 UTC, so the
14-day window and the one before it are both full, built as bench/mining.py builds its stores
(``generate_tickets`` -> ``write_csv`` -> ``faq_builder.ingest.ingest``); then ``faq-builder mine
--no-drafts`` mines the window once, for the report to read its questions-2026-11-23.json. Both are kept
in --workdir with their timings (setup-<size>.json), so reruns only time the report. The report runs as a
user runs it, ``faq-builder report --days 14 --reports ... --config mkdocs.yml`` (support hours Mon-Fri
09:00-17:00 Europe/Berlin with a holiday on 2026-11-18, and the sample shop's products; mine and report
get an empty content folder), in a separate process that reports its own wall time and peak RSS (or its
workers', if larger); the table adds the sizes of the HTML, JSON and Markdown it wrote. Target (issue 14)
on the 2-core reference machine: 1M tickets in <= 2 min with peak RSS <= 4 GB.
"""

from __future__ import annotations

import argparse
import json
import pstats
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

UNTIL = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
UNTIL_OPTION = "2026-11-23T18:00:00Z"
DAYS = 14
WORKDIR = Path("/tmp/faq-builder-bench-report")
TARGETS = "target (issue 14): 1M tickets <= 120 s, peak RSS <= 4096 MB"
#: The output files sized in the table, by suffix.
OUTPUTS = ("html", "json", "md")

CHILD = """
import json, resource, sys, time
from faq_builder.cli import main
profile = sys.argv.pop(1)
if profile:
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
started = time.perf_counter()
try:
    main(sys.argv[1:], prog_name="faq-builder")
except SystemExit as done:
    if done.code:
        raise
seconds = time.perf_counter() - started
if profile:
    profiler.disable()
    profiler.dump_stats(profile)
print(json.dumps({"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _faq_builder() -> str:
    return str(Path(sys.executable).with_name("faq-builder"))


def _run(command: list[str]) -> str:
    """Run a command, its stdout; its stderr is shown if it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr or done.stdout}")
    return done.stdout


def write_config(path: Path) -> None:
    """A site configuration with the plugin settings the report reads: support hours and the shop's products."""
    from faq_builder.sample.generator import PHRASES as P

    settings = {
        "support_hours": {
            "timezone": "Europe/Berlin",
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "open": "09:00",
            "close": "17:00",
            "holidays": [date(2026, 11, 18)],
        },
        "products": list(P.PRODUCTS),
    }
    config = {"site_name": "Report bench", "docs_dir": "content", "plugins": [{"faq-builder": settings}]}
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def setup(size: int, workdir: Path, config: Path) -> dict[str, float]:
    """The store of ``size`` tickets and its mined window, built once; their timings."""
    from faq_builder.ingest import ingest
    from faq_builder.sample.generator import generate_tickets, write_csv

    db, reports, timings = paths(size, workdir)[:3]
    done = json.loads(timings.read_text()) if timings.exists() else {}
    if "ingest_seconds" not in done:  # no store, or one whose ingest did not finish
        db.unlink(missing_ok=True)
        csv_path = workdir / f"tickets-{size}.csv"
        started = time.perf_counter()
        write_csv(csv_path, generate_tickets(count=size, days=28, seed=1, until=UNTIL))
        done["generate_seconds"] = time.perf_counter() - started
        started = time.perf_counter()
        ingest([csv_path], db=db)
        done["ingest_seconds"] = time.perf_counter() - started
        csv_path.unlink()
        done.pop("mine_seconds", None)
        timings.write_text(json.dumps(done))
    questions = reports / f"questions-{UNTIL:%Y-%m-%d}.json"
    if "mine_seconds" not in done or not questions.exists():
        content = workdir / "empty-content"
        content.mkdir(exist_ok=True)
        started = time.perf_counter()
        _run(
            [
                _faq_builder(),
                "mine",
                "--db",
                str(db),
                "--until",
                UNTIL_OPTION,
                "--days",
                str(DAYS),
                "--no-drafts",
                "--out",
                str(reports),
                "--content",
                str(content),
                "--config",
                str(config),
            ]
        )
        done["mine_seconds"] = time.perf_counter() - started
        timings.write_text(json.dumps(done))
    done["window_tickets"] = json.loads(questions.read_text(encoding="utf-8"))["tickets"]
    return done


def paths(size: int, workdir: Path) -> tuple[Path, Path, Path, Path]:
    """The store, the mined reports folder, the setup timings and the report's output folder of one size."""
    return (
        workdir / f"store-{size}.sqlite3",
        workdir / f"reports-{size}",
        workdir / f"setup-{size}.json",
        workdir / f"out-{size}",
    )


def run_report(size: int, workdir: Path, config: Path, profile: Path | None = None) -> dict[str, float]:
    """One run of ``faq-builder report`` in a fresh process: its seconds, peak RSS and output sizes."""
    db, reports, _timings, out = paths(size, workdir)
    command = [
        "report",
        "--db",
        str(db),
        "--until",
        UNTIL_OPTION,
        "--days",
        str(DAYS),
        "--out",
        str(out),
        "--reports",
        str(reports),
        "--content",
        str(workdir / "empty-content"),
        "--config",
        str(config),
    ]
    output = _run([sys.executable, "-c", CHILD, str(profile or ""), *command])
    result = json.loads(output.strip().splitlines()[-1])
    for suffix in OUTPUTS:
        result[f"{suffix}_kb"] = sum(file.stat().st_size for file in out.rglob(f"*.{suffix}")) / 1024
    return result


def show_profile(profile: Path, lines: int = 25) -> None:
    print(f"\nwhere the report's time goes ({profile}), by cumulative time:")
    pstats.Stats(str(profile), stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    parser.add_argument("--setup-only", action="store_true", help="build the stores and mine them; no report")
    parser.add_argument("--profile", action="store_true", help="then run each report again under cProfile")
    args = parser.parse_args()
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "mkdocs.yml"
    write_config(config)
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = []
    for size in sizes:
        timings = setup(size, workdir, config)
        print(
            f"setup {size:,} tickets: generated in {timings['generate_seconds']:.0f} s, "
            f"ingested in {timings['ingest_seconds']:.0f} s, mined in {timings['mine_seconds']:.0f} s",
            flush=True,
        )
        if not args.setup_only:
            rows.append((size, timings, run_report(size, workdir, config)))
    if args.setup_only:
        return
    header = ["tickets in store", "window tickets", "seconds", "peak RSS MB", "html KB", "json KB", "md KB"]
    print(" | ".join(header) + " || setup: ingest s | mine s")
    print("-" * 116)
    for size, timings, result in rows:
        peak = max(result["peak_rss_mb"], result["worker_rss_mb"])
        print(
            f"{size:>16,} | {timings['window_tickets']:>14,} | {result['seconds']:>7.1f} | {peak:>11.0f} | "
            f"{result['html_kb']:>7.0f} | {result['json_kb']:>7.0f} | {result['md_kb']:>5.0f} || "
            f"{timings['ingest_seconds']:>15.0f} | {timings['mine_seconds']:>6.0f}"
        )
    print(TARGETS)
    if args.profile:
        for size in sizes:
            profile = workdir / f"report-{size}.prof"
            run_report(size, workdir, config, profile)
            show_profile(profile)


if __name__ == "__main__":
    main()
