"""Answer an incoming ticket from the approved FAQ, and say whether the answer is sure enough to send unread.

Entries, not a model trained per shop, decide: each approved entry's title and ``variants`` (how customers
asked) are its wordings. A ticket's question is compared with every entry's centre in one vector space fitted
on those wordings (character n-grams joined with the static MiniLM view, as mining does), and the best entries
come back with their similarity.

**Auto-send** is calibrated on the entries themselves, so its meaning holds on any shop's data:

* every wording of every entry is asked twice as if it came in: once against the FAQ with that wording left out
  of its entry (a question the FAQ answers: the top match should be its entry) and once against the FAQ without
  its entry at all (a question the FAQ does not answer, worded like the shop's real questions: whatever comes
  top is wrong). Wrong top matches of the first kind count as wrong too;
* a question's evidence is its *margin*, how much nearer the best entry's centre it is than the runner-up's,
  measured in the best entry's own spread (1 - the median similarity of its wordings to their centre); and it
  must lie as near that centre as the entry's own wordings at their edge (EDGE_QUANTILE), or it has none;
* ``confidence`` is the precision of answering every one of those wordings whose evidence is at least some
  value at or below the question's (the best such cut, so it never falls as evidence grows), estimated from as
  many unanswerable as answerable wordings; a reply is sent on its own when it reaches the threshold
  (:data:`DEFAULT_THRESHOLD`: "of questions this clearly one entry's, 9 in 10 would be answered right even if
  half of all questions had no entry").

Measured by ``bench/suggest.py`` (held-out Bitext and CLINC150 questions, entries built from the rest): at 0.9,
97.8% / 96.5% of the answers sent are right, for 35% / 40% of the questions, and 1.3% of CLINC150's
out-of-scope questions are answered.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from .cleaning import REPLY_PREFIX, clean_message, mail_body_text, strip_greeting
from .clustering import SEMANTIC_WEIGHT, normalise_question
from .content import FAQ_DIR, SHOP_PLACEHOLDER, FaqEntry, load_entries
from .encodings import decode as decode_bytes
from .errors import FaqBuilderError
from .models import EntryStatus
from .privacy import Redactor
from .settings import PortalConfig

#: Auto-send when the estimated precision at the question's evidence reaches this.
DEFAULT_THRESHOLD = 0.9
#: An entry's "edge": the quantile of its own wordings' similarity to its centre a question must reach.
EDGE_QUANTILE = 0.1
#: Entries offered per suggestion unless told otherwise.
DEFAULT_LIMIT = 3
#: An entry's answer is sent on its own only when the entry has this many customer wordings (title and variants):
#: with fewer, how far its questions may stray (its edge) is not known, only borrowed.
MIN_WORDINGS = 5
#: Longest ticket read (bytes); a longer one is refused rather than cut (it is not a question).
MAX_TICKET_BYTES = 2_000_000
#: JSON keys that hold the customer's words, most specific first (Zendesk, Freshdesk, generic forms).
_SUBJECT_KEYS = ("subject", "title", "summary")
_BODY_KEYS = ("description_text", "body", "description", "text", "message", "content", "comment", "question")
_WRAPPER_KEYS = ("ticket", "freshdesk_webhook", "data", "payload", "conversation")
_MAIL_HEADER = re.compile(
    rb"^(?:received|return-path|message-id|mime-version|from|date|subject|delivered-to|to|x-[\w-]+):", re.I
)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(
    r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S))|(\*\*|__|\*|`+)|\{[:.#][^}]*\}"
)
_ADMONITION = re.compile(r"(?m)^(?:!!!|\?\?\?\+?)\s*\w+(?:\s+\"([^\"]*)\")?\s*$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+!|~<>&.-])")


class TicketError(FaqBuilderError):
    """An incoming ticket holds no question that can be read."""


@dataclass(frozen=True, slots=True)
class Match:
    """One approved entry that may answer the ticket; ``score`` is the question's similarity to the entry."""

    slug: str
    title: str
    url: str
    score: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What to answer a ticket with, and whether the answer may go out without an agent reading it."""

    question: str
    matches: list[Match] = field(default_factory=list)
    reply: str | None = None
    auto_send: bool = False
    threshold: float = DEFAULT_THRESHOLD
    #: Estimated precision of sending the best entry's answer (see the module docstring); 0 without a match.
    confidence: float = 0.0
    #: Why the reply is not sent on its own (empty when it is).
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the ``--json`` output and the webhook's response)."""
        return {
            "question": self.question,
            "matches": [
                {"slug": m.slug, "title": m.title, "url": m.url, "score": round(m.score, 4)} for m in self.matches
            ],
            "reply": self.reply,
            "auto_send": self.auto_send,
            "confidence": round(self.confidence, 4),
            "threshold": self.threshold,
            "reason": self.reason,
        }


