"""Suggested replies: precision of auto-sent answers on held-out customer questions, and how many get one.

Usage:
  python bench/suggest.py                   # Bitext and CLINC150, seeds 0, 1, 2 (needs ../shared)
  python bench/suggest.py --thresholds 0.8,0.9,0.95 --held-out 30
  python bench/suggest.py --e2e             # also end to end: make_tickets -> mine -> approve all -> suggest

Protocol (the table the bar is judged on). For each dataset and seed, every intent's questions are shuffled
(seeded) and split: ``--train`` of them stand for the tickets the shop already mined, ``--held-out`` others are
new customer questions. One approved FAQ entry per intent is written as a real Markdown file in a temporary
``content/faq/`` folder, as mining and drafting would write it: the train questions are ranked by how central
they are to their intent (``question_vectors``, cosine to the intent's centre), the most central is the title
and the next 10 are the ``variants``; the answer is one of the intent's Bitext responses (CLINC150: a stock
sentence). ``Suggester.suggest_many`` then answers every held-out question; a question is answered right when
its top match is its intent's entry. CLINC150's out-of-scope questions (``--oos`` of them, drawn from the
``out_of_scope`` rows) get no entry: any auto-sent answer to them is wrong, and their share is reported apart.

Per dataset and threshold (the default and two around it): precision of the auto-sent answers (in-scope and
out-of-scope together), coverage (share of in-scope held-out questions auto-sent), the share of out-of-scope
questions auto-answered, and the top-1 accuracy of the in-scope questions (threshold-free).

``--e2e`` runs the eval kit's ``make_tickets.py`` (skew 0.8), ``faq-builder ingest``, ``mine --top 500``
(drafting every question type), approves every draft as ``site_search_e2e.py`` does, and answers the
questions of the dataset that are not among the tickets (``heldout_queries.py``): right when the top entry's
tickets are mostly the question's intent. Intents that got no entry count as questions the FAQ cannot answer.
"""

from __future__ import annotations

import argparse
import collections
import csv
import glob
import json
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = (0, 1, 2)
#: (name, dataset file, text column, label column, out-of-scope label or None)
SETS = (
    ("bitext", "bitext_customer_support_4k.csv", "instruction", "intent", None),
    ("clinc150", "clinc150.csv", "text", "category", "out_of_scope"),
)
STOCK_ANSWER = "Thanks for asking: here is how this works. Our team is happy to help with anything else."
TARGETS = """targets (issue): at the default threshold, precision >= 0.95 on both datasets (coverage reported) and
< 2% of CLINC150 out-of-scope questions auto-answered"""


@dataclass(slots=True)
class Outcome:
    """One held-out question: its entry was right (top match), sent on its own, with what confidence."""

    in_scope: bool
    right: bool
    confidence: float


def _rows(file: str, text: str, label: str) -> list[tuple[str, str]]:
    with (SHARED / "datasets" / file).open(encoding="utf-8") as handle:
        return [(row[text].strip(), row[label]) for row in csv.DictReader(handle) if row[text].strip()]


def _write_entry(folder: Path, slug: str, title: str, variants: list[str], answer: str) -> None:
    from faq_builder.content import render_entry

    meta = {"id": slug, "title": title, "status": "approved", "category": "other", "variants": variants}
    path = folder / "faq" / "other" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_entry(meta, answer), encoding="utf-8")


def build_protocol(
    name: str,
    rows: list[tuple[str, str]],
    oos: str | None,
    *,
    seed: int,
    train: int,
    held_out: int,
    oos_count: int,
    answers: dict[str, list[str]],
    folder: Path,
) -> list[tuple[str, str | None]]:
    """Write the entries into ``folder``; the held-out questions with their intent (None: out of scope)."""
    from faq_builder.clustering import question_vectors

    rng = random.Random(seed)
    by_intent: dict[str, list[str]] = collections.defaultdict(list)
    for text, label in rows:
        by_intent[label].append(text)
    queries: list[tuple[str, str | None]] = []
    for intent in sorted(by_intent):
        if intent == oos:
            continue
        pool = list(dict.fromkeys(by_intent[intent]))
        rng.shuffle(pool)
        seen, new = pool[:train], pool[train : train + held_out]
        vectors = question_vectors(seen)
        centre = vectors.mean(axis=0)
        central = [seen[i] for i in np.argsort(-(vectors @ centre), kind="stable")]
        answer = rng.choice(answers[intent]) if answers.get(intent) else STOCK_ANSWER
        _write_entry(folder, re.sub(r"[^a-z0-9]+", "-", intent.lower()).strip("-"), central[0], central[1:11], answer)
        queries += [(text, intent) for text in new]
    if oos is not None:
        pool = list(dict.fromkeys(by_intent[oos]))
        rng.shuffle(pool)
        queries += [(text, None) for text in pool[:oos_count]]
    return queries


