from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from faq_builder.ingest import ingest
from faq_builder.sample import write_sample
from faq_builder.sample.generator import SampleSummary

FROZEN_NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
#: The sample shop that mining and drafting tests share (ticket ids are the generator's ids).
SHOP = {"count": 1500, "days": 28, "seed": 5, "until": FROZEN_NOW}
SHOP_LANGUAGES = ["en", "vi", "th", "bg", "zh"]


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


def mined_content(folder: Path, shop_store: Path) -> Path:
    """A copy of the bundled content after mining and drafting the sample shop's last 14 days (in ``folder``)."""
    import shutil

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
