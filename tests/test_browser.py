"""The built sample site in a real browser: search in shoppers' words, the order portal, support hours, feedback.

Headless Chromium from Debian (/usr/bin/chromium, installed by .ci/run) driven by Playwright; the site is
served from a local HTTP server. Screenshots go to test-artifacts/ (kept by CI as test artifacts).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from faq_builder.content import parse_entry, update_front_matter
from faq_builder.curate import approve
from faq_builder.site import build_site

from .conftest import CHROMIUM, FROZEN_NOW, ROOT, mined_content
from .test_plugin import installed_shop_site

ARTIFACTS = ROOT / "test-artifacts"
DRAFT_TITLE = "Can I pay with seashells?"
#: A customer's wording added to "Where is my order?": its word "vanished" is in no title and no answer.
ONLY_A_VARIANT = "My parcel has vanished"
WHERE_IS_MY_ORDER_ANSWER = "Orders leave our warehouse within one working day."

if not os.path.exists(CHROMIUM) and not os.environ.get("FAQ_BUILDER_SKIP_BROWSER"):
    raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium (or set FAQ_BUILDER_SKIP_BROWSER=1)")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="FAQ_BUILDER_SKIP_BROWSER is set")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, shop_store: Path) -> Iterator[str]:
    """The sample shop's site as `make demo` builds it, served on localhost.

    Tickets are mined and drafted (so the bundled entries gain their customers' wordings as variants and
    new drafts appear), the bundled entries are approved, and one more draft stays unpublished.
    "Where is my order?" gets one more variant, :data:`ONLY_A_VARIANT`.
    """
    folder = tmp_path_factory.mktemp("browser")
    content = mined_content(folder, shop_store)
    bundled = [p.stem for p in (ROOT / "content" / "faq").rglob("*.md")]
    approve(bundled, content_dir=content, by="Test editor", today=FROZEN_NOW.date())
    path = content / "faq" / "shipping" / "where-is-my-order.md"
    entry, _ = parse_entry(path, path.read_text())
    assert entry is not None
    variants = [*entry.variants, ONLY_A_VARIANT]
    path.write_text(update_front_matter(path.read_text(), {"variants": variants}, path=path))
    (content / "faq" / "payment" / "pay-with-seashells.md").write_text(
        f"---\nid: pay-with-seashells\ntitle: {DRAFT_TITLE}\nstatus: draft\ncategory: payment\n---\nNo.\n"
    )
    built = build_site(config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=folder / "site", strict=True)
    yield from serve(built.site_dir)


def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on localhost, yielding its URL, until the generator is closed."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def installed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A shop's own site (its mkdocs.yml and content only), built by faq-builder installed from a wheel."""
    yield from serve(installed_shop_site(tmp_path_factory).site)


def results(page, site: str, query: str):  # noqa: ANN001, ANN201
    """The search result items (``li``) for ``query`` typed into the search box of the home page."""
    page.goto(site)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Initializing/i.test(m.textContent) }"
    )
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_timeout(400)
    return page.locator("ol.md-search-result__list > li.md-search-result__item")


def search(page, site: str, query: str) -> list[str]:  # noqa: ANN001
    """The links of the first three results, waiting up to 5 s for the first (a loaded machine is slow)."""
    items = results(page, site, query)
    try:
        items.first.wait_for(timeout=5000)
    except Exception:  # noqa: BLE001 - no result at all: the caller's assertion names the query
        return []
    return [items.nth(i).locator("a").first.get_attribute("href") or "" for i in range(min(3, items.count()))]


SHOPPER_QUESTIONS = [
    ("my parcel still hasn't come", "where-is-my-order"),
    ("how many days until it gets here", "how-long-does-delivery-take"),
    ("typo in the street I gave", "can-i-change-my-delivery-address"),
    ("I ordered by mistake, stop it", "how-do-i-cancel-my-order"),
    ("still no money back", "when-will-i-get-my-refund"),
    ("swap for a bigger size", "can-i-exchange-for-another-size"),
    ("zip broken on my jacket", "my-item-arrived-damaged"),
    ("coupon not accepted", "my-discount-code-does-not-work"),
    ("bank says card declined", "why-was-my-payment-declined"),
    ("locked out, can't sign in", "i-forgot-my-password"),
    ("receipt with VAT for my company", "how-do-i-get-an-invoice"),
]


