"""Curation: editors approve, retire, merge and ignore; the machine remembers it across mining runs.

Status changes and merges rewrite only the front-matter keys they own (see
:func:`faq_builder.content.update_front_matter`) and land all-or-nothing
(:class:`faq_builder.atomic.FileBatch`). Ignored question types are kept in
``content/.curation.yml`` (:mod:`faq_builder.curation`).
"""

from __future__ import annotations

import functools
import math
import os
import posixpath
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import ParamSpec, TypeVar, cast

from .atomic import FileBatch, folder_lock
from .check import approval_problems
from .content import (
    FaqEntry,
    entry_by_slug,
    load_entries,
    markdown_files,
    relative_links,
    update_front_matter,
)
from .curation import IgnoredQuestion, load_curation, save_curation
from .errors import ContentError
from .models import EntryStatus, Trend
from .privacy import Redactor
from .report import load_report
from .store import TicketStore, VoteTally

P = ParamSpec("P")
R = TypeVar("R")


def _locked(change: Callable[P, R]) -> Callable[P, R]:
    """Run ``change`` holding its ``content_dir``'s lock: two editors' commands never interleave."""

    @functools.wraps(change)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with folder_lock(cast(Path, kwargs["content_dir"])):
            return change(*args, **kwargs)

    return locked


@_locked
def ignore(
    keys: list[str],
    *,
    content_dir: Path,
    report: str | os.PathLike[str],
    by: str,
    today: date,
    reason: str | None = None,
) -> list[IgnoredQuestion]:
    """Mark question types (keys from a mining report) as not-for-the-FAQ; they are no longer drafted.

    The report's wording of each is kept too, so the same question is recognised when a later run
    words its key differently.
    """
    loaded = load_report(report)
    clusters = {cluster.key: cluster for cluster in loaded.clusters}
    unknown = [key for key in keys if key not in clusters]
    if unknown:
        raise ContentError(
            f"{', '.join(unknown)}: not a question key in {report}; copy a key from the report's 'key' fields"
        )
    curation = load_curation(content_dir)
    known = {item.key for item in curation.ignored}
    added = [
        IgnoredQuestion(key, clusters[key].canonical_question, tuple(clusters[key].variants[:5]), reason, by, today)
        for key in dict.fromkeys(keys)
        if key not in known
    ]
    curation.ignored += added
    save_curation(content_dir, curation)
    return added


def review(content_dir: Path) -> list[FaqEntry]:
    """What needs an editor: drafts (most asked first), then approved entries whose tickets are rising."""
    entries = load_entries(content_dir)
    drafts = [e for e in entries if e.status is EntryStatus.DRAFT]
    rising = [e for e in entries if e.status is EntryStatus.APPROVED and e.trend in (Trend.UP, Trend.NEW)]
    order = lambda e: (-(e.tickets or 0), e.slug)  # noqa: E731
    return sorted(drafts, key=order) + sorted(rising, key=order)


#: An approved entry is listed as unhelpful when, at 95% confidence, most of the votes since its last review say so
#: (the Wilson score interval's lower bound of its unhelpful share is above one half): five "no" of five are
#: enough, three are not; many votes that only lean to "no" are too.
UNHELPFUL_SHARE = 0.5
_Z = 1.96


def unhelpful_share_bound(unhelpful: int, total: int) -> float:
    """The lower bound of the 95% Wilson score interval of the share of "no" votes (0 without votes)."""
    if total == 0:
        return 0.0
    share = unhelpful / total
    centre = share + _Z * _Z / (2 * total)
    spread = _Z * math.sqrt(share * (1 - share) / total + _Z * _Z / (4 * total * total))
    return (centre - spread) / (1 + _Z * _Z / total)


