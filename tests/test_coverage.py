"""Coverage: entries and ignored questions matched to question types by meaning, carried over, kept as windows move."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from faq_builder.coverage import mark_covered
from faq_builder.curation import Curation, IgnoredQuestion, save_curation
from faq_builder.mine import mine
from faq_builder.models import ClusterStatus, EntryStatus
from faq_builder.report import Coverage

from .conftest import FROZEN_NOW, ROOT, majority, mining_report, question_type, write_entry


def test_bundled_entries_show_as_covered(mined_report, intents) -> None:  # noqa: ANN001
    covered = {c.covered_by.slug: majority(c, intents) for c in mined_report.clusters if c.covered_by}
    assert covered == {
        "where-is-my-order": "where_is_my_order",
        "how-do-i-return-an-item": "return_item",
        "how-long-does-delivery-take": "delivery_time",
        "can-i-change-my-delivery-address": "change_address",
        "how-do-i-cancel-my-order": "cancel_order",
        "when-will-i-get-my-refund": "refund_status",
        "can-i-exchange-for-another-size": "exchange_size",
        "my-item-arrived-damaged": "damaged_item",
        "my-discount-code-does-not-work": "discount_code",
        "why-was-my-payment-declined": "payment_failed",
        "i-forgot-my-password": "account_password",
        "how-do-i-get-an-invoice": "invoice_vat",
    }
    assert all(c.status == "covered" for c in mined_report.clusters if c.covered_by)


def test_merged_and_retitled_entry_stays_covered_in_a_later_window(tmp_path: Path, shop_store: Path, intents) -> None:  # noqa: ANN001
    from faq_builder.content import load_entries, split_front_matter
    from faq_builder.curate import approve, merge
    from faq_builder.draft import draft_entries

    db, content = tmp_path / "tickets.sqlite3", tmp_path / "content"
    shutil.copy(shop_store, db)
    shutil.copytree(ROOT / "content", content)
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    drafted = draft_entries(report=report, db=db, content_dir=content)
    # An editor folds every draft about where an order is into the bundled entry, retitles it and approves it.
    by_slug = {c.covered_by.slug: c for c in report.clusters if c.covered_by}
    for path in drafted.created:
        meta, _ = split_front_matter(path.read_text(), path=path)
        clusters = [c for c in report.clusters if c.key in meta.get("cluster_keys", [])]
        if clusters and majority(clusters[0], intents) == "where_is_my_order":
            merge("where-is-my-order", path.stem, content_dir=content)
    path = content / "faq" / "shipping" / "where-is-my-order.md"
    path.write_text(path.read_text().replace("title: Where is my order?", "title: Where is my parcel?"))
    approve(["where-is-my-order"], content_dir=content, by="Sam", today=FROZEN_NOW.date())
    assert "where-is-my-order" in by_slug

    later = mine(db=db, until=FROZEN_NOW + timedelta(days=3), out=tmp_path / "reports", content_dir=content)
    again = draft_entries(report=later, db=db, content_dir=content)
    asked = [
        c
        for c in later.clusters
        if c.status != "incident" and majority(c, intents) == "where_is_my_order" and "en" in c.languages
    ]
    # Its main type is covered by the retitled entry, with its full count, and no piece of it is drafted again.
    assert (
        asked
        and asked[0].covered_by.slug == "where-is-my-order"
        and asked[0].tickets >= 0.8 * by_slug["where-is-my-order"].tickets * (later.tickets / report.tickets)
    )
    covering = [c for c in later.clusters if c.covered_by and c.covered_by.slug == "where-is-my-order"]
    entry = next(e for e in load_entries(content) if e.slug == "where-is-my-order")
    # Drafting also folds pieces it recognises by their wording into the entry (refreshed, not drafted again).
    assert entry.title == "Where is my parcel?" and entry.tickets >= sum(c.tickets for c in covering)
    drafted_keys = {key for p in again.created for key in split_front_matter(p.read_text(), path=p)[0]["cluster_keys"]}
    assert not [c for c in asked if c.key in drafted_keys]


def test_bundled_entries_stay_covered_when_the_window_moves(mined_shop: Path, mined_report, tmp_path: Path) -> None:  # noqa: ANN001
    """Each window mined into a folder of its own (nothing to carry over): coverage rests on meaning alone."""
    covered = {c.covered_by.slug for c in mined_report.clusters if c.covered_by}
    for minutes in (-30, -10, 10, 30):
        moved = mine(
            db=mined_shop / "tickets.sqlite3",
            until=FROZEN_NOW + timedelta(minutes=minutes),
            out=tmp_path / str(minutes),
            content_dir=mined_shop / "content",
        )
        assert {c.covered_by.slug for c in moved.clusters if c.covered_by} == covered


WHERE = [
    "Where is my parcel?",
    "where is my order",
    "My order has not arrived yet",
    "When will my parcel arrive?",
    "Where's my package?",
    "has my order shipped?",
]
PASSWORD = [
    "I forgot my password",
    "I can't log in to my account",
    "How do I reset my password?",
    "password reset link does not work",
    "locked out of my account",
]
PRIZE = ["Win a free iPhone now!", "Claim your prize today", "You have won a gift card, click here"]
#: A spike of declined payments (a provider outage, say): an entry means it, but an incident is fixed, not answered.
SPIKE = ["My payment was declined", "card declined at checkout", "why was my payment refused?", "payment failed again"]
SPONSOR = [
    "Do you sponsor local football clubs?",
    "Would you sponsor our youth team?",
    "sponsorship request for a charity run",
    "Can your shop sponsor our school fair?",
    "We are looking for sponsors for our club",
]


def test_entries_cover_and_ignored_questions_mark_question_types_by_meaning(content: Path) -> None:
    save_curation(content, Curation([IgnoredQuestion("other/old-spam", "Claim your free prize", ("You won a gift",))]))
    types = [
        question_type("payment/payment-declined", ClusterStatus.INCIDENT, SPIKE[0]),
        question_type("shipping/where-order", ClusterStatus.NEW, WHERE[0]),
        question_type("account/password", ClusterStatus.NEW, PASSWORD[0]),
        question_type("other/prize", ClusterStatus.NEW, PRIZE[0]),
        question_type("other/sponsor-team", ClusterStatus.NEW, SPONSOR[0]),
    ]
    mark_covered(types, [SPIKE, WHERE, PASSWORD, PRIZE, SPONSOR], content)
    assert [(t.status, t.covered_by and t.covered_by.slug) for t in types] == [
        (ClusterStatus.INCIDENT, None),  # incidents are left to be fixed
        (ClusterStatus.COVERED, "where-is-my-order"),
        (ClusterStatus.COVERED, "i-forgot-my-password"),
        (ClusterStatus.IGNORED, None),  # another key, the same meaning as the ignored question
        (ClusterStatus.NEW, None),  # no entry means this
    ]
    assert types[1].covered_by.title == "Where is my order?" and types[1].covered_by.status is EntryStatus.DRAFT


def test_a_retired_entry_still_matches(content: Path) -> None:
    path = content / "faq" / "account" / "i-forgot-my-password.md"
    path.write_text(path.read_text().replace("status: draft", "status: retired"))
    types = [question_type("account/password", ClusterStatus.NEW, PASSWORD[0])]
    mark_covered(types, [PASSWORD], content)
    assert types[0].status is ClusterStatus.RETIRED
    assert (types[0].covered_by.slug, types[0].covered_by.status) == ("i-forgot-my-password", EntryStatus.RETIRED)


@pytest.mark.parametrize(
    ("earlier_key", "earlier_entry", "shared", "covered"),
    [
        ("other/sponsor-club", None, ["1", "2", "3", "9"], 0.75),  # drafted for the earlier type (cluster_keys)
        ("other/clubs", "local-partnerships", ["1", "2", "3"], 0.75),  # covered by an entry merged into it
        ("other/sponsor-club", None, ["1", "2", "9"], None),  # half the tickets are no majority
    ],
)
def test_a_type_no_entry_means_keeps_the_entry_most_of_its_tickets_had(
    content: Path, earlier_key: str, earlier_entry: str | None, shared: list[str], covered: float | None
) -> None:
    text = "---\nid: community\ntitle: Our community programme\nstatus: approved\ncategory: other\n"
    text += "cluster_keys:\n  - other/sponsor-club\naliases:\n  - local-partnerships\n---\nWe support local teams.\n"
    write_entry(content, "other/community.md", text)
    coverage = earlier_entry and Coverage(earlier_entry, "Partnerships", EntryStatus.APPROVED, 0.9)
    earlier = mining_report(
        [question_type(earlier_key, ClusterStatus.NEW, "x", ticket_ids=shared, covered_by=coverage)]
    )
    types = [
        question_type("other/sponsor-team", ClusterStatus.NEW, SPONSOR[0], tickets=4, ticket_ids=["1", "2", "3", "4"])
    ]
    mark_covered(types, [SPONSOR], content, earlier=earlier)
    if covered is None:
        assert (types[0].status, types[0].covered_by) == (ClusterStatus.NEW, None)
    else:
        assert types[0].status is ClusterStatus.COVERED
        assert types[0].covered_by == Coverage("community", "Our community programme", EntryStatus.APPROVED, covered)