@pytest.mark.parametrize(("query", "slug"), SHOPPER_QUESTIONS)
def test_shoppers_words_find_the_right_answer(page, site: str, query: str, slug: str) -> None:  # noqa: ANN001
    top = search(page, site, query)
    assert any(f"/{slug}/" in href for href in top), f"{query!r} -> {top}"


@pytest.mark.parametrize("query", ["vanished", "where is my parcel"])
def test_result_excerpt_is_the_answer_not_the_customers_wordings(page, site: str, query: str) -> None:  # noqa: ANN001
    """A wording found only in an entry's variants finds the entry; the excerpt shows the answer (issue 9)."""
    items = results(page, site, query)
    assert "/faq/shipping/where-is-my-order/" in (items.first.locator("a").first.get_attribute("href") or "")
    excerpt = items.first.inner_text()
    assert WHERE_IS_MY_ORDER_ANSWER in excerpt
    assert "vanished" not in excerpt and "·" not in excerpt and "Tracking hasn't updated" not in excerpt
    for i in range(items.count()):
        assert ONLY_A_VARIANT not in items.nth(i).inner_text()


def test_variants_are_not_on_the_entry_page(page, site: str) -> None:  # noqa: ANN001
    page.goto(site + "faq/shipping/where-is-my-order/")
    assert WHERE_IS_MY_ORDER_ANSWER in page.locator("article").inner_text()
    assert "vanished" not in page.content() and "Tracking hasn't updated" not in page.content()
    assert page.get_by_text("vanished").count() == 0


def test_track_order_form_builds_the_encoded_url(page, site: str) -> None:  # noqa: ANN001
    page.goto(site + "portal/track-order/")
    page.route("https://northwind-outfitters.example/**", lambda route: route.fulfill(body="ok"))
    page.fill("#faq-track-order-order-number", "#NW 10&2/é中")
    page.fill("#faq-track-order-email", "anna+test@example.com")
    with page.expect_request("https://northwind-outfitters.example/**") as request:
        page.click("form[data-faq-portal] button[type=submit]")
    url = request.value.url
    assert url.startswith("https://northwind-outfitters.example/track?order=%23NW%2010%262%2F%C3%A9%E4%B8%AD&email=")
    assert parse_qs(urlsplit(url).query) == {"order": ["#NW 10&2/é中"], "email": ["anna+test@example.com"]}


