"""FAQ entries in ``content/faq/<category>/<slug>.md``: Markdown with YAML front matter.

The front matter is a schema (:data:`FRONT_MATTER`): known keys, typed, unknown keys warned. Machine
updates (counts, trend, variants after a mining run) rewrite only the lines of the keys they change,
so an editor's title, status and answer, and the way they wrote the rest, stay byte for byte.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NoReturn

import yaml

from .atomic import folder_lock, pending_batch
from .errors import ContentError
from .models import Category, EntryStatus, Problem, SelfService, Severity, Trend

FAQ_DIR = "faq"
#: Opens the note that drafting puts at the top of a generated answer; approving needs it gone.
DRAFT_MARKER = "<!-- faq-builder:draft"
#: A shop fact quoted in a page, ``{{ shop.return_window_days }}``: expanded by the site build, checked by ``check``.
SHOP_PLACEHOLDER = re.compile(r"(?<!\\)\{\{\s*shop\.([A-Za-z0-9_]+)\s*\}\}")


@dataclass(frozen=True, slots=True)
class Key:
    """One front-matter key: its type, whether it is required, its allowed values, and what it is for."""

    kind: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    #: For lists: what every item must look like, and how to say so.
    pattern: re.Pattern[str] | None = None
    pattern_help: str = ""


FRONT_MATTER: dict[str, Key] = {
    "id": Key("str", "stable identifier, never changes (links and feedback refer to it)", required=True),
    "title": Key("str", "the question, as shoppers would ask it", required=True),
    "status": Key(
        "str", "draft (not published), approved (published) or retired", required=True, choices=tuple(EntryStatus)
    ),
    "category": Key("str", "the section of the help site", choices=tuple(Category)),
    "variants": Key("list", "other wordings customers used; searchable, not shown"),
    "self_service": Key("str", "the order-portal button shown with the answer", choices=tuple(SelfService)),
    "language": Key("str", "language code of the entry, e.g. en or zh-TW (one of the site's languages)"),
    "translations": Key(
        "dict",
        "the same question in the site's other languages: language code -> slug, e.g. vi: where-is-my-order-vi",
        pattern=re.compile(r"[a-z0-9][a-z0-9-]*"),
        pattern_help="a translation is the slug (file name without .md) of the entry in that language",
    ),
    "tickets": Key("int", "tickets behind this question in the latest mined window (set by mining)"),
    "last_mined": Key("date", "end date of the latest window that found this question (set by mining)"),
    "trend": Key("str", "against the window before (set by mining)", choices=tuple(Trend)),
    "cluster_keys": Key("list", "mining's keys for this question type (set by mining and merge)"),
    "aliases": Key(
        "list",
        "slugs of entries merged into this one; their old links redirect here",
        pattern=re.compile(r"[a-z0-9][a-z0-9-]*"),
        pattern_help="an alias is the slug (file name without .md) of a merged entry, such as where-is-my-parcel",
    ),
    "reviewed_by": Key("str", "who last approved or retired the entry"),
    "reviewed_at": Key("date", "when the entry was last approved or retired"),
}


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One question and its answer, as an editor owns it."""

    slug: str
    path: Path
    title: str
    id: str = ""
    status: EntryStatus = EntryStatus.DRAFT
    category: Category = Category.OTHER
    variants: tuple[str, ...] = ()
    self_service: SelfService | None = None
    language: str | None = None
    tickets: int | None = None
    last_mined: date | None = None
    trend: Trend | None = None
    cluster_keys: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    #: The same question in other languages: language code -> slug (editors' links; the site links twins).
    translations: dict[str, str] = field(default_factory=dict)
    reviewed_by: str | None = None
    reviewed_at: date | None = None
    body: str = ""
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_draft_text(self) -> bool:
        return DRAFT_MARKER in self.body

    def with_variants(self, wordings: Iterable[str], *, limit: int | None = None) -> list[str]:
        """The variants followed by those ``wordings`` that are new (ignoring case, and not the title)."""
        known = {self.title.lower(), *(variant.lower() for variant in self.variants)}
        variants = list(self.variants)
        for wording in wordings:
            if limit is not None and len(variants) >= limit:
                break
            if wording.lower() not in known:
                known.add(wording.lower())
                variants.append(wording)
        return variants


