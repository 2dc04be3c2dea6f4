"""Mining reports: the question types of a window (JSON for CI and later commands, Markdown for editors).

A new question in one of the shop's languages that an approved entry in another language plainly answers (the only
one of its category offering the same self-service button) is proposed as that entry's twin, so editors see a
translation to check rather than an unrelated question.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .atomic import atomic_write_text
from .content import FaqEntry, escape_markdown
from .errors import FaqBuilderError
from .models import Category, ClusterStatus, EntryStatus, SelfService, Trend

SCHEMA_VERSION = 2


@dataclass(frozen=True, slots=True)
class Coverage:
    """The FAQ entry that answers a question type, and how sure the match is (0-1)."""

    slug: str
    title: str
    status: EntryStatus
    score: float


@dataclass(frozen=True, slots=True)
class Twin:
    """The approved entry in another language that a new question would be the translation of."""

    language: str
    slug: str


@dataclass(slots=True)
class QuestionCluster:
    """One question type found in the window."""

    key: str
    rank: int
    status: ClusterStatus
    canonical_question: str
    variants: list[str]
    keywords: list[str]
    category: Category
    tickets: int
    share: float
    customers: int
    channels: dict[str, int]
    languages: dict[str, int]
    off_hours_share: float
    previous_tickets: int
    trend: Trend
    trend_ratio: float | None
    peak_days: list[str]
    ticket_ids: list[str]
    covered_by: Coverage | None = None
    #: For a ``new`` question: the entry in another language it is proposed as the translation of.
    twin_of: Twin | None = None
    #: Searches of the help site that found nothing and asked this question (besides ``tickets``).
    searches: int = 0

    @property
    def asked(self) -> int:
        """How often the question was asked: in tickets and in searches without results."""
        return self.tickets + self.searches

    @property
    def from_search(self) -> bool:
        """Mostly asked in the help site's search box, where it found nothing: the FAQ lacks it or hides it."""
        return self.searches > self.tickets

    @property
    def language(self) -> str | None:
        """The language most of its tickets are in (as stored on tickets: the shop's code), if any is known."""
        return next((code for code in self.languages if code != "und"), None)

    @classmethod
    def from_json(cls, data: dict) -> QuestionCluster:
        covered = data.pop("covered_by", None)
        twin = data.pop("twin_of", None)
        return cls(
            **{
                **data,
                "status": ClusterStatus(data["status"]),
                "category": Category(data["category"]),
                "trend": Trend(data["trend"]),
            },
            covered_by=None if covered is None else Coverage(**{**covered, "status": EntryStatus(covered["status"])}),
            twin_of=None if twin is None else Twin(**twin),
        )


@dataclass(slots=True)
class MiningReport:
    """Everything ``mine`` found; serialised as ``questions-<until-date>.json``."""

    schema_version: int
    until: str
    window: dict[str, str | int]
    previous_window: dict[str, str]
    support_hours: str
    tickets: int
    previous_tickets: int
    clustered_tickets: int
    top: int
    min_tickets: int
    clusters: list[QuestionCluster] = field(default_factory=list)
    #: Searches of the help site that found nothing in the window (received by `faq-builder serve-api`).
    searches: int = 0
    json_path: str | None = None
    markdown_path: str | None = None

    @property
    def incidents(self) -> list[QuestionCluster]:
        return [c for c in self.clusters if c.status is ClusterStatus.INCIDENT]

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("json_path")
        data.pop("markdown_path")
        return data


#: Cue words per portal action, in English and the languages faq-builder's site is translated into (vi, th, bg,
#: zh-TW), so that a question asked in those languages gets its button and can be twinned with its English entry.
_SELF_SERVICE_WORDS = (
    (
        SelfService.START_RETURN,
        ("return", "exchange", "refund", "send back", "wrong size", "damaged", "faulty")
        + ("trả hàng", "đổi trả", "trả lại", "hoàn tiền", "คืนสินค้า", "เงินคืน", "върна", "връщане", "възстанов")
        + ("退貨", "退款", "退換", "退回"),
    ),
    (
        SelfService.ORDER_HISTORY,
        ("invoice", "receipt", "order history", "past order", "previous order", "vat")
        + ("hóa đơn", "ใบเสร็จ", "ใบกำกับภาษี", "фактур", "發票", "收據"),
    ),
    (
        SelfService.CHANGE_ORDER,
        ("change", "cancel", "modify", "edit", "update", "address", "add ", "remove")
        + ("thay đổi", "hủy", "địa chỉ", "เปลี่ยน", "ยกเลิก", "ที่อยู่", "промен", "откаж", "адрес", "修改", "取消", "地址"),
    ),
    (
        SelfService.TRACK_ORDER,
        ("where", "track", "arrive", "deliver", "parcel", "package", "shipped", "status")
        + ("ở đâu", "giao", "nhận được hàng", "vận chuyển", "theo dõi", "chưa thấy")
        + ("อยู่ที่ไหน", "มาถึง", "จัดส่ง", "ติดตาม", "ยังไม่ได้รับของ", "พัสดุ")
        + ("къде е", "пристигн", "пратка", "проследя", "доставк", "получил")
        + ("在哪裡", "在哪里", "會到", "出貨", "追蹤", "送達", "包裹", "還沒收到"),
    ),
)