def test_empty_form_shows_validation_messages(page, site: str) -> None:  # noqa: ANN001
    page.goto(site + "portal/track-order/")
    page.click("form[data-faq-portal] button[type=submit]")
    error = page.locator("#faq-track-order-order-number-error")
    assert error.is_visible() and error.text_content() == "Please enter your order number."
    assert page.get_attribute("#faq-track-order-order-number", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "faq-track-order-order-number"
    page.fill("#faq-track-order-order-number", "NW-1")
    page.fill("#faq-track-order-email", "not-an-email")
    page.click("form[data-faq-portal] button[type=submit]")
    assert page.text_content("#faq-track-order-email-error") == (
        "Please enter a valid email address, like name@example.com."
    )
    assert page.url == site + "portal/track-order/"


@pytest.mark.parametrize(
    ("moment", "online", "text"),
    [
        ("2026-11-23T09:30:00Z", True, "We're online now: our team answers until 17:00 (Europe/Berlin)."),
        ("2026-11-21T10:00:00Z", False, "We're offline. We reply from 09:00 Monday (Europe/Berlin)."),
        ("2026-11-23T16:30:00Z", False, "We're offline. We reply from 09:00 tomorrow (Europe/Berlin)."),
        ("2026-12-24T10:00:00Z", False, "We're offline. We reply from 09:00 Monday (Europe/Berlin)."),
    ],
)
def test_support_hours_widget(page, site: str, moment: str, online: bool, text: str) -> None:  # noqa: ANN001
    page.clock.set_fixed_time(moment)
    page.goto(site + "contact/")
    status = page.locator("[data-faq-hours-status]")
    assert status.text_content() == text
    assert status.get_attribute("data-online") == ("true" if online else "false")
    assert page.locator(".md-banner [data-faq-hours]").text_content().strip() == text


def test_feedback_widget_appears_and_posts_to_the_shop(page, site: str) -> None:  # noqa: ANN001
    sent = []
    page.route(
        "https://northwind-outfitters.example/api/help-feedback",
        lambda route: (sent.append(route.request.post_data_json), route.fulfill(status=204)),
    )
    page.goto(site + "faq/shipping/where-is-my-order/")
    form = page.locator("form.md-feedback")
    assert form.is_visible() and "Was this helpful?" in form.text_content()
    page.click("form.md-feedback button[data-md-value='1']")
    page.wait_for_timeout(300)
    assert sent and sent[0]["type"] == "feedback" and sent[0]["helpful"] is True
    assert sent[0]["entry"] == "where-is-my-order" and sent[0]["page"] == "/faq/shipping/where-is-my-order/"


def test_searches_without_results_are_reported_without_personal_data(page, site: str) -> None:  # noqa: ANN001
    sent = []
    page.route(
        "https://northwind-outfitters.example/api/help-feedback",
        lambda route: (sent.append(route.request.post_data_json), route.fulfill(status=204)),
    )
    assert search(page, site, "xyzzy anna@example.com 4829135") == []
    page.wait_for_timeout(2000)
    assert [(s["type"], s["query"]) for s in sent] == [("search_no_results", "xyzzy {email} {number}")]


def test_draft_is_not_published(page, site: str) -> None:  # noqa: ANN001
    assert search(page, site, "seashells") == []
    response = page.goto(site + "faq/payment/pay-with-seashells/")
    assert response is not None and response.status == 404


def test_screenshots(page, site: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    for path, name in [("", "home"), ("faq/shipping/", "category"), ("portal/track-order/", "portal")]:
        page.goto(site + path)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_installed_wheel_portal_form_and_hours_banner(page, installed_site: str) -> None:  # noqa: ANN001
    """faq-builder from a wheel, a shop's mkdocs.yml without custom_dir: the plugin's own script and banner work."""
    page.clock.set_fixed_time("2026-11-23T09:30:00Z")
    page.goto(installed_site + "faq/shipping/where-is-my-order/")
    banner = page.locator(".md-banner [data-faq-hours]")
    assert banner.text_content().strip() == "We're online now: our team answers until 17:00 (Europe/Berlin)."
    page.click("a.md-button:has-text('Track my order')")
    page.wait_for_url(installed_site + "portal/track-order/")
    page.route("https://shop.example/**", lambda route: route.fulfill(body="ok"))
    page.fill("#faq-track-order-order-number", "SH-1042")
    page.fill("#faq-track-order-email", "anna+test@example.com")
    with page.expect_request("https://shop.example/**") as request:
        page.click("form[data-faq-portal] button[type=submit]")
    url = request.value.url
    assert url.startswith("https://shop.example/track?order=SH-1042&email=")
    assert parse_qs(urlsplit(url).query) == {"order": ["SH-1042"], "email": ["anna+test@example.com"]}


@pytest.fixture(scope="module")
def help_under_subpath(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled entries (approved) built for ``https://shop.example/help/``, served under /help/."""
    import yaml

    folder = tmp_path_factory.mktemp("subpath")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    approve([p.stem for p in (content / "faq").rglob("*.md")], content_dir=content, by="Test", today=FROZEN_NOW.date())
    data = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    data["site_url"] = "https://shop.example/help/"
    data["theme"]["custom_dir"] = str(ROOT / "site_templates")
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    build_site(config_file=config, content_dir=content, site_dir=folder / "root" / "help", strict=True)
    for url in serve(folder / "root"):
        yield url + "help/"


def test_every_internal_link_works_under_a_sub_path(page, help_under_subpath: str) -> None:  # noqa: ANN001
    base = help_under_subpath
    origin = base.split("/help/")[0]
    to_visit, seen, checked, broken = [base], {base}, set(), []
    while to_visit:
        url = to_visit.pop()
        page.goto(url)
        links = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)"
        )
        for link in {link.split("#")[0] for link in links if link.startswith(origin)}:
            if link in checked:
                continue
            checked.add(link)
            if not link.startswith(base) or page.request.get(link).status != 200:
                broken.append(f"{url} -> {link}")
            elif link.endswith("/") and link not in seen:
                seen.add(link)
                to_visit.append(link)
    assert broken == []
    assert len(seen) > 20  # home, categories, entries, portal, contact


def test_the_feedback_note_links_to_the_contact_page_under_a_sub_path(page, help_under_subpath: str) -> None:  # noqa: ANN001
    page.route("https://northwind-outfitters.example/**", lambda route: route.fulfill(status=204))
    page.goto(help_under_subpath + "faq/shipping/where-is-my-order/")
    page.click("form.md-feedback button[data-md-value='0']")
    link = page.locator(".md-feedback__note a", has_text="contact us")
    assert link.get_attribute("href") == help_under_subpath + "contact/"


@pytest.fixture(scope="module")
def new_shop_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site started with ``faq-builder init``, its addresses filled in, one starter approved, built strictly."""
    from faq_builder.scaffold import init_site

    folder = tmp_path_factory.mktemp("init") / "help"
    init_site(folder, shop_name="Lindgren Ceramics")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("your-shop.example", "lindgren-ceramics.test"))
    approve(["how-long-does-delivery-take"], content_dir=folder / "content", by="Test", today=FROZEN_NOW.date())
    built = build_site(config_file=config, strict=True)
    assert built.entries == 1
    yield from serve(built.site_dir)


def test_a_new_shop_site_home_entry_and_track_order_form(page, new_shop_site: str) -> None:  # noqa: ANN001
    page.goto(new_shop_site)
    assert page.title().startswith("Lindgren Ceramics Help Centre")
    page.click("text=How long does delivery take?")
    assert page.url == new_shop_site + "faq/shipping/how-long-does-delivery-take/"
    assert "Standard delivery takes 2-4 working days." in page.text_content("article")
    page.click("article a.md-button:has-text('Track my order')")
    assert page.url == new_shop_site + "portal/track-order/"
    page.route("https://lindgren-ceramics.test/**", lambda route: route.fulfill(body="ok"))
    page.fill("#faq-track-order-order-number", "LC-1001")
    page.fill("#faq-track-order-email", "kim@example.com")
    with page.expect_request("https://lindgren-ceramics.test/**") as request:
        page.click("form[data-faq-portal] button[type=submit]")
    assert request.value.url == "https://lindgren-ceramics.test/track?order=LC-1001&email=kim%40example.com"
    page.screenshot(path=str(ARTIFACTS / "new-shop-track-order.png"), full_page=True)


@pytest.fixture(scope="module")
def site_on_disk(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled entries (approved, one with an extra variant) built with ``--offline``, as a file:// URL."""
    folder = tmp_path_factory.mktemp("offline")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    approve([p.stem for p in (content / "faq").rglob("*.md")], content_dir=content, by="Test", today=FROZEN_NOW.date())
    path = content / "faq" / "shipping" / "where-is-my-order.md"
    entry, _ = parse_entry(path, path.read_text())
    assert entry is not None
    path.write_text(update_front_matter(path.read_text(), {"variants": [*entry.variants, ONLY_A_VARIANT]}, path=path))
    built = build_site(config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=folder / "site", offline=True)
    return built.index.as_uri()


def test_an_offline_build_opens_from_disk_links_and_search_work(page, site_on_disk: str) -> None:  # noqa: ANN001
    site = site_on_disk.removesuffix("index.html")
    page.goto(site_on_disk)
    page.click("nav.md-nav--primary a:has-text('Shipping and delivery')")
    assert page.url == site + "faq/shipping/index.html"
    page.click("article a:has-text('Where is my order?')")
    assert page.url == site + "faq/shipping/where-is-my-order.html"
    assert WHERE_IS_MY_ORDER_ANSWER in page.text_content("article")
    page.click("article a.md-button:has-text('Track my order')")
    assert page.url == site + "portal/track-order.html"
    page.goto(site_on_disk)
    box = page.locator("input.md-search__input")
    box.click()  # from disk, Material starts its search (in an iframe, not a worker) when the box opens
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill("parcel vanished")  # words only in a variant: the inlined index has faq-builder's field
    box.press("End")
    first = page.locator("ol.md-search-result__list > li.md-search-result__item a").first
    first.wait_for()
    assert first.get_attribute("href") == site + "faq/shipping/where-is-my-order.html?h=parcel+vanished"
    first.click()
    assert page.url == site + "faq/shipping/where-is-my-order.html?h=parcel+vanished"
    assert WHERE_IS_MY_ORDER_ANSWER in page.text_content("article")


def test_the_first_click_after_fixing_the_fields_submits(page, site: str) -> None:  # noqa: ANN001
    page.goto(site + "portal/track-order/")
    page.route("https://northwind-outfitters.example/**", lambda route: route.fulfill(body="ok"))
    page.click("form[data-faq-portal] button[type=submit]")
    assert page.text_content(".faq-form-status") == "Please check the 2 highlighted fields."
    page.fill("#faq-track-order-order-number", "NW-1")
    page.fill("#faq-track-order-email", "not-an-email")
    page.click("form[data-faq-portal] button[type=submit]")
    assert page.text_content(".faq-form-status") == "Please check the highlighted field."
    page.fill("#faq-track-order-email", "anna@example.com")  # the message goes as the field becomes valid
    assert page.is_hidden("#faq-track-order-email-error")
    with page.expect_request("https://northwind-outfitters.example/**") as request:
        page.click("form[data-faq-portal] button[type=submit]")  # one click, whatever moved meanwhile
    assert request.value.url.endswith("order=NW-1&email=anna%40example.com")


def test_the_home_pages_search_box_opens_search(page, site: str) -> None:  # noqa: ANN001
    page.goto(site)
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    page.click("button[data-faq-open-search]")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("refund")
    first = page.locator("ol.md-search-result__list > li.md-search-result__item a").first
    first.wait_for()
    assert "faq/refunds/when-will-i-get-my-refund/" in (first.get_attribute("href") or "")


@pytest.mark.parametrize(
    "path", ["", "faq/shipping/where-is-my-order/", "portal/track-order/", "contact/", "faq/shipping/"]
)
def test_no_serious_accessibility_violation(page, site: str, path: str) -> None:  # noqa: ANN001
    """axe-core (bundled by axe-playwright-python) on the pages shoppers use most."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + path)
    found = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.fixture(scope="module")
def site_with_vietnamese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled entries and one Vietnamese answer, approved, built with the demo's configuration."""
    folder = tmp_path_factory.mktemp("vietnamese")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "faq" / "shipping" / "don-hang-cua-toi-o-dau.md").write_text(
        "---\nid: don-hang-cua-toi-o-dau\ntitle: Đơn hàng của tôi ở đâu?\nstatus: draft\ncategory: shipping\n"
        "language: vi\n---\nĐơn hàng rời kho trong một ngày làm việc và được giao trong 2-4 ngày.\n"
    )
    approve([p.stem for p in (content / "faq").rglob("*.md")], content_dir=content, by="Test", today=FROZEN_NOW.date())
    built = build_site(config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=folder / "site", strict=True)
    yield from serve(built.site_dir)


@pytest.mark.parametrize("query", ["giao hang", "được giao", "don hang", "ngay lam viec"])
def test_vietnamese_is_found_with_or_without_accents(page, site_with_vietnamese: str, query: str) -> None:  # noqa: ANN001
    top = search(page, site_with_vietnamese + "vi/", query)  # the Vietnamese site's own search
    assert any("/faq/shipping/don-hang-cua-toi-o-dau/" in href for href in top), f"{query!r} -> {top}"
