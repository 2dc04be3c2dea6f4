"""Shared test data and fixtures: the frozen clock, the sample shop (store, mined report, writable copy), entries."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faq_builder.ingest import ingest
from faq_builder.models import Category, ClusterStatus, Trend
from faq_builder.report import SCHEMA_VERSION, MiningReport, QuestionCluster
from faq_builder.sample import write_sample
from faq_builder.sample.generator import SampleSummary

FROZEN_NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
TODAY = FROZEN_NOW.date()
FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
#: The sample shop that mining and drafting tests share (ticket ids are the generator's ids).
SHOP = {"count": 1500, "days": 28, "seed": 5, "until": FROZEN_NOW}
SHOP_LANGUAGES = ["en", "vi", "th", "bg", "zh-TW"]  # as in mkdocs.yml
#: Debian's Chromium, driven by Playwright in the browser tests (no browser download).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium for one test module (Playwright is imported only by the browser tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def browser_locale() -> str:
    """The shopper's browser language; a module testing another one overrides this fixture."""
    return "en-GB"


@pytest.fixture()
def page(browser, browser_locale: str):  # noqa: ANN001, ANN201
    """A fresh page from which no request may leave the machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=browser_locale)
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleSummary:
    """A small sample shop export (all formats), written once per test session."""
    return write_sample(tmp_path_factory.mktemp("sample"), tickets=400, days=28, seed=11, until=FROZEN_NOW)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "tickets.sqlite3"


@pytest.fixture(scope="session")
def shop_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ticket store holding the sample shop (written once per session; copy it before writing to it)."""
    folder = tmp_path_factory.mktemp("shop-store")
    sample = write_sample(folder / "sample", tickets=SHOP["count"], days=28, seed=5, until=FROZEN_NOW)
    ingest([sample.files["csv"]], db=folder / "tickets.sqlite3", languages=SHOP_LANGUAGES)
    return folder / "tickets.sqlite3"


@pytest.fixture(scope="session")
def mined_shop(tmp_path_factory: pytest.TempPathFactory, shop_store: Path) -> Path:
    """The sample shop's store and a copy of the bundled content/, shared read-only by the whole session.

    Tests mine it into folders of their own; a test that writes to the store or content uses ``shop`` instead.
    """
    folder = tmp_path_factory.mktemp("mined-shop")
    shutil.copy(shop_store, folder / "tickets.sqlite3")
    shutil.copytree(ROOT / "content", folder / "content")
    return folder


@pytest.fixture(scope="session")
def mined_report(mined_shop: Path):  # noqa: ANN201
    """The report of the sample shop's last 14 days to FROZEN_NOW (mined once per session, in ``reports/``)."""
    from faq_builder.mine import mine

    return mine(
        db=mined_shop / "tickets.sqlite3",
        until=FROZEN_NOW,
        out=mined_shop / "reports",
        content_dir=mined_shop / "content",
    )


@pytest.fixture(scope="session")
def intents() -> dict[str, str]:
    """The sample shop's true question type (the generator's intent) of each ticket id."""
    from faq_builder.sample.generator import generate_tickets

    return {str(t.id): t.intent for t in generate_tickets(**SHOP)}  # type: ignore[arg-type]


def majority(cluster, intents: dict[str, str]) -> str:  # noqa: ANN001
    """The true question type most of a mined question type's tickets have."""
    return Counter(intents[i] for i in cluster.ticket_ids).most_common(1)[0][0]


@pytest.fixture()
def shop(tmp_path: Path, shop_store: Path) -> Path:
    """A writable copy of the sample shop's store and of the bundled content/, in the test's own folder."""
    shutil.copy(shop_store, tmp_path / "tickets.sqlite3")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def in_english(paths: list[Path]) -> list[Path]:
    """The drafts among ``paths`` written in English (drafting takes the top questions of each language)."""
    return [p for p in paths if "\nlanguage: en\n" in p.read_text(encoding="utf-8")]


