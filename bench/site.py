"""Help-site build time and size for many approved entries; `mkdocs build` of the demo against a baseline.

Usage:
  python bench/site.py                    # 100 and 1,000 entries, then the demo against the baseline
  python bench/site.py --sizes 100,1000,3000
  python bench/site.py --demo-only --runs 9
  python bench/site.py --languages vi,th --sizes 1000 --demo-only  # plus: 1,000 entries x 2 languages

Entries are written like real ones (a question title, ten variants, a two-paragraph answer, some with a
portal button and a {{ shop.NAME }} placeholder), spread over the categories with a skew, then built with
the repository's mkdocs.yml through `faq_builder.site.build_site` (strict). Targets for 1,000 entries on
the 2-core reference machine: build <= 30 s, whole site <= 25 MB, largest HTML page <= 300 KB.

``--languages vi,th``: the same entries, each with a twin in that language (the sample's wordings and answers
in it, ``translations:`` linking the two), built as two sites (``/`` and ``/<code>/``). Target for 1,000
entries x 2 languages: build <= 60 s (Thai includes segmenting its search index with PyThaiNLP).

The second table is issue 10's bar, "mkdocs build of the demo at least 30% faster": wall time of
`python -m mkdocs build` in a fresh process (median of --runs), for the baseline commit (checked out with
`git worktree add`, its faq_builder put first on PYTHONPATH and checked to be the one imported) and for this
working tree, each with its own mkdocs.yml and theme folder, on the same content: `.faq_builder/demo/content`
after `make demo`, else a copy of content/ with every bundled entry approved. Also the plugin's import time
(`python -X importtime -c "import faq_builder.site.plugin"`, cumulative, median) and whether it loads numpy.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq_builder.content import render_entry  # noqa: E402
from faq_builder.models import Category  # noqa: E402
from faq_builder.sample.generator import PHRASES as P  # noqa: E402
from faq_builder.site import build_site  # noqa: E402

TARGETS = {"seconds": 30.0, "site_mb": 25.0, "largest_kb": 300.0}
LANGUAGES_SECONDS = 60.0
#: Issue 10's baseline: the last commit before the plugin stopped loading the numerical stack.
BASELINE = "12f14c5"
DEMO_CONTENT = ROOT / ".faq_builder" / "demo" / "content"
SPEED_UP_BAR = 30.0
#: Runs MkDocs' command line with a given tree's faq_builder first on sys.path (used if PYTHONPATH is shadowed).
RUNNER = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()"
)
HEAVY = ("numpy", "scipy", "sklearn", "networkx", "tokenizers")


#: The sample's phrase book names Traditional Chinese "zh".
_PHRASES_CODE = {"zh-TW": "zh"}


def write_entries(content: Path, count: int, *, seed: int = 0, language: str | None = None) -> None:
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
        if language:
            foreign = rng.choice(list(P.FOREIGN[_PHRASES_CODE.get(language, language)].values()))
            asks = [ask.replace("{", "").replace("}", "") for ask in foreign["asks"]]
            twin = {
                **meta,
                "id": f"entry-{number}-{language.lower()}",
                "title": f"{asks[0].rstrip('?？')} ({number})",
                "variants": asks[1:],
                "language": language,
                "translations": {"en": f"entry-{number}"},
            }
            answer = foreign["replies"][0].replace("{agent}", "").replace("{", "").replace("}", "")
            path.with_name(f"entry-{number}-{language.lower()}.md").write_text(
                render_entry(twin, f"{answer}\n\n{answer}\n"), encoding="utf-8"
            )


def measure(count: int, language: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        write_entries(content, count, language=language)
        built = build_site(
            config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=Path(folder) / "site", strict=True
        )
        pages = list(built.site_dir.rglob("*.html"))
        index = built.site_dir / "search" / "search_index.json"
        return {
            "languages": ", ".join(built.languages),
            "entries": built.entries,
            "pages": len(pages),
            "seconds": built.seconds,
            "site_mb": built.bytes / 1e6,
            "largest_kb": max(p.stat().st_size for p in pages) / 1e3,
            "search_kb": index.stat().st_size / 1e3,
        }


# ---- mkdocs build of the demo: baseline commit against this working tree ------------------------------------


@dataclass
class Tree:
    """A checkout to build the demo with, and how to make Python import its faq_builder."""

    label: str
    path: Path
    use_runner: bool = False

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        return env | {"PYTHONPATH": str(self.path), "NO_MKDOCS_2_WARNING": "1"}

    def python(self, *args: str) -> list[str]:
        """A Python command line (``-m mkdocs ...`` or ``... -c CODE``) that imports this tree's faq_builder."""
        if not self.use_runner:
            return [sys.executable, *args]
        if args[:2] == ("-m", "mkdocs"):
            return [sys.executable, "-c", RUNNER, str(self.path), *args[2:]]
        at = args.index("-c")
        code = f"import sys; sys.path.insert(0, {str(self.path)!r}); {args[at + 1]}"
        return [sys.executable, *args[:at], "-c", code, *args[at + 2 :]]

    def imported(self, cwd: Path) -> Path:
        done = subprocess.run(
            self.python("-c", "import faq_builder; print(faq_builder.__file__)"),
            env=self.env(),
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        return Path(done.stdout.strip())

    def check_import(self, cwd: Path) -> None:
        """Make sure ``faq_builder`` comes from this tree (an installed copy could shadow PYTHONPATH)."""
        if not self.imported(cwd).is_relative_to(self.path):
            self.use_runner = True
            found = self.imported(cwd)
            if not found.is_relative_to(self.path):
                raise RuntimeError(f"{self.label}: faq_builder is imported from {found}, not from {self.path}")


def demo_content(folder: Path) -> tuple[Path, str]:
    """The demo's content: `make demo`'s if there, else content/ with every bundled entry approved."""
    if (DEMO_CONTENT / "faq").is_dir():
        return DEMO_CONTENT, ".faq_builder/demo/content (make demo)"
    from datetime import date

    from faq_builder.curate import approve

    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    approve([p.stem for p in content.glob("faq/*/*.md")], content_dir=content, by="bench", today=date.today())
    return content, "content/ with every bundled entry approved (no make demo here)"


def site_config(tree: Tree, content: Path, site: Path, out: Path) -> Path:
    """The tree's own mkdocs.yml, with the demo content, a temporary site folder and absolute theme folder."""
    data = yaml.safe_load((tree.path / "mkdocs.yml").read_text(encoding="utf-8"))
    data["docs_dir"] = str(content)
    data["site_dir"] = str(site)
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((tree.path / theme["custom_dir"]).resolve())
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def time_builds(tree: Tree, config: Path, cwd: Path, runs: int) -> float:
    """Median wall time of ``mkdocs build`` in a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            tree.python("-m", "mkdocs", "build", "--quiet", "--config-file", str(config)),
            env=tree.env(),
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{tree.label}: mkdocs build failed:\n{done.stderr[-2000:]}")
    return statistics.median(times)


def plugin_import(tree: Tree, cwd: Path, runs: int) -> tuple[float, list[str]]:
    """Median cumulative import time of faq_builder.site.plugin (ms), and the heavy packages it loaded."""
    times, heavy = [], set()
    for _ in range(runs):
        done = subprocess.run(
            tree.python("-X", "importtime", "-c", "import faq_builder.site.plugin"),
            env=tree.env(),
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or line.count("|") != 2:
                continue
            _, cumulative, name = (part.strip() for part in line.split("|"))
            if name == "faq_builder.site.plugin":
                times.append(int(cumulative) / 1000)
            elif name.split(".")[0] in HEAVY:
                heavy.add(name.split(".")[0])
    return statistics.median(times), sorted(heavy)


def baseline_worktree(folder: Path) -> tuple[Path | None, str]:
    """A detached worktree of :data:`BASELINE`, or None and why not."""
    if shutil.which("git") is None:
        return None, "git is not installed"
    repo = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--git-dir"], capture_output=True, text=True)
    if repo.returncode != 0:
        return None, f"{ROOT} is not a git checkout"
    check = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{BASELINE}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        return None, f"commit {BASELINE} is not in this clone's history (a shallow or exported copy?)"
    path = folder / "baseline"
    added = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(path), BASELINE],
        capture_output=True,
        text=True,
    )
    if added.returncode != 0:
        return None, f"git worktree add failed: {added.stderr.strip()}"
    return path, ""


def measure_demo(runs: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        content, source = demo_content(folder)
        trees = [Tree("working tree", ROOT)]
        worktree, why_not = baseline_worktree(folder)
        if worktree is not None:
            trees.insert(0, Tree(f"baseline {BASELINE}", worktree))
        rows = []
        try:
            for number, tree in enumerate(trees):
                tree.check_import(folder)
                config = site_config(tree, content, folder / f"site-{number}", folder / f"mkdocs-{number}.yml")
                seconds = time_builds(tree, config, folder, runs)
                pages = sum(1 for _ in (folder / f"site-{number}").rglob("*.html"))
                import_ms, heavy = plugin_import(tree, folder, runs)
                rows.append((tree, seconds, pages, import_ms, heavy))
        finally:
            if worktree is not None:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
        print()
        print(f"mkdocs build of the demo: {source}; fresh process, median of {runs} runs")
        header = ("tree", "build s", "pages", "plugin import ms", "numerical stack loaded by the plugin")
        widths = (22, 8, 6, 16, 36)
        print(
            f"{header[0]:<{widths[0]}} | "
            + " | ".join(f"{h:>{w}}" for h, w in zip(header[1:], widths[1:], strict=True))
        )
        print("-" * (sum(widths) + 3 * (len(widths) - 1)))
        for tree, seconds, pages, import_ms, heavy in rows:
            print(
                f"{tree.label:<22} | {seconds:>8.2f} | {pages:>6} | {import_ms:>16.0f} | "
                f"{', '.join(heavy) or 'none':>36}"
            )
        if worktree is None:
            print(f"baseline {BASELINE}: skipped, {why_not}")
            return
        (_, before, *_), (_, after, *_) = rows
        speed_up = (before - after) / before * 100
        verdict = "met" if speed_up >= SPEED_UP_BAR else "MISSED"
        print(f"speed-up: {speed_up:.0f}% less wall time than {BASELINE} (bar: >= {SPEED_UP_BAR:.0f}%: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=5, help="builds of the demo per tree (the median is shown)")
    parser.add_argument("--demo-only", action="store_true", help="only the demo against the baseline")
    parser.add_argument("--languages", default="", help="second languages to measure, e.g. vi,th (see above)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.languages:
        sizes_table([measure(size, code) for code in args.languages.split(",") for size in sizes])
    if not args.demo_only:
        sizes_table([measure(size) for size in sizes])
    if not args.languages or not args.demo_only:
        measure_demo(args.runs)


def sizes_table(rows: list[dict[str, float]]) -> None:
    header = ("languages", "entries", "pages", "build s", "site MB", "largest page KB", "search index KB")
    widths = (10, 8, 6, 8, 8, 15, 15)
    print(" | ".join(f"{name:>{width}}" for name, width in zip(header, widths, strict=True)))
    print("-" * 89)
    for row in rows:
        print(
            f"{row['languages']:>10} | {row['entries']:>8,} | {row['pages']:>6,} | {row['seconds']:>8.1f} | "
            f"{row['site_mb']:>8.1f} | {row['largest_kb']:>15.1f} | {row['search_kb']:>15.1f}"
        )
    if any("," in str(row["languages"]) for row in rows):
        for row in rows:
            verdict = "met" if row["seconds"] <= LANGUAGES_SECONDS else "MISSED"
            print(f"{row['languages']}: {row['entries']:,} entries, target <= {LANGUAGES_SECONDS:.0f} s: {verdict}")
        return
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
