"""Entry files: surgical front-matter updates, literal Markdown for ticket text, all-or-nothing batches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
import pytest

from faq_builder.content import escape_markdown, parse_entry, update_front_matter

EDITED = """---
# our house style: quoted titles
title: "Where's my parcel?"
id: where-is-my-order
status: approved
variants:
  - My parcel hasn't arrived
tickets: 3
reviewed_by: Sam
---
Body *as the editor* wrote it.

---

Even with a rule.
"""


def test_update_rewrites_only_the_keys_it_owns() -> None:
    path = Path("x.md")
    updated = update_front_matter(
        EDITED,
        {"tickets": 40, "last_mined": date(2026, 11, 23), "variants": ["My parcel hasn't arrived", "Late?"]},
        path=path,
    )
    assert updated == EDITED.replace("tickets: 3", "tickets: 40").replace(
        "  - My parcel hasn't arrived\n", "  - My parcel hasn't arrived\n  - Late?\n"
    ).replace("reviewed_by: Sam\n", "reviewed_by: Sam\nlast_mined: 2026-11-23\n")
    entry, problems = parse_entry(path, updated)
    assert problems == [] and entry is not None and entry.title == "Where's my parcel?" and entry.tickets == 40


def test_update_removes_a_key_given_none() -> None:
    updated = update_front_matter(EDITED, {"variants": None}, path=Path("x.md"))
    assert "variants" not in updated and "My parcel" not in updated and updated.endswith("Even with a rule.\n")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "{{ config.site_name }} and {% include 'x' %}",
        "---\ntitle: x\n---",
        "# not a heading\n1. not a list\n- nor this\n===",
        "[a link](javascript:alert(1)) ![img](x.png) **bold** `code` <b>b</b> &amp;",
    ],
)
def test_escaped_text_renders_as_itself(text: str) -> None:
    html = markdown.markdown(escape_markdown(text))
    inner = html.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner.replace("&lt;", "")
    assert "{{" not in escape_markdown(text) and "{%" not in escape_markdown(text)
    unescaped = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&#123;", "{").replace("&#125;", "}")
    assert unescaped.replace("&#61;", "=").replace("&amp;", "&") == text


@pytest.mark.parametrize("alias", ["/tmp/x", "../../../../tmp/y", "faq/returns/old", "Old-Slug", ""])
def test_aliases_are_slugs_never_paths(alias: str) -> None:
    text = f'---\nid: x\ntitle: X?\nstatus: approved\naliases: ["where-is-it", "{alias}"]\n---\nAnswer.\n'
    entry, problems = parse_entry(Path("content/faq/shipping/x.md"), text)
    assert entry is None
    assert [str(p) for p in problems] == [
        f"content/faq/shipping/x.md:5: 'aliases' holds {alias!r}; an alias is the slug (file name without .md) "
        "of a merged entry, such as where-is-my-parcel"
    ]
