"""Help-site build time and size for many approved entries.

Usage:
  python bench/site.py                    # 100 and 1,000 entries
  python bench/site.py --sizes 100,1000,3000

Entries are written like real ones (a question title, ten variants, a two-paragraph answer, some with a
portal button and a {{ shop.NAME }} placeholder), spread over the categories with a skew, then built with
the repository's mkdocs.yml through `faq_builder.site.build_site` (strict). Targets for 1,000 entries on
the 2-core reference machine: build <= 30 s, whole site <= 25 MB, largest HTML page <= 300 KB.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq_builder.content import render_entry  # noqa: E402
from faq_builder.models import Category  # noqa: E402
from faq_builder.sample.generator import PHRASES as P  # noqa: E402
from faq_builder.site import build_site  # noqa: E402

TARGETS = {"seconds": 30.0, "site_mb": 25.0, "largest_kb": 300.0}


def write_entries(content: Path, count: int, *, seed: int = 0) -> None:
    rng = random.Random(seed)
    intents = list(P.INTENTS.values())
    weights = [1 / (rank + 1) for rank in range(len(Category))]
    content.mkdir(parents=True)
    (content / "index.md").write_text("# How can we help?\n\nSearch above.\n")
    for number in range(count):
        intent = rng.choice(intents)
        category = rng.choices(list(Category), weights)[0]
        subject = rng.choice(intent["subjects"]).replace("{", "").replace("}", "")
        title = f"{subject.rstrip('?')} (case {number})?"
        variants = [rng.choice(intent["subjects"]).replace("{", "").replace("}", "") + f" {n}" for n in range(10)]
        reply = rng.choice(intent["replies"]).split("\n\n", 1)[-1].split("Best")[0].replace("{", "").replace("}", "")
        body = (
            f"{reply}\n\nOur return window is {{{{ shop.return_window_days }}}} days; "
            "free shipping over {{ shop.free_shipping_threshold }}.\n"
        )
        meta = {
            "id": f"entry-{number}",
            "title": title,
            "status": "approved",
            "category": category,
            "variants": variants,
            "self_service": rng.choice([None, "track_order", "start_return", "change_order", "order_history"]),
            "tickets": rng.randrange(3, 500),
        }
        path = content / "faq" / category / f"entry-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_entry(meta, body))


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        write_entries(content, count)
        built = build_site(
            config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=Path(folder) / "site", strict=True
        )
        pages = list(built.site_dir.rglob("*.html"))
        index = built.site_dir / "search" / "search_index.json"
        return {
            "entries": count,
            "pages": len(pages),
            "seconds": built.seconds,
            "site_mb": built.bytes / 1e6,
            "largest_kb": max(p.stat().st_size for p in pages) / 1e3,
            "search_kb": index.stat().st_size / 1e3,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated entry counts")
    args = parser.parse_args()
    rows = [measure(int(size)) for size in args.sizes.split(",")]
    header = ("entries", "pages", "build s", "site MB", "largest page KB", "search index KB")
    print(" | ".join(f"{name:>{width}}" for name, width in zip(header, (8, 6, 8, 8, 15, 15), strict=True)))
    print("-" * 76)
    for row in rows:
        print(
            f"{row['entries']:>8,} | {row['pages']:>6,} | {row['seconds']:>8.1f} | {row['site_mb']:>8.1f} | "
            f"{row['largest_kb']:>15.1f} | {row['search_kb']:>15.1f}"
        )
    print(
        f"targets at 1,000 entries: build <= {TARGETS['seconds']:.0f} s, site <= {TARGETS['site_mb']:.0f} MB, "
        f"largest page <= {TARGETS['largest_kb']:.0f} KB"
    )
    for row in rows:
        if row["entries"] == 1000:
            failed = [key for key, limit in TARGETS.items() if row[key] > limit]
            print("1,000 entries: " + ("all targets met" if not failed else f"MISSED {', '.join(failed)}"))


if __name__ == "__main__":
    main()