@dataclass(frozen=True, slots=True)
class _Parts:
    meta: dict
    body: str
    body_line: int
    key_lines: dict[str, int]
    front: list[str]
    """The front matter's lines (without the two delimiters); empty when the file has none."""


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def fail_at(path: Path, line: int, message: str, cause: Exception | None = None) -> NoReturn:
    """Raise a ContentError for one problem at ``path:line``, the problem kept for callers that list them."""
    problem = Problem(str(path), line, message)
    raise ContentError(str(problem), problems=[problem]) from cause


def _split(text: str, *, path: Path) -> _Parts:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return _Parts({}, text, 1, {}, [])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        fail_at(path, 1, "front matter starts with '---' but never ends; close it with a '---' line")
    front = lines[1:end]
    try:
        meta = yaml.safe_load("\n".join(front)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line if mark else 0) + 2
        problem = getattr(error, "problem", None) or str(error)
        fail_at(path, line, f"front matter is not valid YAML: {problem}", error)
    if not isinstance(meta, dict):
        fail_at(path, 2, "front matter must be a mapping of keys to values, such as 'title: ...'")
    key_lines = {m.group(1): number + 2 for number, line in enumerate(front) if (m := _TOP_KEY.match(line))}
    body_lines = lines[end + 1 :]
    skipped = 0
    while skipped < len(body_lines) and not body_lines[skipped].strip():
        skipped += 1
    if skipped == len(body_lines):
        skipped = 0
    return _Parts(meta, "\n".join(body_lines[skipped:]), end + 2 + skipped, key_lines, front)


def split_front_matter(text: str, *, path: Path) -> tuple[dict, str]:
    """Front matter (a dict) and body of a Markdown file; a file without front matter has ``{}``."""
    parts = _split(text, path=path)
    return parts.meta, parts.body


def _check_value(name: str, value: object, key: Key) -> str | None:
    if value is None:
        return None
    if key.kind == "str" and not isinstance(value, str | int | float):
        return f"'{name}' must be text, not {type(value).__name__}"
    if key.kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        return f"'{name}' must be a whole number >= 0"
    if key.kind == "date" and not isinstance(value, date):
        return f"'{name}' must be a date such as 2026-11-23"
    if key.kind == "dict" and not (
        isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    ):
        return f"'{name}' must be a mapping of language codes to slugs, one per line such as 'vi: my-question-vi'"
    if key.kind == "list" and not (isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)):
        return f"'{name}' must be a list of texts, one per line starting with '- '"
    if key.choices and str(value) not in key.choices:
        return f"'{name}' is {value!r}; use one of: {', '.join(key.choices)}"
    if key.pattern is not None and isinstance(value, list | dict):
        items = value.values() if isinstance(value, dict) else value  # a mapping's values: its slugs
        bad = [str(v) for v in items if not key.pattern.fullmatch(str(v))]
        if bad:
            return f"'{name}' holds {bad[0]!r}; {key.pattern_help}"
    return None


def parse_entry(path: Path, text: str) -> tuple[FaqEntry | None, list[Problem]]:
    """An entry and the problems with its front matter (all of them, not just the first)."""
    try:
        parts = _split(text, path=path)
    except ContentError as error:
        return None, list(error.problems)
    file = str(path)
    problems: list[Problem] = []
    if not parts.front:
        problems.append(Problem(file, 1, "no front matter; start the file with '---', 'id:', 'title:', ..."))
    meta, lines = parts.meta, parts.key_lines
    for name, value in meta.items():
        line = lines.get(str(name), 2)
        key = FRONT_MATTER.get(str(name))
        if key is None:
            close = [k for k in FRONT_MATTER if k.startswith(str(name)[:3])]
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                Problem(file, line, f"unknown front matter key '{name}'{hint}; ignored", severity=Severity.WARNING)
            )
        elif (message := _check_value(str(name), value, key)) is not None:
            problems.append(Problem(file, line, message))
    for name, key in FRONT_MATTER.items():
        if key.required and parts.front and meta.get(name) in (None, ""):
            problems.append(Problem(file, 2, f"'{name}' is missing: {key.help}"))
    if any(p.is_error for p in problems):
        return None, problems

    def texts(name: str) -> tuple[str, ...]:
        return tuple(str(v) for v in meta.get(name) or ())

    def optional(name: str) -> str | None:
        return None if meta.get(name) is None else str(meta[name])

    entry = FaqEntry(
        slug=path.stem,
        path=path,
        title=str(meta.get("title") or path.stem.replace("-", " ")),
        id=str(meta.get("id") or path.stem),
        status=EntryStatus(str(meta.get("status") or EntryStatus.DRAFT)),
        # Without the key, the folder names the category (faq/<category>/); a folder that names none: "other".
        category=Category(str(meta.get("category") or _folder_category(path))),
        variants=texts("variants"),
        self_service=None if meta.get("self_service") is None else SelfService(str(meta["self_service"])),
        language=optional("language"),
        tickets=meta.get("tickets"),
        last_mined=meta.get("last_mined"),
        trend=None if meta.get("trend") is None else Trend(str(meta["trend"])),
        cluster_keys=texts("cluster_keys"),
        aliases=texts("aliases"),
        translations={str(k): str(v) for k, v in (meta.get("translations") or {}).items()},
        reviewed_by=optional("reviewed_by"),
        reviewed_at=meta.get("reviewed_at"),
        body=parts.body.strip(),
        body_line=parts.body_line,
        key_lines=dict(lines),
    )
    return entry, problems


