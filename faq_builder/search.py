"""Full-text search over FAQ entries (whoosh, BM25F), with an index cached on disk and rebuilt on change."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .content import FaqEntry, load_entries
from .models import EntryStatus
from .workdir import SEARCH_INDEX_DIR

DEFAULT_INDEX_DIR = SEARCH_INDEX_DIR


@dataclass(frozen=True, slots=True)
class SearchHit:
    slug: str
    title: str
    status: EntryStatus
    score: float


def _fingerprint(entries: list[FaqEntry]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for entry in entries:
        digest.update(str(entry.path).encode())
        digest.update(entry.path.read_bytes())
    return digest.hexdigest()


class FaqIndex:
    """A whoosh index over entries' titles, variants (boosted) and answers."""

    def __init__(self, content_dir: Path, *, index_dir: Path = DEFAULT_INDEX_DIR) -> None:
        """Open the index of ``content_dir``'s entries as they are now, building it if they changed.

        Each state of the entries has its own folder (named by their fingerprint), built under a temporary name
        and renamed into place: runs at the same time never see a half-built index, and the one that loses the
        race to rename simply uses the winner's.
        """
        from whoosh import index

        self.entries = load_entries(content_dir)
        folder = index_dir / _fingerprint(self.entries)
        if not index.exists_in(str(folder)):
            _build(self.entries, index_dir, folder)
        self._index = index.open_dir(str(folder))

    def search(self, query: str, *, limit: int = 5, include_retired: bool = False) -> list[SearchHit]:
        """Entries matching any of the query's words, best first (BM25F over title, variants, answer)."""
        from whoosh import qparser

        parser = qparser.MultifieldParser(
            ["title", "variants", "body"], self._index.schema, group=qparser.OrGroup.factory(0.9)
        )
        parsed = parser.parse(qparser_escape(query))
        hits = []
        with self._index.searcher() as searcher:
            for hit in searcher.search(parsed, limit=limit + 20):
                status = EntryStatus(hit["status"])
                if status is EntryStatus.RETIRED and not include_retired:
                    continue
                hits.append(SearchHit(hit["slug"], hit["title"], status, float(hit.score)))
                if len(hits) == limit:
                    break
        return hits


def _build(entries: list[FaqEntry], index_dir: Path, folder: Path) -> None:
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    index_dir.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=index_dir, prefix=".building-"))
    try:
        analyzer = StemmingAnalyzer()
        schema = Schema(
            slug=ID(stored=True, unique=True),
            title=TEXT(stored=True, analyzer=analyzer, field_boost=2.0),
            variants=TEXT(analyzer=analyzer, field_boost=1.5),
            body=TEXT(analyzer=analyzer),
            status=STORED,
        )
        with index.create_in(str(building), schema).writer() as writer:
            for entry in entries:
                writer.add_document(
                    slug=entry.slug,
                    title=entry.title,
                    variants="\n".join(entry.variants),
                    body=entry.body,
                    status=entry.status.value,
                )
        try:
            building.rename(folder)
        except OSError:
            if not index.exists_in(str(folder)):  # not a race lost to another run: a real failure
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    for old in index_dir.iterdir():  # indexes of earlier states of the entries
        if old != folder and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


def qparser_escape(text: str) -> str:
    """Plain words only: ticket text must not be read as whoosh query syntax (lower case, so a shopper's
    "NOT arrived" is two words, not an operator; the index is lower-cased anyway)."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())
