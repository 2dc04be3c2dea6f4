from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from faq_builder.sample import write_sample
from faq_builder.sample.generator import SampleSummary

FROZEN_NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleSummary:
    """A small sample shop export (all formats), written once per test session."""
    return write_sample(tmp_path_factory.mktemp("sample"), tickets=400, days=28, seed=11, until=FROZEN_NOW)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "tickets.sqlite3"