def mine_and_draft(shop: Path, *, until: datetime = FROZEN_NOW, top: int = 10):  # noqa: ANN201
    """Mine ``shop`` (a folder as the ``shop`` fixture gives) into its reports/ and draft from the report."""
    from faq_builder.draft import draft_entries
    from faq_builder.mine import mine

    report = mine(db=shop / "tickets.sqlite3", until=until, out=shop / "reports", content_dir=shop / "content", top=top)
    return report, draft_entries(report=report, db=shop / "tickets.sqlite3", content_dir=shop / "content")


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """A writable copy of the bundled content/."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


#: A valid FAQ entry; fill in ``slug`` and ``status``.
GOOD = """---
id: {slug}
title: How long does delivery take?
status: {status}
category: shipping
---
Standard delivery takes 2-4 working days.
"""

#: Titles with personal data in them, and the kind each holds: ``check`` flags them and ``approve`` refuses them.
PERSONAL_TITLES = [
    ("Can you help me get the invoices from Anna Freeman?", "name"),
    ("Cancel purchase 732201349959?", "order number"),
    ("Where is nw-902020?", "order number"),
    ("Thanks, my name is will", "name"),
]


def write_entry(content: Path, relative: str, text: str) -> Path:
    """Write ``text`` as the entry ``content/faq/<relative>``."""
    path = content / "faq" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def question_type(key: str, status: ClusterStatus, question: str, **fields: object) -> QuestionCluster:
    """A hand-made mined question type (``key`` is ``<category>/<words>``), plain defaults for what a test ignores."""
    values: dict = {
        "key": key,
        "rank": 1,
        "status": status,
        "canonical_question": question,
        "variants": [question],
        "keywords": key.split("/")[1].split("-"),
        "category": Category(key.split("/")[0]),
        "tickets": 5,
        "share": 0.1,
        "customers": 5,
        "channels": {"email": 5},
        "languages": {"en": 5},
        "off_hours_share": 0.0,
        "previous_tickets": 5,
        "trend": Trend.FLAT,
        "trend_ratio": None,
        "peak_days": [],
        "ticket_ids": ["1", "2", "3", "4", "5"],
    }
    return QuestionCluster(**{**values, **fields})  # type: ignore[arg-type]


def mining_report(clusters: list[QuestionCluster], **fields: object) -> MiningReport:
    """A hand-made report of the 14 days to FROZEN_NOW holding ``clusters``."""
    values: dict = {
        "schema_version": SCHEMA_VERSION,
        "until": "2026-11-23T18:00:00+00:00",
        "window": {"start": "2026-11-09T18:00:00+00:00", "end": "2026-11-23T18:00:00+00:00", "days": 14},
        "previous_window": {"start": "2026-10-26T18:00:00+00:00", "end": "2026-11-09T18:00:00+00:00"},
        "support_hours": "Mon,Tue,Wed,Thu,Fri 09:00-17:00 Europe/Berlin",
        "tickets": sum(c.tickets for c in clusters),
        "previous_tickets": sum(c.previous_tickets for c in clusters),
        "clustered_tickets": sum(c.tickets for c in clusters),
        "top": 10,
        "min_tickets": 3,
    }
    return MiningReport(**{**values, **fields}, clusters=clusters)  # type: ignore[arg-type]


def mined_content(folder: Path, shop_store: Path) -> Path:
    """A copy of the bundled content after mining and drafting the sample shop's last 14 days (in ``folder``)."""
    from faq_builder.draft import draft_entries
    from faq_builder.mine import mine

    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    db = folder / "tickets.sqlite3"
    shutil.copy(shop_store, db)
    report = mine(db=db, until=FROZEN_NOW, out=folder / "reports", content_dir=content)
    draft_entries(report=report, db=db, content_dir=content)
    return content


def store_tickets(db: Path, tickets: list) -> None:
    """Write hand-made ``Ticket`` objects to a store as one ingest run."""
    from faq_builder.store import TicketStore

    with TicketStore(db) as store, store.transaction():
        run = store.start_run(file="test", format="csv", source="test")
        store.upsert(list(enumerate(tickets)), run_id=run, file="test")
