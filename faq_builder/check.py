"""``faq-builder check``: everything wrong in ``content/``, as ``file:line: problem``, before CI publishes it."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .content import (
    DRAFT_MARKER,
    FAQ_DIR,
    FaqEntry,
    markdown_files,
    read_entries,
    read_markdown,
    relative_links,
)
from .curation import load_curation
from .errors import ContentError
from .models import EntryStatus, Problem, Severity
from .privacy import Finding, Redactor


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


def check_content(content_dir: Path, *, redactor: Redactor | None = None) -> list[Problem]:
    """All problems in ``content_dir``, errors and warnings, sorted by file and line.

    A missing or empty folder is an error: a CI gate must not pass because it looked in the wrong place.
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
    for path in markdown_files(content_dir):
        # Entry files that cannot be read were reported above; other pages are reported here.
        text = read_markdown(path, [] if faq in path.parents else problems)
        if text is not None:
            problems += _broken_links(path, text, content_dir)
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


def _broken_links(path: Path, text: str, content_dir: Path) -> list[Problem]:
    problems = []
    for line, match in relative_links(text):
        target = match.group(2)
        base = content_dir if target.startswith("/") else path.parent
        if not Path(posixpath.normpath((base / target.lstrip("/")).as_posix())).exists():
            shown = target + (match.group(3) or "")
            problems.append(Problem(str(path), line, f"broken link to '{shown}': no such file"))
    return problems
