"""`faq-builder check`: one test per problem it must catch, with exact output and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from faq_builder.check import format_github
from faq_builder.cli import main
from faq_builder.models import Problem

from .conftest import GOOD, PERSONAL_TITLES, ROOT, write_entry


def check(content: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    return result.exit_code, result.output.splitlines()


def test_bundled_content_is_clean(content: Path) -> None:
    assert check(content) == (0, [f"0 error(s), 0 warning(s) in {content}"])


def test_front_matter_schema(content: Path) -> None:
    path = write_entry(
        content,
        "shipping/delivery.md",
        "---\nid: delivery\nstatus: published\ncategory: shipping\ntickets: many\nvariants: one wording\n---\nText.\n",
    )
    code, lines = check(content)
    assert code == 1
    assert lines == [
        f"{path}:2: 'title' is missing: the question, as shoppers would ask it",
        f"{path}:3: 'status' is 'published'; use one of: draft, approved, retired",
        f"{path}:5: 'tickets' must be a whole number >= 0",
        f"{path}:6: 'variants' must be a list of texts, one per line starting with '- '",
        f"4 error(s), 0 warning(s) in {content}",
    ]


def test_unknown_keys_are_warnings_and_exit_zero(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    path.write_text(path.read_text().replace("category: shipping\n", "category: shipping\nvariantz: [a]\n"))
    code, lines = check(content)
    assert code == 0
    assert lines == [
        f"{path}:6: warning: unknown front matter key 'variantz' (did you mean 'variants'?); ignored",
        f"0 error(s), 1 warning(s) in {content}",
    ]


def test_invalid_yaml(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", "---\nid: delivery\ntitle: [unclosed\n---\nText.\n")
    code, lines = check(content)
    assert code == 1 and lines[0].startswith(f"{path}:3: front matter is not valid YAML")


def test_duplicate_ids_and_slugs(content: Path) -> None:
    write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    second = write_entry(content, "orders/delivery.md", GOOD.format(slug="delivery", status="draft"))
    second.write_text(second.read_text().replace("category: shipping", "category: orders"))
    code, lines = check(content)
    assert code == 1
    first = content / "faq/shipping/delivery.md"  # files are read in path order: orders/ comes first
    assert lines[:2] == [
        f"{first}:1: duplicate slug 'delivery', also used by {second}; every entry needs its own",
        f"{first}:2: duplicate id 'delivery', also used by {second}; every entry needs its own",
    ]


def test_unknown_self_service(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    path.write_text(path.read_text().replace("status: draft\n", "status: draft\nself_service: track_parcel\n"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        f"{path}:5: 'self_service' is 'track_parcel'; use one of: track_order, start_return, change_order, "
        "order_history"
    )


def test_empty_answer_in_approved_entry(content: Path) -> None:
    path = write_entry(
        content, "shipping/delivery.md", GOOD.format(slug="delivery", status="approved").split("Standard")[0]
    )
    code, lines = check(content)
    assert code == 1
    assert lines[0] == f"{path}:7: approved entry has no answer; write it below the front matter"
    path.write_text(path.read_text().replace("approved", "draft"))
    assert check(content)[0] == 0  # a draft may be empty


def test_draft_marker_left_in_approved_entry(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="approved"))
    path.write_text(path.read_text() + "\n<!-- faq-builder:draft\nDrafted from replies.\n-->\n")
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        f"{path}:9: the draft note is still in the answer; review the answer, then delete the "
        "'<!-- faq-builder:draft ... -->' block"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Write to anna.berg@example.com for help.", "email"),
        ("Call Anna on +44 7700 900123.", "phone"),
        ("Your order #482913 is on its way.", "order number"),
        ("Card 4111 1111 1111 1111 was charged.", "card number"),
        ("Ask for the invoices from Anna Freeman.", "name"),
        ("Purchase 732201349959 is cancelled.", "order number"),
    ],
)
def test_personal_data_in_approved_entry(content: Path, text: str, kind: str) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="approved") + text + "\n")
    code, lines = check(content)
    assert code == 1
    assert f"{path}:8: personal data ({kind}) in a published answer" in "\n".join(lines)


@pytest.mark.parametrize(("title", "kind"), PERSONAL_TITLES)
def test_personal_data_in_approved_title(content: Path, title: str, kind: str) -> None:
    text = GOOD.format(slug="delivery", status="approved").replace("How long does delivery take?", title)
    path = write_entry(content, "shipping/delivery.md", text)
    assert check(content) == (
        1,
        [
            f"{path}:3: personal data ({kind}) in 'title' (published and searchable); remove it",
            f"1 error(s), 0 warning(s) in {content}",
        ],
    )


def test_personal_data_in_approved_variants_names_each_kind(content: Path) -> None:
    variants = "variants:\n- where is order AB12CD34EF\n- the invoices from Anna Freeman\n"
    text = GOOD.format(slug="delivery", status="approved").replace("shipping\n", f"shipping\n{variants}")
    path = write_entry(content, "shipping/delivery.md", text)
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        f"{path}:6: personal data (order number, name) in 'variants' (published and searchable); remove it"
    )


def test_broken_internal_link(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    path.write_text(
        path.read_text()
        + "See [returns](../returns/how-do-i-return-an-item.md) and [gone](../returns/gone.md#top).\n"
        + "```\n[not a link](nowhere.md)\n```\n[site](https://example.com) [mail](mailto:x@example.com)\n"
    )
    code, lines = check(content)
    assert code == 1
    assert lines == [
        f"{path}:8: broken link to '../returns/gone.md#top': no such file",
        f"1 error(s), 0 warning(s) in {content}",
    ]


def test_category_folder_mismatch_is_a_warning(content: Path) -> None:
    path = write_entry(content, "orders/delivery.md", GOOD.format(slug="delivery", status="draft"))
    code, lines = check(content)
    assert code == 0
    assert lines[0] == (
        f"{path}:5: warning: category 'shipping' but the file is in 'orders/'; move it to faq/shipping/"
    )


def test_pages_that_cannot_be_read_are_problems_not_crashes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shipping = content / "faq" / "shipping"
    (shipping / "x.md").mkdir()
    (shipping / "loop.md").symlink_to("loop.md")
    (shipping / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (shipping / "latin.md").write_bytes("---\nid: a\ntitle: caf\xe9\nstatus: draft\n---\n".encode("latin-1"))
    code, lines = check(content)
    assert code == 1
    assert lines[:4] == [
        f"{shipping / 'gone.md'}:1: cannot be read (a link that leads nowhere or in a circle); replace it with the "
        "entry's file",
        f"{shipping / 'latin.md'}:3: not UTF-8 text; save the file as UTF-8",
        f"{shipping / 'loop.md'}:1: cannot be read (a link that leads nowhere or in a circle); replace it with the "
        "entry's file",
        f"{shipping / 'x.md'}:1: a folder named like an entry; rename it (entries are .md files)",
    ]


@pytest.mark.parametrize("folder", ["typo", "empty"])
def test_a_missing_or_empty_content_folder_fails_the_gate(tmp_path: Path, folder: str) -> None:
    if folder == "empty":
        (tmp_path / folder).mkdir()
    code, lines = check(tmp_path / folder)
    reason = (
        "no such folder; pass --content with the help site's content folder"
        if folder == "typo"
        else "no pages (.md files) in this folder; is it the help site's content?"
    )
    assert (code, lines) == (
        1,
        [f"{tmp_path / folder}:1: {reason}", f"1 error(s), 0 warning(s) in {tmp_path / folder}"],
    )


def check_with(content: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--content", str(content), *args])
    return result.exit_code, result.output.splitlines()


def test_a_published_page_linking_to_a_draft_entry_fails_a_draft_linking_to_one_does_not(content: Path) -> None:
    target = "../returns/how-do-i-return-an-item.md"  # bundled entries are drafts until an editor approves them
    published = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="approved"))
    published.write_text(published.read_text() + f"See [returns]({target}).\n")
    draft = write_entry(content, "shipping/late.md", GOOD.format(slug="late", status="draft"))
    draft.write_text(draft.read_text() + f"See [returns]({target}).\n")
    assert check(content) == (
        1,
        [
            f"{published}:8: link to '{target}', a draft entry (not published); approve it "
            "(faq-builder approve how-do-i-return-an-item) or remove the link",
            f"1 error(s), 0 warning(s) in {content}",
        ],
    )


def test_an_unknown_shop_placeholder_is_an_error_with_its_line(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    path.write_text(
        path.read_text() + "Call {{ shop.phone }}; within {{ shop.standard_delivery_days }} days. \\{{ shop.x }}\n"
    )
    known = (
        "free_shipping_threshold, name, order_number_example, return_window_days, standard_delivery_days, support_email"
    )
    assert check(content) == (
        1,
        [
            f"{path}:8: unknown placeholder {{{{ shop.phone }}}}; add 'phone' under plugins > faq-builder > shop in "
            f"mkdocs.yml (known: {known})",
            f"1 error(s), 0 warning(s) in {content}",
        ],
    )


SETTINGS = """\
site_name: Help
plugins:
  - search
  - faq-builder:
      shop:
        support_email: support@your-shop.example
        free_shipping_threshold: "€50"
        standard_delivery_days: "2-4"
      returns:
        window_days: 30
      portal:
        track_order:
          url: https://your-shop.example/track?order={order_number}
        order_history: https://shop.test/orders
      feedbak: {}