# --- reading a ticket ---------------------------------------------------------------------------------------


def read_ticket(data: bytes, *, name: str | None = None) -> str:
    """The customer's question in ``data``: plain text, a JSON object (a helpdesk webhook's ``{"ticket": ...}``
    too) or an email message (.eml), cleaned as ingest cleans tickets (no markup, quoted replies, signatures).

    Raises :class:`TicketError` when nothing readable is left.
    """
    label = name or "the ticket"
    if len(data) > MAX_TICKET_BYTES:
        raise TicketError(f"{label} is {len(data):,} bytes; a ticket is at most {MAX_TICKET_BYTES:,}")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TicketError(f"{label} holds binary data (NUL bytes), not a ticket's text")
    suffix = Path(name).suffix.lower() if name else ""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".eml" or (suffix != ".json" and _MAIL_HEADER.match(stripped) and _has_header_block(stripped)):
        question = _mail_question(data)
    else:
        text = decode_bytes(data)
        body = text.strip().lstrip("\ufeff")
        if suffix == ".json" or body.startswith(("{", "[")):
            question = _json_question(body, label=label, required=suffix == ".json")
        else:
            question = clean_message(body)
    question = question.strip()
    if not question:
        raise TicketError(f"{label} holds no question (the text is empty once quotes and signatures are removed)")
    return question


def _has_header_block(data: bytes) -> bool:
    head = data[:65536].replace(b"\r\n", b"\n")
    return b"\n\n" in head


def _json_question(text: str, *, label: str, required: bool) -> str:
    try:
        value = json.loads(text)
    except ValueError as error:
        if required:
            raise TicketError(f"{label} is not valid JSON ({error})") from error
        return clean_message(text)
    if not isinstance(value, dict):
        raise TicketError(
            f"{label}: expected a JSON object with the ticket's subject and body, not {type(value).__name__}"
        )
    for key in _WRAPPER_KEYS:  # a helpdesk webhook: {"ticket": {...}}
        inner = value.get(key)
        if isinstance(inner, dict) and _fields(inner) != ("", ""):
            value = inner
            break
    subject, body = _fields(value)
    if not subject and not body:
        keys = ", ".join([*_SUBJECT_KEYS, *_BODY_KEYS])
        raise TicketError(f"{label}: the JSON object has no text under any of: {keys}")
    clean_subject = clean_message(subject, is_html=False) if subject else ""
    clean_body = clean_message(body) if body else ""
    return _join(clean_subject, clean_body)


def _fields(value: dict) -> tuple[str, str]:
    lowered = {str(k).lower(): v for k, v in value.items()}

    def first(keys: Sequence[str]) -> str:
        for key in keys:
            item = lowered.get(key)
            if isinstance(item, dict):  # {"comment": {"body": ...}}
                item = next((item[k] for k in _BODY_KEYS if isinstance(item.get(k), str)), None)
            if isinstance(item, str) and item.strip():
                return item
        return ""

    return first(_SUBJECT_KEYS), first(_BODY_KEYS)


def _join(subject: str, body: str) -> str:
    """Subject and body as one question; a subject the body repeats (or a "Re:" of it) is said once."""
    if not subject:
        return body
    if not body or subject.lower().rstrip("?!. ") in body.lower():
        return body or subject
    return f"{subject}\n{body}"


