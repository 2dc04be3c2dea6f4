"""Draft FAQ entries from a mining report: customers' wording for the question, agents' best reply for the answer.

New question types (status ``new``, top N) become ``status: draft`` files in
``content/faq/<category>/<slug>.md``. Question types an entry already answers
(``covered``) only refresh that entry's machine-owned keys: ``tickets``,
``last_mined``, ``trend``, ``cluster_keys`` and new ``variants``. The title,
status and answer an editor wrote are never touched, retired entries are left
alone, and every file of a run lands together or not at all.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from .atomic import FileBatch
from .cleaning import strip_greeting
from .content import (
    DRAFT_MARKER,
    FAQ_DIR,
    FaqEntry,
    entry_by_slug,
    escape_markdown,
    load_entries,
    render_entry,
    slug_taken,
    update_front_matter,
)
from .mine import MiningReport, QuestionCluster, load_report
from .models import Status, Ticket
from .privacy import Redactor
from .store import TicketStore

#: Most variants an entry keeps (the newest wordings are added until it has this many).
MAX_VARIANTS = 30
MAX_SLUG = 60
#: Tickets whose replies are compared to find the most representative one (an evenly spread sample).
MAX_REPLIES = 400
_SIGN_OFF = re.compile(
    r"\s*(?:(?:best|kind|warm|warmest)\s+(?:regards|wishes)|regards|thanks|thank you|many thanks|best|cheers|"
    r"sincerely|all the best|have a (?:great|nice) day|trân trọng|cảm ơn bạn|cảm ơn|с уважение|поздрави|благодаря|"
    r"ขอบคุณค่ะ|ขอบคุณครับ|ขอบคุณ|謝謝|谢谢|此致)(?![^\W\d_])[^\n]{0,14}[,.!]?\s*(?:\n[^\n]{0,80}){0,3}\s*$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(r"^\s*[-–—]?\s*\{name\}.*$", re.MULTILINE)
#: A lone capitalised word after the last sentence is a signature ("... within 3 days. Morgan").
_TRAILING_NAME = re.compile(r"(?<=[.!?。])\s+[A-ZÀ-ÖØ-ÞА-Я][a-zà-öø-ÿа-я'’-]{1,20}\s*$")
_ORDER_REF = re.compile(
    r"\b(order|parcel|package|shipment|return|refund)(?:\s+(?:number|no\.?|#))?\s*#?\{order_number\}"
)
#: Neutral words for each redaction placeholder except {name}, which is dropped.
NEUTRAL = {
    "{order_number}": "your order number",
    "{tracking_number}": "your tracking number",
    "{email}": "your email address",
    "{phone}": "your phone number",
    "{address}": "your address",
    "{postcode}": "your postcode",
    "{card_number}": "your card",
    "{iban}": "your bank account",
    "{url}": "the link we sent you",
}
_SELF_SERVICE_WORDS = (
    ("start_return", ("return", "exchange", "refund", "send back", "wrong size", "damaged", "faulty")),
    ("order_history", ("invoice", "receipt", "order history", "past order", "previous order", "vat")),
    ("change_order", ("change", "cancel", "modify", "edit", "update", "address", "add ", "remove")),
    ("track_order", ("where", "track", "arrive", "deliver", "parcel", "package", "shipped", "status")),
)


@dataclass(slots=True)
class DraftResult:
    """What a drafting run wrote: new drafts, refreshed entries, and question types it left alone (why)."""

    report: str
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def draft_entries(
    *,
    report: MiningReport | str | os.PathLike[str],
    db: str | os.PathLike[str],
    content_dir: str | os.PathLike[str] = "content",
    top: int | None = None,
    redactor: Redactor | None = None,
) -> DraftResult:
    """Draft the top ``top`` new question types of ``report`` and refresh the entries covering the others."""
    loaded = report if isinstance(report, MiningReport) else load_report(report)
    content = Path(content_dir)
    redactor = redactor or Redactor()
    limit = loaded.top if top is None else top
    entries = load_entries(content)
    by_slug = entry_by_slug(entries)
    mined_on = date.fromisoformat(loaded.until[:10])
    result = DraftResult(report=loaded.json_path or "")
    batch = FileBatch()

    covering: dict[str, list[QuestionCluster]] = {}
    for cluster in loaded.clusters:
        if cluster.covered_by and cluster.status == "covered" and cluster.covered_by["slug"] in by_slug:
            covering.setdefault(str(cluster.covered_by["slug"]), []).append(cluster)
        elif cluster.status != "new":
            result.skipped.append((cluster.key, _why_not(cluster)))
    for slug, clusters in covering.items():
        entry = by_slug[slug]
        text = entry.path.read_text(encoding="utf-8")
        updated = update_front_matter(text, _refresh(entry, clusters, mined_on), path=entry.path)
        if updated != text:
            batch.write(entry.path, updated)
            result.updated.append(entry.path)

    # The top questions waiting for an answer: new ones get a draft, and generated drafts not yet reviewed
    # (the draft note is still in) take their place in the count, so running again drafts nothing more.
    taken = slug_taken(entries)
    planned: set[str] = set()
    titles: set[str] = set()
    waiting = 0
    with TicketStore(db) as store:
        for cluster in loaded.clusters:
            entry = by_slug.get(str((cluster.covered_by or {}).get("slug")))
            if cluster.status == "covered" and entry is not None and entry.is_draft_text:
                waiting += 1
            if cluster.status != "new":
                continue
            title = neutral_wording(cluster.canonical_question)
            if waiting >= limit:
                result.skipped.append((cluster.key, f"beyond the top {limit} questions waiting for an answer"))
            elif title.lower() in titles:
                result.skipped.append((cluster.key, "worded like a question drafted in this run"))
            else:
                waiting += 1
                titles.add(title.lower())
                slug = _slug(title, cluster, lambda s: taken(s) or s in planned)
                planned.add(slug)
                path = content / FAQ_DIR / cluster.category / f"{slug}.md"
                tickets = store.by_external_ids(_spread(cluster.ticket_ids, MAX_REPLIES))
                text = _new_entry(cluster, title, slug, tickets, mined_on=mined_on, redactor=redactor)
                batch.write(path, text)
                result.created.append(path)
    batch.commit()
    return result


def _spread(items: list[str], limit: int) -> list[str]:
    """At most ``limit`` items, evenly spread over the list (deterministic), so huge clusters stay cheap."""
    if len(items) <= limit:
        return items
    return [items[i] for i in np.linspace(0, len(items) - 1, limit).round().astype(int)]


def _why_not(cluster: QuestionCluster) -> str:
    if cluster.status == "incident":
        return "incident: investigate the cause instead of writing an FAQ entry"
    if cluster.status == "retired":
        return f"answered by retired entry {cluster.covered_by['slug']}" if cluster.covered_by else "retired"
    if cluster.status == "ignored":
        return "ignored by an editor"
    return f"covered by {cluster.covered_by['slug']}, which is no longer in content/" if cluster.covered_by else ""


def _refresh(entry: FaqEntry, clusters: list[QuestionCluster], mined_on: date) -> dict:
    """Machine-owned keys only: counts, date, trend, mining keys, new wordings."""
    main = max(clusters, key=lambda c: c.tickets)
    wordings = (w for c in clusters for w in [c.canonical_question, *c.variants] if "{" not in w)
    variants = entry.with_variants(wordings, limit=MAX_VARIANTS)
    keys = list(dict.fromkeys([*entry.cluster_keys, *(c.key for c in clusters)]))[-5:]
    return {
        "tickets": sum(c.tickets for c in clusters),
        "last_mined": mined_on,
        "trend": main.trend,
        "cluster_keys": keys,
        "variants": variants or None,
    }


def _slug(title: str, cluster: QuestionCluster, taken: Callable[[str], bool]) -> str:
    """Readable and unique: the title's words in ASCII, else the category and a hash of the key."""
    folded = unicodedata.normalize("NFKD", title.replace("đ", "d"))
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode().lower())
    words = [w for w in words if w not in {"a", "an", "the", "please", "hi", "hello", "pls"}]
    while len("-".join(words)) > MAX_SLUG:
        words.pop()
    if len(words) < 2 or sum(map(len, words)) < 6:
        words = [cluster.category, "question", hashlib.blake2b(cluster.key.encode(), digest_size=3).hexdigest()]
    base = "-".join(words)
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def neutral_wording(text: str) -> str:
    """Redaction placeholders turned into words a help page can say ("your order number")."""
    text = _ORDER_REF.sub(r"\1", text)
    text = re.sub(r",?[ \t]*\{name\}", "", text)
    for placeholder, words in NEUTRAL.items():
        text = text.replace(placeholder, words)
    text = re.sub(r"[ \t]+([,.!?;:])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def answer_text(reply: str, redactor: Redactor) -> str:
    """An agent's reply as a reusable answer: no greeting, sign-off, names or personal data."""
    text = strip_greeting(redactor.redact(reply))
    text = _NAME_LINE.sub("", text)
    text = _SIGN_OFF.sub("", text)
    text = _TRAILING_NAME.sub("", text)
    text = neutral_wording(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:1].upper() + text[1:]


def suggest_self_service(cluster: QuestionCluster) -> str | None:
    """The portal button that would let a shopper do this themselves, from category and wording."""
    words = " ".join([cluster.canonical_question, *cluster.variants[:5], *cluster.keywords]).lower()
    if cluster.category in ("returns", "refunds"):
        return "start_return"
    for action, cues in _SELF_SERVICE_WORDS:
        if action == "track_order" and cluster.category not in ("shipping", "orders"):
            continue
        if action == "change_order" and cluster.category != "orders":
            continue
        if any(cue in words for cue in cues):
            return action
    return None


def _best_reply(tickets: list[Ticket], redactor: Redactor) -> tuple[str | None, int]:
    """The reply nearest to all others (their medoid), preferring resolved tickets; and how many replies."""
    from .clustering import question_vectors

    candidates = []
    for ticket in tickets:
        if ticket.first_agent_reply:
            text = answer_text(ticket.first_agent_reply, redactor)
            if len(text.split()) >= 4:
                candidates.append((text, ticket.status in (Status.SOLVED, Status.CLOSED)))
    if not candidates:
        return None, 0
    if len(candidates) < 3:
        return candidates[0][0], len(candidates)
    vectors = question_vectors([text for text, _ in candidates])
    centrality = (vectors @ vectors.T).mean(axis=1)
    pool = [i for i, (_, resolved) in enumerate(candidates) if resolved] or list(range(len(candidates)))
    best = max(pool, key=lambda i: (round(float(centrality[i]), 6), -i))
    return candidates[best][0], len(candidates)


def _new_entry(
    cluster: QuestionCluster, title: str, slug: str, tickets: list[Ticket], *, mined_on: date, redactor: Redactor
) -> str:
    reply, replies = _best_reply(tickets, redactor)
    approve = f"then run: faq-builder approve {slug}"
    if reply is not None:
        note = (
            f"{DRAFT_MARKER}\nDrafted from the agents' reply that best represents {replies} replies (to "
            f"{min(cluster.tickets, MAX_REPLIES)} of {cluster.tickets} tickets). Check every fact, edit freely, "
            f"delete this note, {approve}\n-->"
        )
        body = f"{note}\n\n{escape_markdown(reply)}"
    else:
        asked = "\n".join(f"- {escape_markdown(w)}" for w in [cluster.canonical_question, *cluster.variants[:5]])
        note = (
            f"{DRAFT_MARKER}\nNo agent reply to learn from: {cluster.tickets} tickets asked this and none was "
            f"answered in the helpdesk export. Please write the answer here, delete this note, {approve}\n-->"
        )
        body = f"{note}\n\nTo answer: customers asked this in these words.\n\n{asked}"
    languages = [lang for lang in cluster.languages if lang != "und"]
    variants = [v for v in cluster.variants if "{" not in v]
    meta = {
        "id": slug,
        "title": title,
        "status": "draft",
        "category": cluster.category,
        "variants": variants,
        "self_service": suggest_self_service(cluster),
        "language": languages[0] if languages else None,
        "tickets": cluster.tickets,
        "last_mined": mined_on,
        "trend": cluster.trend,
        "cluster_keys": [cluster.key],
    }
    return render_entry(meta, body)
