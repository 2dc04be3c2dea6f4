"""Site search end to end with the shared eval kit: mine the Bitext tickets, approve every draft, build, search.

Usage:
  python bench/site_search.py [--seed 0] [--per-intent 4]

Runs ``../shared/eval/site_search_e2e.py`` (see its README) on the skewed Bitext tickets of one seed and their
held-out questions (not among the tickets), through this checkout's ``faq-builder`` and headless Debian
Chromium. Prints the kit's line: entries, intents with an entry of their own, and the share of held-out
questions whose entry is in the search's top 3. Skips with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGET = "target (issue 9): top3 >= 0.85"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-intent", type=int, default=4)
    args = parser.parse_args()
    kit, dataset = SHARED / "eval", SHARED / "datasets" / "bitext_customer_support_4k.csv"
    if not (kit / "site_search_e2e.py").exists() or not dataset.exists():
        print(f"site search: skipped, {kit} or {dataset} not found (the shared kit sits beside the repository)")
        return
    with tempfile.TemporaryDirectory(prefix="faq-site-search-") as work:
        tickets, queries = Path(work) / "tickets", Path(work) / "heldout.csv"
        run = [sys.executable, str(kit / "make_tickets.py"), "bitext", str(dataset), str(tickets)]
        subprocess.run([*run, "--skew", "0.8", "--seed", str(args.seed)], check=True, capture_output=True)
        subprocess.run(
            [sys.executable, str(kit / "heldout_queries.py"), "bitext", str(dataset), str(tickets), str(queries)],
            check=True,
            capture_output=True,
        )
        environment = {**os.environ, "FB": str(Path(sys.executable).with_name("faq-builder")), "MAIN": str(ROOT)}
        result = subprocess.run(
            [
                sys.executable,
                str(kit / "site_search_e2e.py"),
                str(tickets),
                str(queries),
                "--per-intent",
                str(args.per_intent),
            ],
            env=environment,
            capture_output=True,
            text=True,
        )
    print(f"bitext seed {args.seed}: {(result.stdout.strip().splitlines() or [result.stderr.strip()])[-1]}")
    print(TARGET)


if __name__ == "__main__":
    main()
