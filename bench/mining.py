"""Mining quality on public labelled questions, and mining speed and memory on generated tickets.

Usage:
  python bench/mining.py                  # quality (needs ../shared/datasets) and speed for 10k and 100k
  python bench/mining.py --sizes 10000,100000,1000000
  python bench/mining.py --skip-speed     # quality only

Quality: the Bitext customer-support questions (27 intents) become tickets spread over 14 days and go
through `faq_builder.mine.mine` with its defaults (no number of clusters given; unclustered tickets count
as singletons). Reported: NMI, and top-10 recovery (do the 10 largest clusters map to 10 different
intents, and how many of the 10 most frequent intents do they cover), on a Zipf-like subsample
(round(n_i / rank^0.8) questions per intent, intents ranked in a seeded random order) and on the full
file, beside the char-TF-IDF + k-means-with-the-true-k baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

UNTIL = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
#: Seeds of the randomised steps (SVD, k-means, Louvain): the spread shows how stable the figures are.
SEEDS = (0, 1, 2)
DATASET = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "bitext_customer_support_4k.csv"


def load_bitext(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["instruction"] for row in rows], [row["intent"] for row in rows]


def zipf_subsample(texts: list[str], labels: list[str], *, seed: int = 0, exponent: float = 0.8):  # noqa: ANN201
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, label in zip(texts, labels, strict=True):
        by_intent[label].append(text)
    intents = sorted(by_intent)
    random.Random(seed).shuffle(intents)
    out_texts, out_labels = [], []
    for rank, intent in enumerate(intents, start=1):
        keep = round(len(by_intent[intent]) / rank**exponent)
        out_texts += by_intent[intent][:keep]
        out_labels += [intent] * keep
    return out_texts, out_labels


def mine_labels(texts: list[str], workdir: Path, *, seed: int = 0) -> tuple[list[int], list[list[int]], float]:
    """Cluster ids per text from a real `mine` run over a store of these tickets (-1: unclustered)."""
    from faq_builder.mine import mine
    from faq_builder.models import Channel, Ticket
    from faq_builder.store import TicketStore

    db = workdir / "bitext.sqlite3"
    rng = random.Random(1)
    tickets = [
        Ticket(
            source="bitext",
            external_id=str(i),
            created_at=UNTIL - timedelta(seconds=rng.randrange(14 * 86400)),
            body=text,
            channel=Channel.WEB_FORM,
            customer_key=f"c{i}",
        )
        for i, text in enumerate(texts)
    ]
    with TicketStore(db) as store, store.transaction():
        store.upsert(
            list(enumerate(tickets)),
            run_id=store.start_run(file="bitext", format="csv", source="bitext"),
            file="bitext",
        )
    started = time.perf_counter()
    report = mine(db=db, until=UNTIL, out=workdir / "reports", content_dir=workdir / "no-content", seed=seed)
    seconds = time.perf_counter() - started
    labels = [-1] * len(texts)
    members = []
    for number, cluster in enumerate(report.clusters):
        ids = [int(i) for i in cluster.ticket_ids]
        members.append(ids)
        for i in ids:
            labels[i] = number
    return labels, members, seconds


def nmi_with_singletons(truth: list[str], labels: list[int]) -> float:
    from sklearn.metrics import normalized_mutual_info_score

    filled, next_label = [], max(labels, default=0) + 1
    for label in labels:
        if label < 0:
            label, next_label = next_label, next_label + 1
        filled.append(label)
    return normalized_mutual_info_score(truth, filled)


def top10(truth: list[str], members: list[list[int]]) -> tuple[int, int]:
    largest = sorted(members, key=len, reverse=True)[:10]
    majority = [Counter(truth[i] for i in group).most_common(1)[0][0] for group in largest]
    frequent = {intent for intent, _n in Counter(truth).most_common(10)}
    return len(set(majority)), len(set(majority) & frequent)


def baseline(texts: list[str], truth: list[str]) -> float:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2).fit_transform(texts)
    labels = KMeans(len(set(truth)), n_init=5, random_state=0).fit_predict(matrix)
    return normalized_mutual_info_score(truth, labels)


def quality() -> None:
    if not DATASET.exists():
        print(f"quality: skipped, {DATASET} not found (the shared datasets sit beside the repository)")
        return
    texts, truth = load_bitext(DATASET)
    sets = {"zipf (skewed)": zipf_subsample(texts, truth), "full (uniform)": (texts, truth)}
    print(
        f"{'set':<22} | {'tickets':>7} | {'intents':>7} | {'clusters':>8} | {'NMI':>5} | {'top-10 distinct':>15} | "
        f"{'top-10 of true top-10':>21} | {'baseline NMI (true k)':>21} | {'mine s':>6}"
    )
    print("-" * 130)
    for name, (set_texts, set_truth) in sets.items():
        base = baseline(set_texts, set_truth)
        for seed in SEEDS:
            with tempfile.TemporaryDirectory() as tmp:
                labels, members, seconds = mine_labels(set_texts, Path(tmp), seed=seed)
            distinct, covered = top10(set_truth, members)
            print(
                f"{name + f' seed {seed}':<22} | {len(set_texts):>7} | {len(set(set_truth)):>7} | {len(members):>8} | "
                f"{nmi_with_singletons(set_truth, labels):>5.3f} | {distinct:>15} | {covered:>21} | "
                f"{base:>21.3f} | {seconds:>6.1f}"
            )
    print("targets: zipf NMI >= 0.85 with 10 distinct intents covering >= 9 of the true top 10; full NMI >= 0.80")


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
    if not args.skip_quality:
        quality()
    if not args.skip_speed:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="faq-mine-bench-"))
        workdir.mkdir(parents=True, exist_ok=True)
        speed([int(size) for size in args.sizes.split(",")], workdir)


if __name__ == "__main__":
    main()