def score(folder: Path, queries: list[tuple[str, str | None]]) -> list[Outcome]:
    from faq_builder.suggest import Suggester

    suggester = Suggester(folder)
    suggestions = suggester.suggest_many([text for text, _label in queries], limit=1)
    outcomes = []
    for (_text, label), suggestion in zip(queries, suggestions, strict=True):
        top = suggestion.matches[0].slug if suggestion.matches else None
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") if label else None
        outcomes.append(Outcome(label is not None, top == slug, suggestion.confidence))
    return outcomes


def figures(outcomes: list[Outcome], threshold: float) -> dict[str, float]:
    sent = [o for o in outcomes if o.confidence >= threshold]
    in_scope = [o for o in outcomes if o.in_scope]
    out = [o for o in outcomes if not o.in_scope]
    return {
        "sent": len(sent),
        "precision": sum(o.right for o in sent) / len(sent) if sent else float("nan"),
        "coverage": sum(o.confidence >= threshold for o in in_scope) / max(1, len(in_scope)),
        "oos": sum(o.confidence >= threshold for o in out) / len(out) if out else float("nan"),
        "top1": sum(o.right for o in in_scope) / max(1, len(in_scope)),
    }


def _print_table(title: str, results: dict[str, dict[int, list[Outcome]]], thresholds: list[float]) -> None:
    print(title)
    print(
        f"{'set':<10} | {'seed':>4} | {'thresh':>6} | {'questions':>9} | {'sent':>5} | {'precision':>9} | "
        f"{'coverage':>8} | {'OOS sent':>8} | {'top-1':>5}"
    )
    print("-" * 92)
    for name, by_seed in results.items():
        for threshold in thresholds:
            pooled: list[Outcome] = []
            for seed, outcomes in by_seed.items():
                pooled += outcomes
                row = figures(outcomes, threshold)
                print(
                    f"{name:<10} | {seed:>4} | {threshold:>6.2f} | {len(outcomes):>9} | {row['sent']:>5.0f} | "
                    f"{row['precision']:>9.3f} | {row['coverage']:>8.3f} | {row['oos']:>8.3f} | {row['top1']:>5.3f}"
                )
            row = figures(pooled, threshold)
            print(
                f"{name + ' all':<10} | {'':>4} | {threshold:>6.2f} | {len(pooled):>9} | {row['sent']:>5.0f} | "
                f"{row['precision']:>9.3f} | {row['coverage']:>8.3f} | {row['oos']:>8.3f} | {row['top1']:>5.3f}"
            )
        print("-" * 92)


def protocol(args: argparse.Namespace, thresholds: list[float]) -> None:
    results: dict[str, dict[int, list[Outcome]]] = {}
    for name, file, text, label, oos in SETS:
        rows = _rows(file, text, label)
        answers: dict[str, list[str]] = collections.defaultdict(list)
        if name == "bitext":
            with (SHARED / "datasets" / file).open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    answers[row["intent"]].append(row["response"].strip())
        results[name] = {}
        for seed in SEEDS:
            with tempfile.TemporaryDirectory(prefix="faq-suggest-bench-") as tmp:
                folder = Path(tmp) / "content"
                queries = build_protocol(
                    name,
                    rows,
                    oos,
                    seed=seed,
                    train=args.train,
                    held_out=args.held_out,
                    oos_count=args.oos,
                    answers=answers,
                    folder=folder,
                )
                results[name][seed] = score(folder, queries)
    _print_table(
        f"held-out questions against one entry per intent (train {args.train}, held out {args.held_out} per "
        f"intent, {args.oos} out-of-scope)",
        results,
        thresholds,
    )


def _faq_builder() -> str:
    return str(Path(sys.executable).with_name("faq-builder"))


