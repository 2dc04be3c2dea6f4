"""Full-text search over FAQ entries (whoosh, BM25F), with an index cached on disk and rebuilt on change."""

from __future__ import annotations

import hashlib
import shutil
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
        from whoosh import index
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, STORED, TEXT, Schema

        self.entries = load_entries(content_dir)
        fingerprint = _fingerprint(self.entries)
        stamp = index_dir / "fingerprint"
        if not (index.exists_in(str(index_dir)) and stamp.exists() and stamp.read_text() == fingerprint):
            shutil.rmtree(index_dir, ignore_errors=True)
            index_dir.mkdir(parents=True)
            analyzer = StemmingAnalyzer()
            schema = Schema(
                slug=ID(stored=True, unique=True),
                title=TEXT(stored=True, analyzer=analyzer, field_boost=2.0),
                variants=TEXT(analyzer=analyzer, field_boost=1.5),
                body=TEXT(analyzer=analyzer),
                status=STORED,
            )
            created = index.create_in(str(index_dir), schema)
            with created.writer() as writer:
                for entry in self.entries:
                    writer.add_document(
                        slug=entry.slug,
                        title=entry.title,
                        variants="\n".join(entry.variants),
                        body=entry.body,
                        status=entry.status.value,
                    )
            stamp.write_text(fingerprint)
        self._index = index.open_dir(str(index_dir))

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


def qparser_escape(text: str) -> str:
    """Plain words only: ticket text must not be read as whoosh query syntax."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())