def _folder_category(path: Path) -> Category:
    name = path.parent.name
    return Category(name) if name in tuple(Category) else Category.OTHER


def read_entries(content_dir: Path) -> tuple[list[FaqEntry], list[Problem]]:
    """Every readable entry under ``content_dir/faq`` (sorted by path) and every problem found on the way.

    A batch a crash interrupted is finished first (see :mod:`faq_builder.atomic`): entries are never read
    half-changed.
    """
    if pending_batch(content_dir):
        with folder_lock(content_dir):
            pass
    entries: list[FaqEntry] = []
    problems: list[Problem] = []
    for path in sorted((content_dir / FAQ_DIR).rglob("*.md")):
        text = read_markdown(path, problems)
        if text is None:
            continue
        entry, found = parse_entry(path, text)
        problems += found
        if entry is not None:
            entries.append(entry)
    return entries, problems


def read_markdown(path: Path, problems: list[Problem]) -> str | None:
    """An entry file's text; None (and a problem naming the fix) when it is a folder, a dangling or looping
    link, not UTF-8, or unreadable."""
    if path.is_dir():
        problems.append(Problem(str(path), 1, "a folder named like an entry; rename it (entries are .md files)"))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        problems.append(Problem(str(path), line, "not UTF-8 text; save the file as UTF-8"))
    except OSError as error:
        reason = "a link that leads nowhere or in a circle" if path.is_symlink() else error.strerror or str(error)
        problems.append(Problem(str(path), 1, f"cannot be read ({reason}); replace it with the entry's file"))
    return None


def load_entries(content_dir: Path) -> list[FaqEntry]:
    """Every entry, or one error naming every invalid file (a half-read FAQ would mislead mining)."""
    entries, problems = read_entries(content_dir)
    fail_on_errors(problems)
    return entries


def fail_on_errors(problems: list[Problem]) -> None:
    """One error naming every error-level problem (warnings pass)."""
    errors = [p for p in problems if p.is_error]
    if errors:
        listed = "\n  ".join(str(p) for p in errors)
        raise ContentError(
            f"{len(errors)} problem(s) in FAQ entries; fix them (see 'faq-builder check'):\n  {listed}", problems=errors
        )


def entry_by_slug(entries: list[FaqEntry]) -> dict[str, FaqEntry]:
    return {entry.slug: entry for entry in entries}


def render_entry(meta: dict, body: str) -> str:
    """A new entry file: front matter in schema order, a blank line, the body."""
    ordered = {name: meta[name] for name in FRONT_MATTER if meta.get(name) not in (None, [], ())}
    return f"---\n{_dump(ordered)}---\n\n{body.strip()}\n"


class _Dumper(yaml.SafeDumper):
    """Safe YAML that writes the domain's enums (statuses, categories) as their plain values."""


_Dumper.add_multi_representer(enum.Enum, lambda dumper, value: dumper.represent_str(str(value.value)))


