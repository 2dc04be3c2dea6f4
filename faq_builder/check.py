"""``faq-builder check``: everything ``build --strict`` would reject, as ``file:line: problem``, before CI publishes.

The configuration (invalid settings, unknown keys, addresses ``faq-builder init`` left to fill in) and the
content (front matter, duplicates, answers, personal data, links to missing or unpublished pages, unknown
``{{ shop.NAME }}`` placeholders), each problem on its line, all at once.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .content import (
    DRAFT_MARKER,
    FAQ_DIR,
    SHOP_PLACEHOLDER,
    FaqEntry,
    markdown_files,
    read_entries,
    read_markdown,
    relative_links,
)
from .curation import load_curation
from .errors import ConfigError, ContentError
from .models import EntryStatus, Problem, Severity
from .privacy import Finding, Redactor
from .settings import PLUGIN, UNFILLED_HOST, find_config_file, load_settings


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def approval_problems(entry: FaqEntry, redactor: Redactor | None = None) -> list[Problem]:
    """What stops an entry from being published: no answer, a draft note left in, personal data."""
    redactor = redactor or Redactor()
    problems = []
    if not entry.body.strip():
        problems.append(
            Problem(str(entry.path), entry.body_line, "approved entry has no answer; write it below the front matter")
        )
    marker = entry.body.find(DRAFT_MARKER)
    if marker >= 0:
        problems.append(
            Problem(
                str(entry.path),
                entry.body_line + _line_of(entry.body, marker) - 1,
                "the draft note is still in the answer; review the answer, then delete the "
                f"'{DRAFT_MARKER} ... -->' block",
            )
        )
    for finding in redactor.findings(entry.body):
        problems.append(
            Problem(
                str(entry.path),
                entry.body_line + _line_of(entry.body, finding.start) - 1,
                f"personal data ({finding.kind.replace('_', ' ')}) in a published answer; remove it "
                "(shop contact details belong in config placeholders)",
            )
        )
    for name, values in (("title", [entry.title]), ("variants", list(entry.variants))):
        kinds = _kinds(finding for value in values for finding in redactor.findings(value))
        if kinds:
            problems.append(
                Problem(
                    str(entry.path),
                    entry.key_lines.get(name, 2),
                    f"personal data ({kinds}) in '{name}' (published and searchable); remove it",
                )
            )
    return problems


def _kinds(findings: Iterable[Finding]) -> str:
    """The kinds of personal data found, each once, so the editor knows what to look for."""
    return ", ".join(dict.fromkeys(finding.kind.replace("_", " ") for finding in findings))


def check_site(content_dir: Path, *, config_file: Path | None = None) -> list[Problem]:
    """All problems of the help site: its configuration (``config_file``, else mkdocs.yml here) and content."""
    problems: list[Problem] = []
    path = find_config_file(config_file)
    try:
        settings = load_settings(path)
    except ConfigError as error:
        if path is None:
            raise
        lines = _setting_lines(path)
        problems += [
            Problem(str(path), _line_of_key(lines, detail.split(": ", 1)[0].split(".")), detail)
            for detail in error.details or [str(error)]
        ]
        return sorted(problems + check_content(content_dir), key=_order)
    shop: Mapping[str, str] = settings.portal.shop
    if path is not None:
        lines = _setting_lines(path)
        for name, warning in zip(settings.unknown_keys, settings.warnings, strict=True):
            message = warning.split(": ", 1)[1]
            problems.append(Problem(str(path), _line_of_key(lines, [name]), message, severity=Severity.WARNING))
        problems += _unfilled(path, lines)
    problems += check_content(content_dir, redactor=settings.portal.redactor(), shop=shop)
    return sorted(problems, key=_order)


def _order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line, problem.message)


def _setting_lines(path: Path) -> dict[tuple[str, ...], tuple[int, str | None]]:
    """Each setting of the faq-builder plugin in ``path`` by key path (``portal``, ``track_order``, ``url``):
    its line and, for a plain value, the value. Empty when the file is not YAML (loading it reports that)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # tags are not resolved
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    found: dict[tuple[str, ...], tuple[int, str | None]] = {}

    def walk(node: yaml.Node | None, keys: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*keys, str(key.value))
                plain = str(value.value) if isinstance(value, yaml.ScalarNode) else None
                found.setdefault(here, (key.start_mark.line + 1, plain))
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):  # plugins: a list of names and {name: settings}
            for item in node.value:
                if isinstance(item, yaml.ScalarNode):
                    found.setdefault((*keys, str(item.value)), (item.start_mark.line + 1, None))
                else:
                    walk(item, keys)

    walk(root, ())
    prefix = ("plugins", PLUGIN)
    return {keys[2:]: where for keys, where in found.items() if keys[:2] == prefix}


def _line_of_key(lines: Mapping[tuple[str, ...], tuple[int, str | None]], keys: list[str]) -> int:
    """The line of the longest part of ``keys`` the file has (the plugin's line, else 1)."""
    for end in range(len(keys), -1, -1):
        if tuple(keys[:end]) in lines:
            return lines[tuple(keys[:end])][0]
    return 1