def unhelpful_entries(content_dir: Path, *, db: str | os.PathLike[str]) -> list[tuple[FaqEntry, VoteTally]]:
    """Approved entries shoppers mostly found unhelpful since an editor last approved them, with their comments
    (votes from the site through ``faq-builder serve-api``, kept in the store; none without a store)."""
    if not Path(db).is_file():
        return []
    found = []
    with TicketStore.open_existing(db) as store:
        for entry in load_entries(content_dir):
            if entry.status is not EntryStatus.APPROVED:
                continue
            since = None if entry.reviewed_at is None else datetime.combine(entry.reviewed_at, time(), UTC)
            votes = store.votes_by_entry(since=since)
            tally = votes.get(entry.id) or votes.get(entry.slug)  # the site sends the entry's id
            if tally and unhelpful_share_bound(tally.unhelpful, tally.total) > UNHELPFUL_SHARE:
                found.append((entry, tally))
    return sorted(found, key=lambda item: (-item[1].unhelpful, item[0].slug))


def _find(entries: list[FaqEntry], slugs: list[str]) -> list[FaqEntry]:
    by_slug = entry_by_slug(entries)
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        raise ContentError(f"no FAQ entry named {', '.join(missing)}; 'faq-builder review' lists the entries")
    return [by_slug[slug] for slug in dict.fromkeys(slugs)]


@_locked
def approve(
    slugs: list[str], *, content_dir: Path, by: str, today: date, redactor: Redactor | None = None
) -> list[FaqEntry]:
    """Publish entries: each must have an answer, no draft note and no personal data (all checked first)."""
    chosen = _find(load_entries(content_dir), slugs)
    redactor = redactor or Redactor()
    problems = [problem for entry in chosen for problem in approval_problems(entry, redactor)]
    if problems:
        listed = "\n  ".join(str(p) for p in problems)
        raise ContentError(f"not approved; fix these first (nothing was changed):\n  {listed}")
    return _set_status(chosen, EntryStatus.APPROVED, content_dir=content_dir, by=by, today=today)


@_locked
def retire(slugs: list[str], *, content_dir: Path, by: str, today: date) -> list[FaqEntry]:
    """Unpublish entries; mining keeps matching them so the question is not drafted again."""
    chosen = _find(load_entries(content_dir), slugs)
    return _set_status(chosen, EntryStatus.RETIRED, content_dir=content_dir, by=by, today=today)


def _set_status(
    entries: list[FaqEntry], status: EntryStatus, *, content_dir: Path, by: str, today: date
) -> list[FaqEntry]:
    batch = FileBatch(content_dir)
    for entry in entries:
        text = entry.path.read_text(encoding="utf-8")
        updates = {"status": status, "reviewed_by": by, "reviewed_at": today}
        batch.write(entry.path, update_front_matter(text, updates, path=entry.path))
    batch.commit()
    return entries


@_locked
def merge(keep: str, fold: str, *, content_dir: Path) -> FaqEntry:
    """Fold entry ``fold`` into ``keep``: its title and variants become variants, its slug an alias
    (redirected by the site), its mining keys move over; its file is removed and links to it now
    point to ``keep``. Editors' text of ``keep`` is unchanged.
    """
    if keep == fold:
        raise ContentError(f"cannot merge {keep} into itself")
    target, gone = _find(load_entries(content_dir), [keep, fold])
    updates = {
        "variants": target.with_variants([gone.title, *gone.variants]),
        "aliases": list(dict.fromkeys([*target.aliases, gone.slug, *gone.aliases])),
        "cluster_keys": list(dict.fromkeys([*target.cluster_keys, *gone.cluster_keys])) or None,
    }
    batch = FileBatch(content_dir)
    batch.write(target.path, update_front_matter(target.path.read_text(encoding="utf-8"), updates, path=target.path))
    batch.remove(gone.path)
    for path in markdown_files(content_dir):
        if path == gone.path:
            continue
        text = batch.staged(path) or path.read_text(encoding="utf-8")
        relinked = _relink(text, source=path, old=gone.path, new=target.path)
        if relinked != text:
            batch.write(path, relinked)
    batch.commit()
    return target


def _relink(text: str, *, source: Path, old: Path, new: Path) -> str:
    """``text`` with its links to ``old`` pointing to ``new`` (relative to ``source``; the anchor is dropped)."""
    folder = source.parent
    relative = posixpath.relpath(new.as_posix(), folder.as_posix())
    for _line, match in reversed(relative_links(text)):
        if Path(posixpath.normpath((folder / match.group(2)).as_posix())) == old:
            text = f"{text[: match.start()]}{match.group(1)}{relative}{match.group(4)}{text[match.end() :]}"
    return text
