"""The help centre in the shop's languages, in Chromium: one site per language, built from the sample shop's tickets.

The sample shop's tickets (a realistic 5% in Vietnamese, Thai, Bulgarian and Traditional Chinese) are ingested,
mined and drafted as the demo does; an editor approves the bundled entries and keeps the drafts written in the
four other languages (the drafted answer, the note deleted). Each language's site then has its own entries, its
own words and its own search, and the language selector moves between an answer and its twin.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from faq_builder.content import DRAFT_MARKER, parse_entry
from faq_builder.curate import approve
from faq_builder.draft import draft_entries
from faq_builder.ingest import ingest
from faq_builder.mine import mine
from faq_builder.models import EntryStatus
from faq_builder.sample import write_sample
from faq_builder.settings import load_settings
from faq_builder.site import build_site
from faq_builder.site.strings import site_strings

from .conftest import CHROMIUM, FROZEN_NOW, ROOT
from .test_browser import ARTIFACTS, search, serve

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="FAQ_BUILDER_SKIP_BROWSER is set")

#: A word from the middle of an agent's answer in each language (see FOREIGN in sample/phrases.yml): "into your
#: account" (refund), "during [delivery]" (where is my order), "[the sum] will be refunded", "being shipped".
MIDDLE_WORDS = {"vi": "tài khoản", "th": "ระหว่าง", "bg": "възстановена", "zh-TW": "運送"}
_NOTE = re.compile(re.escape(DRAFT_MARKER) + r".*?-->\s*", re.DOTALL)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample shop in five languages, mined and drafted; its bundled English entries approved before mining
    (a shop with an English help centre), then the drafts mining wrote in the four other languages."""
    folder = tmp_path_factory.mktemp("languages")
    sample = write_sample(folder / "sample", tickets=6000, days=28, seed=7, until=FROZEN_NOW)
    db = folder / "tickets.sqlite3"
    ingest([sample.files["csv"]], db=db, languages=load_settings(ROOT / "mkdocs.yml").portal.languages)
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    today = FROZEN_NOW.date()
    approve([p.stem for p in (content / "faq").rglob("*.md")], content_dir=content, by="Editor", today=today)
    report = mine(db=db, until=FROZEN_NOW, out=folder / "reports", content_dir=content)
    draft_entries(report=report, db=db, content_dir=content)
    kept = []
    for path in sorted((content / "faq").rglob("*.md")):
        entry, _ = parse_entry(path, path.read_text(encoding="utf-8"))
        if entry is not None and entry.language in MIDDLE_WORDS and entry.is_draft_text:
            path.write_text(_NOTE.sub("", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
            kept.append(entry.slug)
    approve(kept, content_dir=content, by="Editor", today=today)
    return content


@pytest.fixture(scope="module")
def site(shop: Path) -> Iterator[str]:
    built = build_site(config_file=ROOT / "mkdocs.yml", content_dir=shop, site_dir=shop.parent / "site", strict=True)
    assert list(built.languages) == ["en", "vi", "th", "bg", "zh-TW"], built.languages
    yield from serve(built.site_dir)


def entries_in(content: Path, language: str) -> dict[str, str]:
    """Approved entries of ``language``: slug -> answer text."""
    found = {}
    for path in (content / "faq").rglob("*.md"):
        entry, _ = parse_entry(path, path.read_text(encoding="utf-8"))
        if entry is not None and entry.language == language and entry.status is EntryStatus.APPROVED:
            found[entry.slug] = entry.body
    return found


@pytest.mark.parametrize("language", list(MIDDLE_WORDS))
def test_each_language_has_its_site_words_and_entries(page, site: str, shop: Path, language: str) -> None:  # noqa: ANN001
    words = site_strings(language)
    page.goto(f"{site}{language}/")
    assert page.locator("html").get_attribute("lang") == language
    assert words("browse_by_topic") in page.locator("article").inner_text()
    assert page.get_by_role("link", name=words("contact_nav")).count() >= 1
    own = entries_in(shop, language)
    assert own, f"no approved {language} entry"
    links = page.locator("article .faq-topic a").evaluate_all("links => links.map(a => a.href)")
    assert any(f"/{language}/faq/" in href and any(slug in href for slug in own) for href in links), links


@pytest.mark.parametrize(("language", "word"), list(MIDDLE_WORDS.items()))
def test_a_word_from_the_middle_of_an_answer_finds_it(page, site: str, shop: Path, language: str, word: str) -> None:  # noqa: ANN001
    answering = [slug for slug, body in entries_in(shop, language).items() if word in body]
    assert answering, f"no {language} answer says {word!r}"
    top = search(page, f"{site}{language}/", word)
    assert any(slug in href for href in top for slug in answering), f"{word!r} -> {top}"


def test_the_language_selector_moves_between_twins(page, site: str, shop: Path) -> None:  # noqa: ANN001
    twins = {}
    for path in (shop / "faq").rglob("*.md"):
        entry, _ = parse_entry(path, path.read_text(encoding="utf-8"))
        if entry is not None and entry.language == "vi" and entry.translations.get("en"):
            twins[entry.slug] = (entry.path.parent.name, entry.translations["en"])
    assert twins, "mining proposed no Vietnamese twin of an English entry"
    slug, (category, english) = sorted(twins.items())[0]
    page.goto(f"{site}vi/faq/{category}/{slug}/")
    page.locator(".md-header__option .md-select button").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/faq/{category}/{english}/"), page.url
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select button").hover()
    page.locator('.md-select__link[hreflang="vi"]').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/vi/faq/{category}/{slug}/"), page.url


def test_a_portal_form_speaks_the_language(page, site: str) -> None:  # noqa: ANN001
    words = site_strings("bg")
    page.goto(f"{site}bg/portal/track-order/")
    page.locator("form[data-faq-portal] button[type=submit]").click()
    assert page.locator(".faq-form-status").inner_text() == words.js["check_many"].replace("{count}", "2")
    assert words.field("order_number")[0] in page.locator("form[data-faq-portal]").inner_text()


@pytest.mark.parametrize("path", ["", "faq/shipping/", "portal/track-order/", "contact/"])
def test_no_serious_accessibility_violation_in_vietnamese(page, site: str, path: str) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site}vi/{path}")
    found = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_no_serious_accessibility_violation_on_a_vietnamese_answer(page, site: str, shop: Path) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    slug = sorted(entries_in(shop, "vi"))[0]
    category = next((shop / "faq").rglob(f"{slug}.md")).parent.name
    page.goto(f"{site}vi/faq/{category}/{slug}/")
    found = Axe().run(page).response["violations"]
    assert [v["id"] for v in found if v["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize("language", ["en", "vi", "th"])
def test_screenshots_of_home_an_answer_and_a_portal_page(page, site: str, shop: Path, language: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = "" if language == "en" else f"{language}/"
    own = sorted(entries_in(shop, language)) if language != "en" else ["where-is-my-order"]
    category = next((shop / "faq").rglob(f"{own[0]}.md")).parent.name
    for path, name in [("", "home"), (f"faq/{category}/{own[0]}/", "answer"), ("portal/track-order/", "portal")]:
        page.goto(f"{site}{prefix}{path}")
        shot = ARTIFACTS / f"{language}-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