class _IndentedLists(_Dumper):
    """Writes list items indented under their key ("  - item"), the other common style."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)


def _dump(mapping: dict, *, indent_lists: bool = False) -> str:
    return yaml.dump(
        mapping,
        Dumper=_IndentedLists if indent_lists else _Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )


def update_front_matter(text: str, updates: dict, *, path: Path) -> str:
    """``text`` with only the given keys rewritten (None removes a key); every other byte stays as it was.

    Each top-level key owns its line and the indented or list lines under it; an updated key's lines
    are replaced in place, a new key goes at the end of the front matter. If the result would not read
    back as exactly the intended values (exotic YAML such as anchors), the front matter is rewritten
    whole instead; the body is never touched.
    """
    parts = _split(text, path=path)
    if not parts.front:
        fail_at(path, 1, "no front matter to update")
    front = list(parts.front)
    blocks: dict[str, tuple[int, int]] = {}
    current: str | None = None
    for number, line in enumerate(front):
        match = _TOP_KEY.match(line)
        if match:
            current = match.group(1)
            blocks[current] = (number, number + 1)
        elif current is not None and (not line.strip() or line[:1] in (" ", "\t", "-", "#")):
            start, _ = blocks[current]
            blocks[current] = (start, number + 1)
        else:
            current = None
    # Lists are written the way this file already writes them: "- item" or "  - item".
    indent_lists = any(line.startswith((" -", "  -", "\t-")) for line in front)
    for name, value in sorted(updates.items(), key=lambda item: -blocks.get(item[0], (len(front), 0))[0]):
        new_lines = [] if value is None else _dump({name: value}, indent_lists=indent_lists).rstrip("\n").split("\n")
        if name in blocks:
            start, end = blocks[name]
            while end > start + 1 and not front[end - 1].strip():
                end -= 1
            front[start:end] = new_lines
        else:
            front += new_lines
    expected = {k: v for k, v in {**parts.meta, **updates}.items() if v is not None}
    rest = text.split("\n")[len(parts.front) + 1 :]
    if (yaml.safe_load("\n".join(front)) or {}) != expected:
        ordered = {k: expected[k] for k in [*FRONT_MATTER, *expected] if k in expected}
        front = _dump(ordered).rstrip("\n").split("\n")
    return "\n".join(["---", *front, *rest])


#: Braces become entities rather than escapes: no template engine then sees "{{" or "{%" in ticket text.
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "{": "&#123;", "}": "&#125;"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>&])")
_LINE_START = re.compile(r"^(\s*)(?:(-)|(=)|(\d+)\.)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Untrusted text as literal Markdown: no HTML, links, emphasis, lists, headings or template syntax.

    HTML characters and braces become entities (so ``{{ x }}`` is never read as a template or
    placeholder) and Markdown punctuation is backslash-escaped; line breaks are kept.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group(1)
        return _ENTITIES.get(char, "\\" + char)

    def line_start(match: re.Match[str]) -> str:
        indent, dash, equals, number = match.groups()
        if dash:
            return indent + "\\-"
        if equals:
            return indent + "&#61;"
        return f"{indent}{number}\\."

    return _LINE_START.sub(line_start, _MARKDOWN_SPECIAL.sub(escape, text))


_FENCE = re.compile(r"^\s*(```|~~~)")
#: A Markdown link: its opening ``[text](``, target path, ``#anchor``, and the rest up to ``)`` (title included).
_LINK = re.compile(r"(?<![\\!])(\[[^\]]*\]\(\s*<?)([^)\s>#]*)(#[^)\s>]*)?(>?(?:\s+\"[^\"]*\")?\s*\))")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def relative_links(text: str) -> list[tuple[int, re.Match[str]]]:
    """Links to local files (not URLs, ``mailto:`` or bare anchors) outside fenced code, with their line.

    Match groups: 1 the opening ``[text](``, 2 the path, 3 the ``#anchor`` (or None), 4 the closing part;
    offsets are those of ``text``.
    """
    lines = text.split("\n")
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            lines[number] = " " * len(line)
        elif fenced:
            lines[number] = " " * len(line)
    masked = "\n".join(lines)
    return [
        (masked.count("\n", 0, match.start()) + 1, match)
        for match in _LINK.finditer(masked)
        if match.group(2) and not _SCHEME.match(match.group(2))
    ]


def markdown_files(content_dir: Path) -> list[Path]:
    """The Markdown pages MkDocs would publish (not hidden ones), as paths; unreadable ones included."""
    return sorted(p for p in content_dir.rglob("*.md") if not any(part.startswith(".") for part in p.parts))


def slug_taken(entries: list[FaqEntry]) -> Callable[[str], bool]:
    """A test for slugs already used by an entry or kept as an alias of a merged one."""
    taken = {entry.slug for entry in entries} | {alias for entry in entries for alias in entry.aliases}
    return taken.__contains__