def e2e(args: argparse.Namespace, thresholds: list[float]) -> None:
    """End to end through the CLI, entries as mining drafts them (see the module docstring)."""
    from faq_builder.suggest import Suggester

    results: dict[str, dict[int, list[Outcome]]] = {}
    kinds = {"bitext": "bitext", "clinc150": "clinc"}
    for name, file, _text, _label, _oos in SETS:
        results[name] = {}
        for seed in SEEDS:
            with tempfile.TemporaryDirectory(prefix="faq-suggest-e2e-") as tmp:
                work = Path(tmp)
                tickets = work / "tickets"
                dataset = SHARED / "datasets" / file
                subprocess.run(
                    [
                        sys.executable,
                        str(SHARED / "eval" / "make_tickets.py"),
                        kinds[name],
                        str(dataset),
                        str(tickets),
                        "--skew",
                        "0.8",
                        "--seed",
                        str(seed),
                    ],
                    check=True,
                    capture_output=True,
                )
                held = work / "heldout.csv"
                subprocess.run(
                    [
                        sys.executable,
                        str(SHARED / "eval" / "heldout_queries.py"),
                        "bitext" if name == "bitext" else "clinc",
                        str(dataset),
                        str(tickets),
                        str(held),
                    ],
                    check=True,
                    capture_output=True,
                )
                db = work / "db.sqlite3"
                subprocess.run(
                    [_faq_builder(), "ingest", "--db", str(db), str(tickets / "tickets.csv")],
                    check=True,
                    capture_output=True,
                    cwd=work,
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
                        "--top",
                        "500",
                        "--content",
                        "content",
                        "--out",
                        "reports",
                    ],
                    check=True,
                    capture_output=True,
                    cwd=work,
                )
                slug_intent = _approve_all(work, tickets)
                rng = random.Random(seed)
                by_intent: dict[str, list[str]] = collections.defaultdict(list)
                with held.open(encoding="utf-8") as handle:
                    for row in csv.DictReader(handle):
                        by_intent[row["label"]].append(row["text"])
                queries: list[tuple[str, str]] = []
                for intent in sorted(by_intent):
                    pool = by_intent[intent]
                    rng.shuffle(pool)
                    queries += [(q, intent) for q in pool[: (args.oos if intent == "out_of_scope" else 20)]]
                suggester = Suggester(work / "content")
                suggestions = suggester.suggest_many([q for q, _ in queries], limit=1)
                covered = set(slug_intent.values())
                results[name][seed] = [
                    Outcome(
                        intent in covered,
                        bool(s.matches) and slug_intent.get(s.matches[0].slug) == intent,
                        s.confidence,
                    )
                    for (_q, intent), s in zip(queries, suggestions, strict=True)
                ]
    _print_table(
        "end to end: mined, drafted and approved entries (questions of intents without an entry count as out of scope)",
        results,
        thresholds,
    )


def _approve_all(work: Path, tickets: Path) -> dict[str, str]:
    """Every draft approved as an editor would (draft note removed); each entry's majority intent by its tickets."""
    report = json.loads(Path(glob.glob(str(work / "reports" / "*.json"))[0]).read_text(encoding="utf-8"))
    with (tickets / "labels.csv").open(encoding="utf-8") as handle:
        labels = {row["id"]: row["label"] for row in csv.DictReader(handle)}
    key_intent = {
        c["key"]: collections.Counter(labels.get(t) for t in c["ticket_ids"]).most_common(1)[0][0]
        for c in report["clusters"]
    }
    slug_intent = {}
    for path in (work / "content" / "faq").rglob("*.md"):
        text = re.sub(r"<!-- faq-builder:draft.*?-->\n*", "", path.read_text(encoding="utf-8"), flags=re.S)
        head, body = text.split("\n---\n", 1)
        head = head.replace("status: draft", "status: approved")
        path.write_text(head + "\n---\n" + (body if body.strip() else "\nPlease contact us.\n"), encoding="utf-8")
        keys = (
            re.findall(r"^- (\S+)$", head.split("cluster_keys:", 1)[1], flags=re.M) if "cluster_keys:" in head else []
        )
        intents = [key_intent[k] for k in keys if k in key_intent]
        if intents:
            slug_intent[path.stem] = collections.Counter(intents).most_common(1)[0][0]
    return slug_intent


def main() -> None:
    from faq_builder.suggest import DEFAULT_THRESHOLD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default=None, help="comma-separated; default: the default and two around it")
    parser.add_argument("--train", type=int, default=40, help="questions per intent the shop already mined")
    parser.add_argument("--held-out", type=int, default=30, help="new questions per intent")
    parser.add_argument("--oos", type=int, default=500, help="CLINC150 out-of-scope questions per seed")
    parser.add_argument("--e2e", action="store_true", help="also end to end through make_tickets, mine, approve")
    args = parser.parse_args()
    if not (SHARED / "datasets").is_dir():
        print(f"skipped: {SHARED / 'datasets'} not found (the shared kit sits beside the repository)")
        return
    thresholds = (
        [float(t) for t in args.thresholds.split(",")]
        if args.thresholds
        else [round(DEFAULT_THRESHOLD - 0.05, 2), DEFAULT_THRESHOLD, round(min(0.99, DEFAULT_THRESHOLD + 0.05), 2)]
    )
    protocol(args, thresholds)
    if args.e2e:
        e2e(args, thresholds)
    print(TARGETS)


if __name__ == "__main__":
    main()