def _unfilled(path: Path, lines: Mapping[tuple[str, ...], tuple[int, str | None]]) -> list[Problem]:
    """Settings still holding the address ``faq-builder init`` wrote for the shop to replace."""
    return [
        Problem(
            str(path),
            line,
            f"plugins > {PLUGIN} > {' > '.join(keys)} is still the example from faq-builder init ({value}); "
            "put your shop's own there",
        )
        for keys, (line, value) in lines.items()
        if value is not None and UNFILLED_HOST in value.lower()
    ]


def check_content(
    content_dir: Path, *, redactor: Redactor | None = None, shop: Mapping[str, str] | None = None
) -> list[Problem]:
    """All problems in ``content_dir``, errors and warnings, sorted by file and line.

    A missing or empty folder is an error: a CI gate must not pass because it looked in the wrong place.
    With ``shop`` (the shop facts answers may quote), ``{{ shop.NAME }}`` placeholders it lacks are errors.
    """
    if not content_dir.is_dir():
        return [Problem(str(content_dir), 1, "no such folder; pass --content with the help site's content folder")]
    if not markdown_files(content_dir):
        return [Problem(str(content_dir), 1, "no pages (.md files) in this folder; is it the help site's content?")]
    redactor = redactor or Redactor()
    entries, problems = read_entries(content_dir)
    problems += _duplicates(entries)
    for entry in entries:
        if entry.path.parent.name != entry.category:
            problems.append(
                Problem(
                    str(entry.path),
                    entry.key_lines.get("category", 2),
                    f"category '{entry.category}' but the file is in '{entry.path.parent.name}/'; "
                    f"move it to faq/{entry.category}/",
                    severity=Severity.WARNING,
                )
            )
        if entry.status is EntryStatus.APPROVED:
            problems += approval_problems(entry, redactor)
    faq = content_dir / FAQ_DIR
    by_path = {entry.path.resolve(): entry for entry in entries}
    for path in markdown_files(content_dir):
        # Entry files that cannot be read were reported above; other pages are reported here.
        text = read_markdown(path, [] if faq in path.parents else problems)
        if text is None:
            continue
        page_entry = by_path.get(path.resolve())
        published = page_entry is None or page_entry.status is EntryStatus.APPROVED
        problems += _broken_links(path, text, content_dir, by_path if published else {})
        if shop is not None:
            problems += _unknown_placeholders(path, text, shop)
    try:
        load_curation(content_dir)
    except ContentError as error:
        problems += error.problems
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))


def _duplicates(entries: list[FaqEntry]) -> list[Problem]:
    problems = []
    for label, value_of in (("id", lambda e: [e.id]), ("slug", lambda e: [e.slug, *e.aliases])):
        owners: dict[str, list[FaqEntry]] = defaultdict(list)
        for entry in entries:
            for value in value_of(entry):
                owners[value].append(entry)
        for value, found in owners.items():
            for entry in found[1:]:
                problems.append(
                    Problem(
                        str(entry.path),
                        entry.key_lines.get("id" if label == "id" else "aliases", 1),
                        f"duplicate {label} '{value}', also used by {found[0].path}; every entry needs its own",
                    )
                )
    return problems


def _broken_links(path: Path, text: str, content_dir: Path, entries: Mapping[Path, FaqEntry]) -> list[Problem]:
    """Links to files that do not exist, or to ``entries`` the build leaves out (drafts, retired): a published
    page's link to an unpublished entry breaks the site; a draft's does not (yet)."""
    problems = []
    for line, match in relative_links(text):
        target = match.group(2)
        base = content_dir if target.startswith("/") else path.parent
        resolved = Path(posixpath.normpath((base / target.lstrip("/")).as_posix()))
        shown = target + (match.group(3) or "")
        if not resolved.exists():
            problems.append(Problem(str(path), line, f"broken link to '{shown}': no such file"))
        elif (entry := entries.get(resolved.resolve())) is not None and entry.status is not EntryStatus.APPROVED:
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"link to '{shown}', a {entry.status} entry (not published); approve it "
                    f"(faq-builder approve {entry.slug}) or remove the link",
                )
            )
    return problems


def _unknown_placeholders(path: Path, text: str, shop: Mapping[str, str]) -> list[Problem]:
    known = ", ".join(sorted(shop)) or "none configured"
    return [
        Problem(
            str(path),
            _line_of(text, match.start()),
            f"unknown placeholder {{{{ shop.{match.group(1)} }}}}; add '{match.group(1)}' under plugins > "
            f"{PLUGIN} > shop in mkdocs.yml (known: {known})",
        )
        for match in SHOP_PLACEHOLDER.finditer(text)
        if match.group(1) not in shop
    ]


def format_github(problem: Problem) -> str:
    """The problem as a GitHub Actions annotation (shown on the file's line in a pull request)."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    level = "error" if problem.is_error else "warning"
    where = f"file={prop(problem.path)},line={problem.line},title={prop('faq-builder check')}"
    return f"::{level} {where}::{data(problem.message)}"