"""


def test_settings_left_as_init_wrote_them_are_errors_on_their_lines(content: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(SETTINGS)
    assert check_with(content, "--config", str(config)) == (
        1,
        [
            f"{config}:6: plugins > faq-builder > shop > support_email is still the example from faq-builder init "
            "(support@your-shop.example); put your shop's own there",
            f"{config}:13: plugins > faq-builder > portal > track_order > url is still the example from faq-builder "
            "init (https://your-shop.example/track?order={order_number}); put your shop's own there",
            f"{config}:15: warning: plugins > faq-builder > feedbak: unknown setting (did you mean 'feedback'?); "
            "ignored",
            f"2 error(s), 1 warning(s) in {content}",
        ],
    )


def test_invalid_settings_are_problems_on_their_lines_with_the_content_still_checked(
    content: Path, tmp_path: Path
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        SETTINGS.replace("your-shop.example", "shop.test").replace("https://shop.test/orders", "http://x")
    )
    broken = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    broken.write_text(broken.read_text() + "[gone](gone.md)\n")
    code, lines = check_with(content, "--config", str(config))
    assert code == 1
    assert lines == [
        f"{broken}:8: broken link to 'gone.md': no such file",
        f"{config}:14: portal.order_history.url: 'http://x' is not https; shoppers' order data must travel encrypted",
        f"2 error(s), 0 warning(s) in {content}",
    ]


def test_github_format_annotates_lines_and_escapes(content: Path) -> None:
    path = write_entry(content, "shipping/delivery.md", GOOD.format(slug="delivery", status="draft"))
    path.write_text(
        path.read_text().replace("category: shipping\n", "category: shipping\nvariantz: [a]\n") + "[x](100%.md)\n"
    )
    assert check_with(content, "--format", "github") == (
        1,
        [
            f"::warning file={path},line=6,title=faq-builder check::unknown front matter key 'variantz' "
            "(did you mean 'variants'?); ignored",
            f"::error file={path},line=9,title=faq-builder check::broken link to '100%25.md': no such file",
            f"1 error(s), 1 warning(s) in {content}",
        ],
    )


def test_github_annotation_properties_escape_colons_commas_and_newlines() -> None:
    problem = Problem("a,b:c.md", 3, "first\nsecond 50%")
    assert format_github(problem) == "::error file=a%2Cb%3Ac.md,line=3,title=faq-builder check::first%0Asecond 50%25"
