"""A shop's first help site, as `faq-builder init` starts it, in a real browser.

The shop does what its README says: runs ``faq-builder init`` (here in German, with a name YAML and HTML must
escape), puts its own host where init wrote your-shop.example, approves one starter answer, and builds with
``--strict`` as publish.yml does, all through the CLI. The built site is served from a local HTTP server and
opened in headless Chromium from Debian (/usr/bin/chromium) driven by Playwright; screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.settings import UNFILLED_HOST

from .conftest import CHROMIUM, ROOT

ARTIFACTS = ROOT / "test-artifacts"
SHOP = "Müller & Söhne <Keramik>"
HOST = "mueller-soehne.test"
APPROVED = ("How long does delivery take?", "faq/shipping/how-long-does-delivery-take/")
STILL_DRAFTS = ["How do I return an item?", "When will I get my refund?", "Which payment methods do you accept?"]

if not os.path.exists(CHROMIUM) and not os.environ.get("FAQ_BUILDER_SKIP_BROWSER"):
    raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium (or set FAQ_BUILDER_SKIP_BROWSER=1)")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="FAQ_BUILDER_SKIP_BROWSER is set")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def faq_builder(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """init -> the shop's own host -> one starter approved -> build --strict; served on localhost."""
    folder = tmp_path_factory.mktemp("init-browser") / "help"
    faq_builder("init", str(folder), "--shop-name", SHOP, "--language", "de")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace(UNFILLED_HOST, HOST))
    faq_builder("approve", "how-long-does-delivery-take", "--by", "Test", "--content", str(folder / "content"))
    built = faq_builder("build", "--config", str(config), "--strict", "--site-dir", str(folder / "site"))
    assert "Published 1 FAQ entry (left out: 3 drafts)." in built
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder / "site"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def browser_locale() -> str:
    return "de-DE"  # a German shopper


def test_the_home_page_in_the_shops_language_leads_to_the_approved_entry_only(page, new_site: str) -> None:  # noqa: ANN001
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(new_site)
    assert page.title().startswith(f"{SHOP} Help Centre")
    assert page.get_attribute("html", "lang") == "de"
    assert page.get_attribute("input.md-search__input", "placeholder") == "Suche"  # Material's German interface
    home = page.locator("article").inner_text()
    assert APPROVED[0] in home
    assert [title for title in STILL_DRAFTS if title in page.content()] == []
    page.screenshot(path=str(ARTIFACTS / "init-home.png"), full_page=True)
    page.locator("article").get_by_role("link", name=APPROVED[0]).first.click()
    page.wait_for_url(new_site + APPROVED[1])
    assert "Standard delivery takes 2-4 working days." in page.locator("article").inner_text()
    # font: false and nothing else external: every request the pages made stayed on this server.
    assert requested and [url for url in requested if not url.startswith(new_site)] == []


def test_the_track_order_form_opens_the_shops_own_tracking_page_with_the_values_filled_in(
    page,  # noqa: ANN001
    new_site: str,
) -> None:
    page.goto(new_site + APPROVED[1])
    page.click("article a.md-button:has-text('Track my order')")
    page.wait_for_url(new_site + "portal/track-order/")
    assert "100123" in page.locator("article").inner_text()  # init's order_number_example under the field
    page.route(f"https://{HOST}/**", lambda route: route.fulfill(body="ok"))
    page.fill("#faq-track-order-order-number", "MS-4711")
    page.fill("#faq-track-order-email", "kim+shop@example.com")
    page.screenshot(path=str(ARTIFACTS / "init-track-order.png"), full_page=True)
    with page.expect_request(f"https://{HOST}/**") as request:
        page.click("form[data-faq-portal] button[type=submit]")
    url = request.value.url
    assert url.startswith(f"https://{HOST}/track?")
    assert parse_qs(urlsplit(url).query) == {"order": ["MS-4711"], "email": ["kim+shop@example.com"]}
    page.wait_for_url(f"https://{HOST}/**")  # the shopper lands on the shop's page
