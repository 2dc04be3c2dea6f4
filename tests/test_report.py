"""Mining reports: ticket text kept inert in the Markdown view."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from faq_builder.mine import mine
from faq_builder.models import Channel, Ticket
from faq_builder.report import _md

from .conftest import FROZEN_NOW, store_tickets


def test_ticket_text_is_inert_in_markdown(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    hostile = "<script>alert(1)</script> | {{ config }} [link](http://x) where is my **order**?"
    store_tickets(
        db,
        [
            Ticket(
                source="csv",
                external_id=str(i),
                created_at=FROZEN_NOW - timedelta(days=1, hours=i),
                body=hostile,
                channel=Channel.CHAT,
            )
            for i in range(4)
        ],
    )
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "r", content_dir=tmp_path / "none")
    text = Path(report.markdown_path).read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "](http" not in text and "\\*\\*order\\*\\*" in text
    assert _md("a|b") == "a\\|b"
