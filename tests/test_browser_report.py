"""The support report in headless Chromium: opens from disk without errors or requests, readable on a phone, no PII."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from faq_builder.kpis import support_report, write_support_report
from faq_builder.models import Channel, Status, Ticket
from faq_builder.sample.generator import generate_tickets
from faq_builder.settings import load_settings

from .conftest import FROZEN_NOW, ROOT, SHOP, store_tickets

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, mined_shop: Path, mined_report) -> list[Path]:  # noqa: ANN001
    """The sample shop's report (its mining report, the demo's settings), with hostile text in tickets."""
    folder = tmp_path_factory.mktemp("support-report")
    db = folder / "tickets.sqlite3"
    shutil.copy(mined_shop / "tickets.sqlite3", db)
    hostile = [
        Ticket(
            source="hostile",
            external_id=f"h{number}",
            created_at=FROZEN_NOW - timedelta(days=1, minutes=number),
            body=f"Question {HOSTILE}",
            channel=Channel.CHAT,
            agent_replies=(f"{HOSTILE} Thanks for your patience.",),
            first_response_at=FROZEN_NOW - timedelta(days=1),
            status=Status.SOLVED,
            product=HOSTILE,
        )
        for number in range(60)  # enough to be the top product and template
    ]
    store_tickets(db, hostile)
    settings = load_settings(ROOT / "mkdocs.yml").portal
    report = support_report(
        db=db,
        until=FROZEN_NOW,
        reports=mined_shop / "reports",
        content_dir=mined_shop / "content",
        hours=settings.hours,
        products=settings.products,
        redactor=settings.redactor(),
    )
    return write_support_report(report, out=folder / "out")


def test_opens_without_errors_or_requests(written: list[Path], page, mined_report) -> None:  # noqa: ANN001
    html = written[0]
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog {dialog.message}"))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html.as_uri())
    assert errors == []
    assert requests == [html.as_uri()]  # one self-contained file: no script, font, image or style fetched
    assert page.evaluate("window.pwned") is None
    assert page.locator("h1").inner_text().startswith("Support report: 9 Nov – 23 Nov 2026")
    incidents = page.locator(".incident h3").all_inner_texts()
    assert incidents == [cluster.canonical_question for cluster in mined_report.incidents]
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 6
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 40
    assert "<script>window.pwned = 1</script>" in page.locator("blockquote").all_inner_texts()[0]  # shown as text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "support-report.png"), full_page=True)
    assert (ARTIFACTS / "support-report.png").stat().st_size > 50_000


def test_readable_on_a_phone(written: list[Path], page) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(written[0].as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the screen
    assert page.locator(".card .value").first.bounding_box()["width"] > 50  # type: ignore[index]
    page.screenshot(path=str(ARTIFACTS / "support-report-phone.png"), full_page=True)


def test_prints(written: list[Path], page) -> None:  # noqa: ANN001
    page.goto(written[0].as_uri())
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_no_personal_data(written: list[Path]) -> None:
    """Names, emails, phone and card numbers, addresses and order numbers of the sample tickets reach no file."""
    injected = {value for sample in generate_tickets(**SHOP) for value in sample.pii if len(value) > 4}  # type: ignore[arg-type]
    assert len(injected) > 100
    for path in written:
        text = path.read_text(encoding="utf-8")
        leaked = sorted(value for value in injected if value in text)
        assert leaked == [], path.name
