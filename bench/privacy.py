"""Redaction recall and false positives on the hand-written privacy corpus.

Usage: python bench/privacy.py [--corpus tests/fixtures/privacy_corpus.jsonl] [--region GB] [--misses]

Each corpus line is {"text", "personal": [substrings that must disappear], "kinds": [their kinds], "lang"}.
A personal string counts as removed when every place it occurs is covered by the Redactor's findings and it
is gone from the redacted text. Lines with no personal strings are ordinary shop text: any change to them is a
false positive. Then a help site is built whose approved entries carry the redacted corpus as drafting would
(title, variants, answer) and each entry's page and search documents are searched for its personal
strings. Targets: recall >= 99% overall, 0 false-positive lines, 0 personal strings in the built site.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq_builder.privacy import Redactor  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "privacy_corpus.jsonl"
TARGET_RECALL = 0.99


def load(path: Path) -> list[dict]:
    """The corpus lines, each a dict with text, personal, kinds and lang."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def removed(redactor: Redactor, text: str, value: str) -> bool:
    """Whether every occurrence of ``value`` in ``text`` is inside a finding and none survives redaction."""
    findings = redactor.findings(text)
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        covered = start
        for finding in findings:
            if finding.start <= covered < finding.end:
                covered = finding.end
        if covered < end:
            return False
        start = text.find(value, start + 1)
    return value not in redactor.redact(text)


def measure(lines: list[dict], redactor: Redactor) -> dict:
    """Counts per kind and per language, overall recall, false-positive lines and the misses themselves."""
    total: Counter[tuple[str, str]] = Counter()
    gone: Counter[tuple[str, str]] = Counter()
    ordinary: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    misses: list[tuple[str, str, str]] = []
    false_positives: list[tuple[str, str]] = []
    for line in lines:
        text, lang = line["text"], line["lang"]
        if not line["personal"]:
            ordinary[lang] += 1
            redacted = redactor.redact(text)
            if redacted != text:
                changed[lang] += 1
                false_positives.append((text, redacted))
            continue
        for value, kind in zip(line["personal"], line.get("kinds") or ["?"] * len(line["personal"]), strict=True):
            total[kind, lang] += 1
            if removed(redactor, text, value):
                gone[kind, lang] += 1
            else:
                misses.append((kind, value, redactor.redact(text)))
    personal = sum(total.values())
    return {
        "total": total,
        "gone": gone,
        "ordinary": ordinary,
        "changed": changed,
        "recall": sum(gone.values()) / personal if personal else 1.0,
        "misses": misses,
        "false_positives": false_positives,
    }


def _table(title: str, rows: list[tuple[str, int, int, str]]) -> list[str]:
    out = [f"{title:<14} {'personal':>8} {'removed':>8} {'recall':>7} {'fp lines':>9}"]
    for label, count, hit, fp in rows:
        recall = f"{hit / count:.1%}" if count else "-"
        out.append(f"{label:<14} {count:>8} {hit:>8} {recall:>7} {fp:>9}")
    return out


def report(result: dict) -> str:
    """The tables: per kind, per language, overall."""
    total, gone = result["total"], result["gone"]
    kinds = sorted({kind for kind, _ in total})
    langs = sorted({lang for _, lang in total} | set(result["ordinary"]))
    lines = _table(
        "kind",
        [
            (
                kind,
                sum(n for (k, _), n in total.items() if k == kind),
                sum(n for (k, _), n in gone.items() if k == kind),
                "",
            )
            for kind in kinds
        ],
    )
    lines.append("")
    lines += _table(
        "language",
        [
            (
                lang,
                sum(n for (_, la), n in total.items() if la == lang),
                sum(n for (_, la), n in gone.items() if la == lang),
                f"{result['changed'][lang]}/{result['ordinary'][lang]}",
            )
            for lang in langs
        ],
    )
    lines.append("")
    personal, hits = sum(total.values()), sum(gone.values())
    fp, ordinary = sum(result["changed"].values()), sum(result["ordinary"].values())
    lines += _table("overall", [("all", personal, hits, f"{fp}/{ordinary}")])
    verdict = "meets" if result["recall"] >= TARGET_RECALL and fp == 0 else "MISSES"
    lines.append(f"\n{verdict} the target: recall >= {TARGET_RECALL:.0%} with 0 false-positive lines")
    return "\n".join(lines)


def site_leaks(lines: list[dict], redactor: Redactor) -> tuple[int, int, list[str]]:
    """Build a site from the redacted corpus; (personal strings, files searched, the strings found in it)."""
    import tempfile

    from faq_builder.content import escape_markdown, render_entry
    from faq_builder.site import build_site

    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "faq" / "other").mkdir(parents=True)
        (content / "index.md").write_text("# Help\n", encoding="utf-8")
        for number, line in enumerate(lines):
            redacted = redactor.redact(line["text"])
            title = " ".join(redacted.split())[:150] or "Question"
            meta = {"id": f"q{number}", "title": title, "status": "approved", "variants": [redacted]}
            path = content / "faq" / "other" / f"q{number}.md"
            path.write_text(render_entry(meta, escape_markdown(redacted) or "Answer."), encoding="utf-8")
        built = build_site(config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=Path(folder) / "site")
        index = json.loads((built.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
        searchable: dict[str, list[str]] = {}
        for doc in index["docs"]:
            searchable.setdefault(doc["location"].split("#")[0], []).append(json.dumps(doc, ensure_ascii=False))
        found, files = [], 0
        for number, line in enumerate(lines):
            # Each entry's own page and search documents: a personal string of one ticket may legitimately be a
            # word of another ("Minh" the name, "Hồ Chí Minh" the city).
            page = built.site_dir / "faq" / "other" / f"q{number}" / "index.html"
            files += 1
            published = page.read_text(encoding="utf-8") + "\n".join(searchable.get(f"faq/other/q{number}/", []))
            found += [v for v in line["personal"] if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", published)]
        return sum(len(line["personal"]) for line in lines), files, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--region", action="append", help="the shop's country (repeatable; default GB)")
    parser.add_argument("--misses", action="store_true", help="list the personal strings left and the lines changed")
    args = parser.parse_args()
    redactor = Redactor(regions=args.region) if args.region else Redactor()
    lines = load(args.corpus)
    result = measure(lines, redactor)
    print(report(result))
    personal, files, found = site_leaks(lines, redactor)
    print(
        f"\nbuilt site: {files} entry pages and their search documents searched for {personal} personal strings, "
        f"{len(found)} found (target 0)"
    )
    for value in found:
        print(f"IN THE SITE: {value!r}")
    if args.misses:
        for kind, value, redacted in result["misses"]:
            print(f"MISS {kind}: {value!r} in {redacted!r}")
        for text, redacted in result["false_positives"]:
            print(f"FALSE POSITIVE: {text!r} -> {redacted!r}")


if __name__ == "__main__":
    main()
