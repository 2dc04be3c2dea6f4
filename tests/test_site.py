"""The help site build: what is published, policy placeholders, config validation, escaping, privacy."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.exceptions import PluginError

from faq_builder.cli import main
from faq_builder.content import update_front_matter
from faq_builder.curate import approve, merge
from faq_builder.sample.generator import generate_tickets
from faq_builder.site import SiteError, build_site
from faq_builder.site.plugin import add_variants_to_search, fold_accents

from .conftest import FROZEN_NOW, ROOT, SHOP, mined_content, write_entry

TODAY = FROZEN_NOW.date()


def config(tmp_path: Path, **plugin: object) -> Path:
    """The repository's mkdocs.yml with faq-builder settings replaced or removed (None) as given."""
    data = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    data["theme"]["custom_dir"] = str(ROOT / "site_templates")
    for entry in data["plugins"]:
        if isinstance(entry, dict) and "faq-builder" in entry:
            settings = entry["faq-builder"]
            for key, value in plugin.items():
                if value is None:
                    settings.pop(key, None)
                else:
                    settings[key] = value
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    approve(
        ["where-is-my-order", "how-do-i-return-an-item", "how-long-does-delivery-take"],
        content_dir=folder,
        by="Sam",
        today=TODAY,
    )
    return folder


def build(tmp_path: Path, content: Path, **options: object):  # noqa: ANN202
    cfg = options.pop("config_file", None) or config(tmp_path)
    return build_site(config_file=cfg, content_dir=content, site_dir=tmp_path / "site", **options)