def _mail_question(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys():
        raise TicketError("not an email message (no headers)")
    assert isinstance(message, EmailMessage)
    subject = str(message.get("Subject") or "")
    subject = REPLY_PREFIX.sub("", subject).strip()
    body = mail_body_text(message)
    return _join(clean_message(subject, is_html=False) if subject else "", clean_message(body) if body else "")


# --- the vector space ---------------------------------------------------------------------------------------


class _Space:
    """Mining's two views of a question (character n-grams, static MiniLM), fitted once on the entries' wordings
    so that any later question lands in the same space: unit rows of one sparse matrix."""

    def __init__(self, texts: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .embeddings import load_embedder

        normalised = [normalise_question(text) for text in texts]
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32)
        self._chars.fit(normalised)
        self._embedder = load_embedder()
        ids = self._token_ids(normalised)
        frequency = np.zeros(len(self._embedder.vectors), dtype=np.float64)
        for useful in ids:
            frequency[np.unique(useful)] += 1
        self._idf = (np.log((1 + len(texts)) / (1 + frequency)) + 1).astype(np.float32)
        self._common: np.ndarray | None = None
        raw, _known = self._semantic(ids)
        embedded = raw[np.any(raw != 0, axis=1)][:20000]
        if len(embedded) > 2:
            self._common = np.linalg.svd(embedded, full_matrices=False)[2][0]

    def _token_ids(self, normalised: list[str]) -> list[np.ndarray]:
        special = np.array((0, 100, 101, 102, 103))
        out = []
        for encoding in self._embedder.tokenizer.encode_batch(normalised):
            ids = np.asarray(encoding.ids, dtype=np.int32)
            out.append(ids[~np.isin(ids, special)] if ids.size else ids)
        return out

    def _semantic(self, ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        vectors = self._embedder.vectors
        out = np.zeros((len(ids), vectors.shape[1]), dtype=np.float32)
        known = np.zeros(len(ids), dtype=np.float32)
        for index, useful in enumerate(ids):
            if useful.size:
                known[index] = 1.0
                weight = self._idf[useful]
                out[index] = weight @ vectors[useful] / weight.sum()
        if self._common is not None:
            out -= np.outer(out @ self._common, self._common)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out, known

    def vectors(self, texts: list[str]) -> sparse.csr_matrix:
        from sklearn.preprocessing import normalize

        normalised = [normalise_question(text) for text in texts]
        letters = [re.findall(r"[^\W\d_]", text) for text in normalised]
        latin = np.array([sum(c.isascii() for c in ls) / len(ls) if ls else 0.0 for ls in letters], dtype=np.float32)
        chars = normalize(self._chars.transform(normalised)).astype(np.float32)
        semantic, known = self._semantic(self._token_ids(normalised))
        weight = SEMANTIC_WEIGHT * known * latin
        joined = sparse.hstack(
            [sparse.diags(np.sqrt(1 - weight)) @ chars, sparse.csr_matrix(semantic * np.sqrt(weight)[:, None])]
        ).tocsr()
        return normalize(joined).astype(np.float32)


# --- suggesting ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Evidence:
    """Per question: the best entries (indices, best first), their similarities, the margin in the best entry's
    spread, and whether the question lies inside the best entry's edge."""

    order: np.ndarray
    scores: np.ndarray
    margin: float
    inside: bool


class Suggester:
    """The approved entries of ``content_dir``, ready to answer many tickets (build once, call :meth:`suggest`)."""

    def __init__(
        self,
        content_dir: str | Path,
        *,
        portal: PortalConfig | None = None,
        site_url: str = "",
        site_language: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        redactor: Redactor | None = None,
    ) -> None:
        if not 0 < threshold <= 1:
            raise FaqBuilderError(f"threshold {threshold} must be above 0 and at most 1 (an estimated precision)")
        content = Path(content_dir)
        if not (content / FAQ_DIR).is_dir():
            raise FaqBuilderError(f"{content}: no {FAQ_DIR}/ folder of FAQ entries; run 'faq-builder mine' first")
        self.portal = portal or PortalConfig()
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.site_language = site_language or (self.portal.languages[0] if self.portal.languages else "en")
        self.threshold = threshold
        self.redactor = redactor or self.portal.redactor()
        self.entries: list[FaqEntry] = [e for e in load_entries(content) if e.status is EntryStatus.APPROVED]
        if not self.entries:
            self._space = None
            return
        wordings = [_wordings(entry) for entry in self.entries]
        texts = [text for group in wordings for text in group]
        self._owner = np.repeat(np.arange(len(self.entries)), [len(group) for group in wordings])
        self._space = _Space(texts)
        vectors = self._space.vectors(texts)
        membership = sparse.csr_matrix(
            (np.ones(len(texts), dtype=np.float32), (self._owner, np.arange(len(texts)))),
            shape=(len(self.entries), len(texts)),
        )
        sums = (membership @ vectors).toarray()
        self._centres = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        self._calibrate(vectors.toarray(), sums)

    def _calibrate(self, vectors: np.ndarray, sums: np.ndarray) -> None:
        """Each entry's edge, spread and the evidence -> precision curve, from the entries' own wordings."""
        owner = self._owner
        count = len(self.entries)
        rows = np.arange(len(owner))
        sizes = np.bincount(owner, minlength=count)
        to_sum = np.einsum("ij,ij->i", vectors, sums[owner])
        rest_norm = np.sqrt(np.maximum(np.einsum("ij,ij->i", sums, sums)[owner] - 2 * to_sum + 1, 1e-12))
        # A wording against its own entry without it (nan where the entry has no other wording).
        own = np.where(sizes[owner] > 1, (to_sum - 1) / rest_norm, np.nan)
        self._edge = np.full(count, np.nan, dtype=np.float64)
        self._spread = np.full(count, np.nan, dtype=np.float64)
        for entry in range(count):
            values = own[owner == entry]
            values = values[~np.isnan(values)]
            if values.size:
                self._edge[entry] = float(np.quantile(values, EDGE_QUANTILE))
                self._spread[entry] = float(max(1 - np.median(values), 0.02))
        # Entries with one wording borrow the typical entry's edge and spread.
        fallback_edge = float(np.nanmedian(self._edge)) if np.any(~np.isnan(self._edge)) else 0.5
        fallback_spread = float(np.nanmedian(self._spread)) if np.any(~np.isnan(self._spread)) else 0.5
        self._edge = np.where(np.isnan(self._edge), fallback_edge, self._edge)
        self._spread = np.where(np.isnan(self._spread), fallback_spread, self._spread)
        others = vectors @ self._centres.T
        answered = others.copy()
        answered[rows, owner] = np.where(np.isnan(own), -np.inf, own)
        unanswered = others.copy()
        unanswered[rows, owner] = -np.inf
        evidence: list[float] = []
        right: list[bool] = []
        for matrix, answerable in ((answered, True), (unanswered, False)):
            for row in range(len(owner)):
                if answerable and np.isnan(own[row]):
                    continue
                found = self._evidence(matrix[row])
                evidence.append(found.margin if found.inside else -np.inf)
                right.append(answerable and int(found.order[0]) == owner[row])
        self._curve = _precision_curve(np.array(evidence), np.array(right))

    def _evidence(self, similarity: np.ndarray) -> _Evidence:
        order = np.argsort(-similarity, kind="stable")
        scores = similarity[order]
        best = int(order[0])
        second = float(scores[1]) if len(scores) > 1 and np.isfinite(scores[1]) else float(self._edge[best]) - 1
        margin = (float(scores[0]) - second) / float(self._spread[best])
        return _Evidence(order, scores, margin, bool(scores[0] >= self._edge[best]))

    def confidence(self, evidence: _Evidence) -> float:
        if not evidence.inside:
            return 0.0
        return _read_curve(self._curve, evidence.margin)

    def suggest(self, text: str, *, limit: int = DEFAULT_LIMIT) -> Suggestion:
        """The best entries for ``text`` (at most ``limit``), a ready reply and whether to send it on its own."""
        return self.suggest_many([text], limit=limit)[0]

    def suggest_many(self, texts: Sequence[str], *, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
        """:meth:`suggest` for many tickets at once (one pass through the vector space)."""
        if limit < 1:
            raise FaqBuilderError(f"limit {limit} must be at least 1")
        questions = [self.redactor.redact(strip_greeting(text.strip()) or text.strip()) for text in texts]
        for question in questions:
            if not question.strip():
                raise TicketError("the ticket holds no question")
        if self._space is None:
            return [
                Suggestion(question, threshold=self.threshold, reason="no approved FAQ entry yet")
                for question in questions
            ]
        similarity = self._space.vectors(questions) @ self._centres.T
        return [
            self._suggestion(q, np.asarray(row).ravel(), limit) for q, row in zip(questions, similarity, strict=True)
        ]

    def _suggestion(self, question: str, similarity: np.ndarray, limit: int) -> Suggestion:
        evidence = self._evidence(similarity)
        matches = [
            Match(self.entries[i].slug, self.entries[i].title, self.url_of(self.entries[i]), float(similarity[i]))
            for i in evidence.order[:limit]
        ]
        best = self.entries[int(evidence.order[0])]
        confidence = self.confidence(evidence)
        reason = ""
        wordings = int(np.count_nonzero(self._owner == evidence.order[0]))
        if not evidence.inside:
            reason = (
                f"the question is farther from the best entry ({best.slug}, {similarity[evidence.order[0]]:.2f}) "
                f"than its own wordings are ({self._edge[evidence.order[0]]:.2f}): it may ask something else"
            )
        elif wordings < MIN_WORDINGS:
            reason = (
                f"the best entry ({best.slug}) has {wordings} customer wording(s), under {MIN_WORDINGS}: too few to "
                "know which questions it answers; add variants to it"
            )
        elif confidence < self.threshold:
            runner = self.entries[int(evidence.order[1])].slug if len(evidence.order) > 1 else "none"
            reason = (
                f"not clearly nearer the best entry ({best.slug}) than the next ({runner}): estimated precision "
                f"{confidence:.2f} is under the threshold {self.threshold:.2f}"
            )
        return Suggestion(
            question=question,
            matches=matches,
            reply=self.reply(best),
            auto_send=not reason,
            threshold=self.threshold,
            confidence=confidence,
            reason=reason,
        )

    def url_of(self, entry: FaqEntry) -> str:
        """The entry's page as the site publishes it (``faq/<category>/<slug>/``; other languages under ``<code>/``)."""
        language = entry.language or self.site_language
        prefix = "" if language == self.site_language else f"{language}/"
        return f"{self.site_url}{prefix}{FAQ_DIR}/{entry.path.parent.name}/{entry.slug}/"

    def portal_url(self, entry: FaqEntry) -> str | None:
        """Where the shopper does it themselves: the site's portal page for the entry's action (its form fills
        the endpoint's placeholders), or the endpoint itself when it has none or there is no site URL."""
        if entry.self_service is None:
            return None
        endpoint = self.portal.endpoints.get(entry.self_service)
        if endpoint is None:
            return None
        if self.site_url and endpoint.placeholders:
            return f"{self.site_url}portal/{endpoint.slug}/"
        return endpoint.url

    def reply(self, entry: FaqEntry) -> str:
        """The entry's answer as plain text, shop facts filled in, with a link to the entry and to the portal."""
        facts = self.portal.shop
        answer = SHOP_PLACEHOLDER.sub(lambda m: facts.get(m.group(1), m.group(0)), entry.body)
        parts = [plain_text(answer)]
        portal = self.portal_url(entry)
        if portal is not None:
            endpoint = self.portal.endpoints[entry.self_service]  # type: ignore[index]
            parts.append(f"{endpoint.label}: {portal}")
        parts.append(f"More on this: {self.url_of(entry)}")
        return "\n\n".join(part for part in parts if part)


def _wordings(entry: FaqEntry) -> list[str]:
    seen: dict[str, str] = {}
    for text in (entry.title, *entry.variants):
        if text.strip():
            seen.setdefault(text.strip().lower(), text.strip())
    return list(seen.values())


def _precision_curve(evidence: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Evidence values (ascending) and the confidence at each: the best precision of sending every question with
    at least some evidence at or below it (so the curve is monotone: a higher threshold never sends more)."""
    finite = np.isfinite(evidence)
    values, correct = evidence[finite], right[finite]
    if values.size == 0:
        return np.array([np.inf]), np.array([0.0])
    order = np.argsort(-values, kind="stable")
    values, correct = values[order], correct[order]
    at_or_above = np.cumsum(correct) / np.arange(1, values.size + 1)  # descending evidence
    return values[::-1].copy(), np.maximum.accumulate(at_or_above[::-1])


def _read_curve(curve: tuple[np.ndarray, np.ndarray], margin: float) -> float:
    values, confidence = curve
    position = int(np.searchsorted(values, margin, side="right")) - 1
    return float(confidence[max(position, 0)])  # less evidence than any wording measured: the lowest confidence


def plain_text(markdown: str) -> str:
    """Markdown as plain text: no HTML comments, headings marks, emphasis, attribute lists; links keep their text."""
    escaped: list[str] = []

    def protect(match: re.Match[str]) -> str:  # an escaped character is literal text: kept from the patterns below
        escaped.append(match.group(1))
        return f"\ue000{len(escaped) - 1}\ue001"

    text = _ESCAPE.sub(protect, _HTML_COMMENT.sub("", markdown))
    text = _ADMONITION.sub(lambda m: m.group(1) or "", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_MARKS.sub("", text)
    text = re.sub("\ue000(\\d+)\ue001", lambda m: escaped[int(m.group(1))], text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#123;", "{").replace("&#125;", "}")
    text = text.replace("&amp;", "&")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