def suggest_self_service(cluster: QuestionCluster) -> SelfService | None:
    """The portal button that would let a shopper do this themselves, from category and wording."""
    words = " ".join([cluster.canonical_question, *cluster.variants[:5], *cluster.keywords]).lower()
    if cluster.category in (Category.RETURNS, Category.REFUNDS):
        return SelfService.START_RETURN
    for action, cues in _SELF_SERVICE_WORDS:
        if action is SelfService.TRACK_ORDER and cluster.category not in (Category.SHIPPING, Category.ORDERS):
            continue
        if action is SelfService.CHANGE_ORDER and cluster.category is not Category.ORDERS:
            continue
        if any(cue in words for cue in cues):
            return action
    return None


def _same_language(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def twin_for(
    cluster: QuestionCluster, entries: Iterable[FaqEntry], *, claimed: Iterable[tuple[str, str]] = ()
) -> Twin | None:
    """The entry a new question in language L would translate, when exactly one plainly fits.

    It must be approved, in another language (``en`` when it names none), of the same category and with the
    same suggested self-service button, and have no twin in L yet: it lists none, no entry in L lists it, and
    no earlier question of the run took it (``claimed``: the language and slug of each twin proposed so far).
    A twin is only proposed: entries never count as answering what their twins answer.
    """
    language, action = cluster.language, suggest_self_service(cluster)
    if language is None or action is None:
        return None
    entries = list(entries)
    taken = {slug for code, slug in claimed if _same_language(code, language)} | {
        slug
        for entry in entries
        if entry.language and _same_language(entry.language, language)
        for slug in entry.translations.values()
    }
    fits = [
        entry
        for entry in entries
        if entry.status is EntryStatus.APPROVED
        and not _same_language(entry.language or "en", language)
        and entry.category == cluster.category
        and entry.self_service is action
        and entry.slug not in taken
        and not any(_same_language(code, language) for code in entry.translations)
    ]
    return Twin(fits[0].language or "en", fits[0].slug) if len(fits) == 1 else None


def propose_twins(clusters: list[QuestionCluster], entries: list[FaqEntry]) -> None:
    """Mark each ``new`` question that would be drafted as a translation of an entry, in rank order."""
    claimed: list[tuple[str, str]] = []
    for cluster in clusters:
        twin = twin_for(cluster, entries, claimed=claimed) if cluster.status is ClusterStatus.NEW else None
        cluster.twin_of = twin
        if twin is not None:
            claimed.append((cluster.language or "", twin.slug))


def load_report(path: str | os.PathLike[str]) -> MiningReport:
    """A report written by :func:`mine`, checked for its schema version."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FaqBuilderError(f"{source}: no such report; run 'faq-builder mine' first") from error
    except (OSError, ValueError) as error:
        raise FaqBuilderError(f"{source}: not a readable mining report ({error})") from error
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        found = data.get("schema_version") if isinstance(data, dict) else None
        raise FaqBuilderError(
            f"{source}: report schema version {found!r}, this faq-builder reads version {SCHEMA_VERSION}; "
            "run 'faq-builder mine' again to write a current report"
        )
    try:
        clusters = [QuestionCluster.from_json(cluster) for cluster in data.pop("clusters")]
        report = MiningReport(**data, clusters=clusters)
    except (TypeError, ValueError, KeyError) as error:
        raise FaqBuilderError(f"{source}: not a mining report of this version ({error})") from error
    report.json_path = str(source)
    return report


def report_of_window(folder: str | os.PathLike[str], *, until: datetime | None, days: int) -> MiningReport | None:
    """The readable mining report of exactly this window (the newest one when ``until`` is None), if any."""
    reports = sorted(Path(folder).glob("questions-*.json"), reverse=True) if Path(folder).is_dir() else []
    for path in reports:
        if until is not None and path.stem.removeprefix("questions-") != until.astimezone(UTC).date().isoformat():
            continue
        try:
            report = load_report(path)
        except FaqBuilderError:
            continue  # an older schema or a foreign file
        if until is None or datetime.fromisoformat(report.until) == until:
            return report if report.window.get("days") == days else None
    return None


def latest_report(folder: str | os.PathLike[str]) -> Path:
    """The newest ``questions-<date>.json`` in ``folder``."""
    reports = sorted(Path(folder).glob("questions-*.json"))
    if not reports:
        raise FaqBuilderError(f"{folder}: no questions-<date>.json report; run 'faq-builder mine' first")
    return reports[-1]


_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "new": "★"}


def render_markdown(report: MiningReport) -> str:
    """The editor's view: incidents first, then the top questions."""
    lines = [
        f"# Top customer questions, {report.window['days']} days to {report.until[:10]}",
        "",
        f"{report.tickets} tickets in the window ({report.previous_tickets} in the {report.window['days']} days "
        f"before); {report.clustered_tickets} grouped into {len(report.clusters)} question types. "
        + (
            f"{report.searches} searches of the help site found nothing; they count as questions. "
            if report.searches
            else ""
        )
        + f"Support hours: {report.support_hours}.",
        "",
        "## Incidents to investigate",
        "",
    ]
    if report.incidents:
        lines.append("Sudden spikes: fix the cause rather than writing an FAQ entry.")
        lines.append("")
        for cluster in report.incidents:
            lines.append(
                f"- **{inline_markdown(cluster.canonical_question)}** — {cluster.tickets} tickets "
                f"(previous window {cluster.previous_tickets}), mostly {cluster.peak_days[0]} to "
                f"{cluster.peak_days[-1]}; key `{cluster.key}`"
            )
    else:
        lines.append("None.")
    lines += ["", f"## Top {report.top} questions", ""]
    top = [c for c in report.clusters if c.status is not ClusterStatus.INCIDENT][: report.top]
    if not top:
        lines.append("No question was asked often enough in this window.")
    else:
        lines.append("| # | question | tickets | trend | off-hours | category | status |")
        lines.append("|---|---|---|---|---|---|---|")
        for number, cluster in enumerate(top, start=1):
            trend = _ARROWS[cluster.trend] + (f" {cluster.trend_ratio}x" if cluster.trend_ratio else "")
            status = cluster.status + (f" ({cluster.covered_by.slug})" if cluster.covered_by else "")
            if twin := proposed_as(cluster):
                status = f"new, {twin}"
            if cluster.from_search:
                status += ", from site search"
            asked = f"{cluster.tickets} + {cluster.searches} searches" if cluster.searches else str(cluster.tickets)
            lines.append(
                f"| {number} | {inline_markdown(cluster.canonical_question)} | {asked} | {trend} | "
                f"{cluster.off_hours_share:.0%} | {cluster.category} | {status} |"
            )
        lines.append("")
        for number, cluster in enumerate(top, start=1):
            lines.append(f"### {number}. {inline_markdown(cluster.canonical_question)}")
            lines.append("")
            lines.append(
                f"Key `{cluster.key}` · keywords: {', '.join(cluster.keywords)} · "
                f"channels: {', '.join(f'{k} {v}' for k, v in cluster.channels.items())}"
            )
            lines.append("")
            if twin := proposed_as(cluster):
                lines += [f"New in {cluster.language}, {twin}: check that it asks the same question.", ""]
            for variant in cluster.variants[:5]:
                lines.append(f"- {inline_markdown(variant)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def proposed_as(cluster: QuestionCluster) -> str | None:
    """A twin proposal in words, for the report and the draft's note: "proposed as the th version of <slug>"."""
    return f"proposed as the {cluster.language} version of {cluster.twin_of.slug}" if cluster.twin_of else None


def inline_markdown(text: str) -> str:
    """Ticket text as inert Markdown on one line (a table cell or list item)."""
    return escape_markdown(text.replace("\n", " "))


def write_report(report: MiningReport, out: Path, until: datetime) -> None:
    """``questions-<until date>.json`` and ``.md`` in ``out``, each written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"questions-{until.date().isoformat()}"
    json_path, markdown_path = out / f"{stem}.json", out / f"{stem}.md"
    atomic_write_text(json_path, json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(markdown_path, render_markdown(report))
    report.json_path, report.markdown_path = str(json_path), str(markdown_path)
