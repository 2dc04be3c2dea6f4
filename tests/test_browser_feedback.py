"""The loop closed in a real browser: votes and searches without results on the built site reach a running
``faq-builder serve-api`` (across origins, as CORS allows) and show up in the next ``review`` and ``mine``."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.curate import approve
from faq_builder.mine import mine
from faq_builder.site import build_site
from faq_builder.store import TicketStore

from .conftest import CHROMIUM, FROZEN_NOW, ROOT
from .test_browser import search, serve

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="FAQ_BUILDER_SKIP_BROWSER is set")
#: What shoppers keep searching for in vain (no entry has these words).
SEARCHES = ["recycle old clothes", "recycling old clothes", "old clothes recycling"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310 - our own server on 127.0.0.1
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory, shop_store: Path) -> Iterator[tuple[str, Path, Path]]:
    """The sample site (its entries approved) posting feedback to a serve-api started on this machine:
    (the site's URL, the store, the content folder)."""
    folder = tmp_path_factory.mktemp("feedback-loop")
    db, content, site_dir = folder / "tickets.sqlite3", folder / "content", folder / "site"
    shutil.copy(shop_store, db)
    shutil.copytree(ROOT / "content", content)
    approve([p.stem for p in (content / "faq").rglob("*.md")], content_dir=content, by="Ed", today=FROZEN_NOW.date())
    site_dir.mkdir()
    served = serve(site_dir)
    site = next(served)
    api_port = _free_port()
    config = folder / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("https://northwind-outfitters.example/api/help-feedback", f"http://127.0.0.1:{api_port}/feedback")
        .replace("custom_dir: site_templates", f"custom_dir: {ROOT / 'site_templates'}"),
        encoding="utf-8",
    )
    build_site(config_file=config, content_dir=content, site_dir=site_dir, strict=True)
    api = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("faq-builder")),
            "serve-api",
            "--port",
            str(api_port),
            "--db",
            str(db),
            "--content",
            str(content),
            "--config",
            str(config),
            "--allow-origin",
            site.rstrip("/"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{api_port}/health")
        yield site, db, content
    finally:
        api.terminate()
        api.wait(timeout=20)
        served.close()


def test_votes_and_failed_searches_reach_the_api_and_the_next_review_and_mine(page, shop) -> None:  # noqa: ANN001
    site, db, content = shop
    started = datetime.now(UTC)
    answers: list[int] = []
    page.on("response", lambda response: answers.append(response.status) if "/feedback" in response.url else None)
    for _ in range(5):  # five shoppers found the answer unhelpful
        page.goto(site + "faq/shipping/where-is-my-order/")
        page.click("form.md-feedback button[data-md-value='0']")
        page.wait_for_timeout(300)
    for query in SEARCHES:
        assert search(page, site, query) == []
        page.wait_for_timeout(2000)  # reported after 1.5 s without results
    assert answers == [201] * (5 + len(SEARCHES))  # the browser's cross-origin posts were accepted

    with TicketStore.open_existing(db) as store:
        votes = store.votes_by_entry(since=started - timedelta(seconds=1))
        searched = [query for _when, query, _language in store.failed_searches_between(started, datetime.now(UTC))]
    assert (votes["where-is-my-order"].unhelpful, votes["where-is-my-order"].helpful) == (5, 0)
    assert searched == SEARCHES

    review = CliRunner().invoke(main, ["review", "--content", str(content), "--db", str(db)])
    assert "unhelpful  5 of 5   where-is-my-order  Where is my order?" in review.output.splitlines()

    report = mine(db=db, until=datetime.now(UTC) + timedelta(minutes=1), out=db.parent / "reports", content_dir=content)
    (from_search,) = [cluster for cluster in report.clusters if cluster.from_search]
    assert from_search.searches == 3 and from_search.status == "new"
    saved = json.loads(Path(report.json_path or "").read_text(encoding="utf-8"))
    assert saved["searches"] == 3