def html_files(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def search_docs(site: Path) -> dict[str, dict]:
    """Material's search documents by location (an entry's answer is the one without an anchor)."""
    return {doc["location"]: doc for doc in json.loads((site / "search/search_index.json").read_text())["docs"]}


def test_only_approved_entries_are_published(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content, strict=True)
    site = built.site_dir
    assert (site / "faq/shipping/where-is-my-order/index.html").exists()
    assert not (site / "faq/orders/how-do-i-cancel-my-order/index.html").exists()  # still a draft
    index = json.loads((site / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "faq/shipping/how-long-does-delivery-take/" in locations
    assert not any("cancel-my-order" in location for location in locations)
    assert "faq/shipping/" not in locations  # category pages stay out of search
    home = (site / "index.html").read_text()
    assert home.count('href="faq/shipping/where-is-my-order/"') == 2  # its topic card and top questions, not the nav
    nav = [line for line in home.split("md-nav__link") if 'href="faq/' in line]
    assert len(nav) <= 8


def test_drafts_are_previewed_with_a_banner(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content, drafts=True)
    page = (built.site_dir / "faq/orders/how-do-i-cancel-my-order/index.html").read_text()
    assert "Draft: not published" in page


def test_shop_facts_are_expanded_once_for_every_answer(tmp_path: Path, content: Path) -> None:
    cfg = config(tmp_path, returns={"window_days": 45, "conditions": ["Unworn"]})
    built = build(tmp_path, content, config_file=cfg)
    page = (built.site_dir / "faq/returns/how-do-i-return-an-item/index.html").read_text()
    assert "within 45 days of delivery" in page
    delivery = (built.site_dir / "faq/shipping/how-long-does-delivery-take/index.html").read_text()
    assert "free on orders over €50" in delivery
    assert not any("shop." in text and "{{" in text for text in html_files(built.site_dir).values())


def test_unknown_placeholder_fails_strict_with_file_and_line(tmp_path: Path, content: Path) -> None:
    path = content / "faq/shipping/where-is-my-order.md"
    text = path.read_text()
    path.write_text(text + "\nFree returns for {{ shop.free_return_days }} days.\n")
    line = len(text.split("\n")) + 1
    with pytest.raises(SiteError) as error:
        build(tmp_path, content, strict=True)
    assert f"{path}:{line}: unknown placeholder {{{{ shop.free_return_days }}}}" in str(error.value)
    assert "add 'free_return_days' under plugins > faq-builder > shop" in str(error.value)
    relaxed = build(tmp_path, content, strict=False)
    assert any("free_return_days" in warning for warning in relaxed.warnings)


def test_invalid_portal_settings_are_all_named(tmp_path: Path, content: Path) -> None:
    cfg = config(
        tmp_path,
        portal={
            "track_order": {"url": "http://shop.example/track?order={order_number}"},
            "start_return": {"url": "https://{email}.evil.example/return"},
            "change_order": {"url": "https://shop.example/change?card={card_number}"},
            "teleport": {"url": "https://shop.example/beam"},
        },
        support_hours={"timezone": "Mars/Olympus", "open": "9am"},
        feedback={"endpoint": "ftp://shop.example/x"},
    )
    with pytest.raises(SiteError) as error:
        build(tmp_path, content, config_file=cfg)
    message = str(error.value)
    for expected in [
        "portal.track_order.url: 'http://shop.example/track?order={order_number}' is not https",
        "portal.start_return.url: a placeholder is in the host name",
        "portal.change_order.url: unknown placeholder(s) card_number; known: order_number, email, postcode, phone",
        "portal.teleport: unknown action; use one of: track_order, start_return, change_order, order_history",
        "support_hours.timezone: unknown time zone 'Mars/Olympus'",
        "support_hours.open: '9am' is not a time; write it as HH:MM",
        "feedback.endpoint: 'ftp://shop.example/x' is not an https URL",
    ]:
        assert expected in message


def test_feedback_widget_hidden_without_an_endpoint(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content, config_file=config(tmp_path, feedback=None))
    page = (built.site_dir / "faq/shipping/where-is-my-order/index.html").read_text()
    assert "md-feedback" not in page and "__md_analytics" not in page
    with_endpoint = build(tmp_path, content)
    assert "md-feedback" in (with_endpoint.site_dir / "faq/shipping/where-is-my-order/index.html").read_text()


def test_site_needs_nothing_from_the_internet(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content)
    for name, text in html_files(built.site_dir).items():
        for external in ("fonts.googleapis", "fonts.gstatic", "cdn.", "unpkg", "googletagmanager"):
            assert external not in text, name
        assert '<script src="http' not in text and '<link href="http' not in text, name


def test_hostile_entry_text_is_escaped(tmp_path: Path, content: Path) -> None:
    path = content / "faq/shipping/hostile.md"
    path.write_text(
        "---\nid: hostile\ntitle: '<script>alert(1)</script> where is it?'\nstatus: approved\ncategory: shipping\n"
        "variants:\n  - '<img src=x onerror=alert(2)>'\n---\nFine.\n"
    )
    built = build(tmp_path, content)
    for name, text in html_files(built.site_dir).items():
        assert "<script>alert(1)" not in text and "<img src=x" not in text, name
    page = (built.site_dir / "faq/shipping/hostile/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; where is it?" in page
    index = (built.site_dir / "search/search_index.json").read_text()
    assert "<img" not in index and "<script" not in index
    assert search_docs(built.site_dir)["faq/shipping/hostile/"]["variants"] == ["&lt;img src=x onerror=alert(2)&gt;"]


def test_merged_entry_redirects_to_the_one_that_absorbed_it(tmp_path: Path, content: Path) -> None:
    merge("where-is-my-order", "how-long-does-delivery-take", content_dir=content)
    built = build(tmp_path, content)
    redirect = (built.site_dir / "faq/shipping/how-long-does-delivery-take/index.html").read_text()
    assert 'url=../../../faq/shipping/where-is-my-order/"' in redirect


def test_sample_site_has_no_personal_data(tmp_path: Path, shop_store: Path) -> None:
    built = build(
        tmp_path, mined_content(tmp_path, shop_store), drafts=True
    )  # drafts too: every generated text is checked
    text = "\n".join(p.read_text(errors="ignore") for p in built.site_dir.rglob("*") if p.suffix in {".html", ".json"})
    injected = {p for t in generate_tickets(**SHOP) for p in t.pii if len(p) > 4}  # type: ignore[arg-type]
    assert {p for p in injected if p in text} == set()
    assert "<script>alert" not in text


def test_build_command(tmp_path: Path, content: Path) -> None:
    cfg = config(tmp_path)
    args = ["build", "--config", str(cfg), "--content", str(content), "--site-dir", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Published 3 FAQ entries (left out: 9 drafts)."
    assert lines[1] == "No site yet for vi, th, bg, zh-TW: none of their entries is approved."
    assert lines[2].startswith("Built ") and lines[2].endswith(f"{tmp_path / 'out' / 'index.html'}")
    assert lines[3] == f"Preview with drafts: faq-builder serve --config {cfg} --content {content}"
    (content / "faq/shipping/where-is-my-order.md").write_text(
        (content / "faq/shipping/where-is-my-order.md").read_text() + "\n[gone](../nowhere.md)\n"
    )
    failed = CliRunner().invoke(main, [*args, "--strict"])
    assert failed.exit_code == 1
    assert failed.output.startswith("Error: the help site was not built")
    assert "nowhere.md" in failed.output


def test_serve_shows_drafts_and_build_does_not(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    for command, shown in (("serve", True), ("build", False)):
        cfg = load_config(str(config(tmp_path)), docs_dir=str(ROOT / "content"))
        plugin = cfg.plugins["faq-builder"]
        plugin.on_startup(command=command, dirty=False)
        plugin.on_config(cfg)
        assert plugin.show_drafts is shown


def test_entry_filed_in_another_folder_is_linked_from_its_category(tmp_path: Path, content: Path) -> None:
    path = content / "faq" / "orders" / "shipping-costs.md"
    path.write_text(
        "---\nid: shipping-costs\ntitle: What does shipping cost?\nstatus: approved\ncategory: shipping\n---\nFree.\n"
    )
    built = build(tmp_path, content, strict=True)
    listing = (built.site_dir / "faq/shipping/index.html").read_text()
    assert 'href="../orders/shipping-costs/"' in listing
    assert (built.site_dir / "faq/orders/shipping-costs/index.html").exists()


def test_variants_are_searched_apart_from_the_answer_and_not_on_the_page(tmp_path: Path, content: Path) -> None:
    """Material shows the matching blocks of ``text`` as a result's excerpt: variants must not be in it."""
    entry = content / "faq/shipping/where-is-my-order.md"
    variants = ["Parcel <gone> & lost", "Has my order shipped?"]
    entry.write_text(update_front_matter(entry.read_text(), {"variants": variants}, path=entry))
    built = build(tmp_path, content, strict=True)
    index = json.loads((built.site_dir / "search/search_index.json").read_text())
    assert index["config"]["fields"]["variants"] == {"boost": 1.0}
    doc = search_docs(built.site_dir)["faq/shipping/where-is-my-order/"]
    assert doc["variants"] == ["Parcel &lt;gone&gt; &amp; lost", "Has my order shipped?"]
    assert doc["text"].startswith("<p>Orders leave our warehouse") and "shipped?" not in doc["text"]
    assert "variants" not in search_docs(built.site_dir)["contact/"]
    page = (built.site_dir / "faq/shipping/where-is-my-order/index.html").read_text()
    assert "Has my order shipped?" not in page and "&lt;gone&gt;" not in page and "<gone>" not in page
    assert '<div class="faq-entry" hidden data-faq-entry="where-is-my-order"></div>' in page  # for feedback


def test_search_index_of_unknown_layout_fails_the_build(tmp_path: Path) -> None:
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"docs": [{"location": "faq/a/b/", "title": "B", "text": "b"}]}))
    with pytest.raises(PluginError, match="search index layout"):
        add_variants_to_search(index, {"faq/a/b/": ("bee",)})
    add_variants_to_search(tmp_path / "missing.json", {"faq/a/b/": ("bee",)})  # search plugin off: nothing to do


def test_a_portal_label_is_text_on_every_page(tmp_path: Path, content: Path) -> None:
    label = '<img src=x onerror="alert(1)">'
    cfg = config(tmp_path, portal={"track_order": {"url": "https://shop.example/t?o={order_number}", "label": label}})
    built = build(tmp_path, content, config_file=cfg)
    pages = html_files(built.site_dir)
    assert not [name for name, text in pages.items() if "<img src=x" in text]
    assert "&lt;img src=x" in pages["index.html"] and "&lt;img src=x" in pages["portal/track-order/index.html"]


@pytest.mark.parametrize("value", [-3, True, "ten"])
def test_top_questions_must_be_a_count(tmp_path: Path, content: Path, value: object) -> None:
    with pytest.raises(SiteError, match="option 'top_questions': expected a whole number >= 0, e.g. 10"):
        build(tmp_path, content, config_file=config(tmp_path, top_questions=value))


def test_build_refuses_to_empty_a_folder_it_did_not_build(tmp_path: Path, content: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "thesis.txt").write_text("not a site")
    with pytest.raises(SiteError, match="not empty and not built by faq-builder; building would delete"):
        build(tmp_path, content)
    assert (tmp_path / "site" / "thesis.txt").read_text() == "not a site"
    built = build(tmp_path, content, clean=True)
    assert not (built.site_dir / "thesis.txt").exists()
    assert build(tmp_path, content).pages == built.pages  # its own folder: built again without --clean


@pytest.mark.parametrize("strict", [False, True])
def test_a_build_that_publishes_no_entry_says_so_and_fails_when_strict(
    tmp_path: Path, content: Path, strict: bool
) -> None:
    for path in (content / "faq").rglob("*.md"):
        path.write_text(path.read_text().replace("status: approved", "status: draft"))
    cfg = config(tmp_path)
    args = ["build", "--config", str(cfg), "--content", str(content), "--site-dir", str(tmp_path / "out")]
    result = CliRunner().invoke(main, [*args, "--strict" if strict else "--no-strict"])
    message = (
        f"no approved entry to publish (12 draft(s) in {content}): the site has no answers; review the drafts and "
        "approve them with faq-builder approve SLUG"
    )
    if strict:
        assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    else:
        assert result.exit_code == 0
        assert result.stderr == f"warning: {message}\n"
        assert result.stdout.splitlines()[0] == "Published 0 FAQ entries (left out: 12 drafts)."


def test_no_page_links_to_the_root_of_the_server(tmp_path: Path, content: Path) -> None:
    """A help site lives under a sub-path as often as not (https://shop.example/help/): links are relative.

    Except on 404.html, which the server shows at any depth: MkDocs roots its links at ``site_url``'s path."""
    built = build_site(config_file=config(tmp_path), content_dir=content, site_dir=tmp_path / "out", strict=True)
    rooted = re.compile(r"""(?:href|src|action)=["']?/(?!/)""")
    found = {
        str(path.relative_to(built.site_dir)): match.group(0)
        for path in built.site_dir.rglob("*.html")
        if path.name != "404.html"
        for match in rooted.finditer(path.read_text(encoding="utf-8"))
    }
    assert found == {}


def test_an_offline_build_links_to_html_files_and_fetches_nothing_from_a_cdn(tmp_path: Path, content: Path) -> None:
    built = build_site(config_file=config(tmp_path), content_dir=content, site_dir=tmp_path / "out", offline=True)
    pages = {p.relative_to(built.site_dir).as_posix() for p in built.site_dir.rglob("*.html")}
    assert {"index.html", "faq/shipping/where-is-my-order.html", "portal/track-order.html"} <= pages
    text = "\n".join(p.read_text(encoding="utf-8") for p in built.site_dir.rglob("*.html"))
    assert "unpkg.com" not in text and 'src="../../assets/iframe-worker/shim.js"' in text
    index = (built.site_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index.startswith("var __index = ") and '"variants"' in index  # inlined after faq-builder's field


def test_an_answer_page_lists_related_questions_and_where_to_get_more_help(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content)
    page = (built.site_dir / "faq" / "shipping" / "where-is-my-order" / "index.html").read_text()
    related = page.split("<h2>Related questions</h2>")[1].split("</ul>")[0]
    # The other approved shipping entry, not itself, not drafts of the category.
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', related) == [
        ("../how-long-does-delivery-take/", "How long does delivery take?")
    ]
    still = page.split('<p class="admonition-title">Still need help?</p>')[1].split("</div>")[0]
    assert 'data-faq-hours-status aria-live="polite"' in still
    assert '<a href="mailto:support@northwind-outfitters.example">support@northwind-outfitters.example</a>' in still
    assert '<a href="../../../contact/">how to reach us</a>' in still
    # Other questions' titles would make this page a search hit for them: the block is not indexed.
    docs = [doc for location, doc in search_docs(built.site_dir).items() if "where-is-my-order" in location]
    assert [doc["location"] for doc in docs] == ["faq/shipping/where-is-my-order/"]
    assert "How long does delivery take" not in docs[0]["text"] and "Still need help" not in docs[0]["text"]


def test_contact_page_writes_days_as_ranges_and_links_the_email(tmp_path: Path, content: Path) -> None:
    hours = {"timezone": "Europe/Berlin", "days": ["mon", "tue", "wed", "sat"], "open": "09:00", "close": "17:00"}
    built = build(tmp_path, content, config_file=config(tmp_path, support_hours=hours))
    page = (built.site_dir / "contact" / "index.html").read_text()
    assert "Our team answers Monday–Wednesday, Saturday, 09:00-17:00 (Europe/Berlin time)." in page
    assert 'Write to us at <a href="mailto:support@northwind-outfitters.example">' in page


def test_order_help_is_one_section_in_the_menu_and_order_numbers_show_the_shops_example(
    tmp_path: Path, content: Path
) -> None:
    built = build(tmp_path, content)
    home = (built.site_dir / "index.html").read_text()
    assert len(re.findall(r'md-ellipsis">\s*Order help', home)) == 1  # the section links to its overview
    form = (built.site_dir / "portal" / "track-order" / "index.html").read_text()
    assert "As in your confirmation email, e.g. NW-102938" in form
    shop = {"name": "Lindgren", "standard_delivery_days": "3", "free_shipping_threshold": "€40"}
    other = build(tmp_path / "other", content, config_file=config(tmp_path, shop=shop))
    assert "As in your confirmation email</p>" in (other.site_dir / "portal" / "track-order" / "index.html").read_text()


def test_the_home_page_leads_with_search_then_topic_cards(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content)
    home = (built.site_dir / "index.html").read_text()
    article = home.split('<article class="md-content__inner md-typeset">')[1]
    after_heading = article.split("</h1>", 1)[1].lstrip()
    assert after_heading.startswith('<p><button type="button" class="faq-search-box" data-faq-open-search>')
    shipping = article.split('class="faq-topic"><h3><a href="faq/shipping/">')[1].split("</section>")[0]
    assert "<svg" in shipping and "Shipping and delivery</a></h3>" in shipping
    assert re.findall(r'<li><a href="([^"]+)">', shipping) == [  # most asked first
        "faq/shipping/how-long-does-delivery-take/",
        "faq/shipping/where-is-my-order/",
    ]
    assert '<a class="faq-topic__all" href="faq/shipping/">All 2 questions</a>' in shipping


def test_answers_have_breadcrumbs_that_stay_out_of_search(tmp_path: Path, content: Path) -> None:
    built = build(tmp_path, content)
    page = (built.site_dir / "faq" / "returns" / "how-do-i-return-an-item" / "index.html").read_text()
    assert (
        '<nav class="faq-breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="../../../">Help centre</a></li>'
        '<li><a href="../">Returns and exchanges</a></li></ol></nav>'
    ) in page
    doc = search_docs(built.site_dir)["faq/returns/how-do-i-return-an-item/"]
    assert "Help centre" not in doc["text"] and "Returns and exchanges" not in doc["text"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đơn hàng của tôi ở đâu?", "Don hang cua toi o dau?"),
        ("Crème brûlée, Straße, Łódź", "Creme brulee, Strasse, Lodz"),
        ("поръчка й, คำสั่งซื้อ, 我的订单", "поръчка й, คำสั่งซื้อ, 我的订单"),  # not Latin: letters, not accents
    ],
)
def test_fold_accents_only_strips_accents_from_latin_letters(text: str, folded: str) -> None:
    assert fold_accents(text) == folded


def test_pages_with_accents_are_also_searchable_without_them(tmp_path: Path, content: Path) -> None:
    write_entry(
        content,
        "shipping/don-hang.md",
        "---\nid: don-hang\ntitle: Đơn hàng của tôi ở đâu?\nstatus: approved\ncategory: shipping\nlanguage: vi\n"
        "---\nĐơn hàng được giao trong 2-4 ngày làm việc.\n",
    )
    site = build(tmp_path, content).site_dir
    docs = search_docs(site / "vi")  # the Vietnamese site's own index
    assert (
        docs["faq/shipping/don-hang/"]["folded"]
        == "Don hang cua toi o dau? Don hang duoc giao trong 2-4 ngay lam viec."
    )
    assert "folded" not in search_docs(site)["faq/shipping/where-is-my-order/"]  # nothing to fold: no second copy
