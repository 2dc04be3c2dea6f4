"""Drafting from a mining report: answers from agents' replies, no personal data, editors' text never clobbered."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import markdown
import pytest

from faq_builder.content import DRAFT_MARKER, escape_markdown, parse_entry, split_front_matter
from faq_builder.curate import approve
from faq_builder.draft import (
    MAX_SLUG,
    NEUTRAL,
    _slug,
    answer_text,
    draft_entries,
    follow_shop_facts,
    general_text,
    narrates_case,
    neutral_wording,
)
from faq_builder.mine import mine
from faq_builder.models import Channel, ClusterStatus, Status, Ticket
from faq_builder.privacy import PLACEHOLDERS, Redactor
from faq_builder.report import Twin, load_report
from faq_builder.sample.generator import PHRASES, generate_tickets
from faq_builder.store import TicketStore

from .conftest import FROZEN_NOW, ROOT, SHOP, TODAY, in_english, mine_and_draft, question_type, store_tickets


def answered(questions: list[str], replies: list[str], *, count: int, every_hours: int) -> list[Ticket]:
    """``count`` solved email tickets, one every ``every_hours`` back from now, cycling through the texts."""
    return [
        Ticket(
            source="test",
            external_id=f"T{i:03d}",
            created_at=FROZEN_NOW - timedelta(hours=every_hours * i + 1),
            body=questions[i % len(questions)],
            channel=Channel.EMAIL,
            agent_replies=(replies[i % len(replies)],),
            status=Status.SOLVED,
            customer_key=f"c{i}",
        )
        for i in range(count)
    ]


def draft_one(
    folder: Path, asks: list[str], replies: list[str], *, count: int, every_hours: int, shop: dict | None = None
) -> Path:
    """Mine and draft hand-made answered tickets in ``folder``; the one entry drafted."""
    db, content = folder / "t.sqlite3", folder / "content"
    store_tickets(db, answered(asks, replies, count=count, every_hours=every_hours))
    report = mine(db=db, until=FROZEN_NOW, out=folder / "reports", content_dir=content)
    (path,) = draft_entries(report=report, db=db, content_dir=content, shop=shop).created
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_top_ten_new_questions_drafted_from_agent_replies(shop: Path) -> None:
    report, result = mine_and_draft(shop)
    english = in_english(result.created)
    assert len(english) == 10  # and the top questions of each other language (below)
    new = [c for c in report.clusters if c.status == "new" and c.language == "en"][:10]
    others = {c.language for c in report.clusters if c.status == "new" and c.language != "en"}
    assert len(result.created) - len(english) >= len(others) > 0
    redactor = Redactor()
    with TicketStore(shop / "tickets.sqlite3") as store:
        for cluster, path in zip(new, english, strict=True):
            entry, problems = parse_entry(path, path.read_text())
            assert entry is not None and problems == []
            assert entry.status == "draft" and entry.body.startswith(DRAFT_MARKER)
            assert entry.title == neutral_wording(cluster.canonical_question)
            assert path.parent.name == cluster.category and entry.tickets == cluster.tickets
            answer = entry.body.split("-->", 1)[1].strip()
            tickets = store.by_external_ids(cluster.ticket_ids)
            replies = [answer_text(t.first_agent_reply, redactor) for t in tickets if t.first_agent_reply]
            general = {escape_markdown(general_text(r) if narrates_case(r) else r) for r in replies}
            if "No agent reply" in entry.body:
                assert all(len(text.split()) < 4 for text in general)  # every reply was about one case
            else:
                assert answer in general


def test_drafts_contain_no_personal_data(shop: Path) -> None:
    _, result = mine_and_draft(shop)
    text = "\n".join(p.read_text() for p in shop.joinpath("content").rglob("*.md"))
    injected = {p for t in generate_tickets(**SHOP) for p in t.pii if len(p) > 4}  # type: ignore[arg-type]
    assert {p for p in injected if p in text} == set()
    assert not any(f" {agent}" in text or f"\n{agent}" in text for agent in PHRASES.AGENTS)
    assert "{" not in "".join(
        p.read_text().split("-->", 1)[1] for p in result.created if "No agent" not in p.read_text()
    )


def test_running_again_on_the_same_window_drafts_nothing_more(shop: Path) -> None:
    mine_and_draft(shop)
    before = snapshot(shop / "content")
    _, again = mine_and_draft(shop)
    assert again.created == [] and again.updated == []
    assert snapshot(shop / "content") == before


def test_drafting_twice_from_the_same_report_drafts_nothing_more(shop: Path) -> None:
    """The report predates its drafts, so its questions still read `new`: the entries drafted from it answer them."""
    from click.testing import CliRunner

    from faq_builder.cli import main

    report = mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")
    draft = ["draft", "--from", str(report.json_path), "--db", str(shop / "tickets.sqlite3")]
    draft += ["--content", str(shop / "content")]
    first = CliRunner().invoke(main, draft)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1].startswith("16 new drafts")  # the top 10 in English, 6 in other languages
    before = snapshot(shop / "content")
    again = CliRunner().invoke(main, draft)
    assert again.exit_code == 0, again.output
    assert again.output == "0 new drafts, 0 entries refreshed; review them with: faq-builder review\n"
    assert snapshot(shop / "content") == before

    # An entry that no longer remembers the key is still recognised by the customers' wording of its title.
    drafted = next(p for p in sorted((shop / "content").rglob("*.md")) if f"drafted  {p}\n" in first.output)
    text = drafted.read_text()
    drafted.write_text(text.replace(text[text.index("cluster_keys:") : text.index("---\n\n")], ""))
    result = draft_entries(report=report.json_path, db=shop / "tickets.sqlite3", content_dir=shop / "content")
    assert result.created == [] and result.updated == [drafted]
    assert "cluster_keys:" in drafted.read_text()


#: Sentences an agent writes about one customer's case, and general ones a help page can say to everyone.
NARRATING = [
    "I've refunded the duplicate payment.",
    "I have issued a full refund to your card.",
    "I've opened an investigation with the carrier.",
    "We have sent you a new return label.",
    "I've updated your order with the new address.",
    "The correct item ships today.",
    "I can see your order in our system.",
    "Your order #48213 has left our warehouse.",
    "Your order {order_number} has shipped.",
    "We received your return and the refund was issued today.",
    "I'm processing your refund now.",
    "We are sending a replacement by express.",
    "I'll send you a prepaid label.",
    "Your account has been deleted.",
    "I checked your order: it is in transit.",
    "Unfortunately your order has already shipped, so we can't cancel it anymore.",
    "Your parcel is with the carrier and should be with you within 1-2 working days.",
]
GENERAL = [
    "Deliveries usually take 2-4 working days within the EU.",
    "If your order has not shipped yet we can still change the address.",
    "Once we have received your return, we refund you within 5 working days.",
    "When your order has shipped, you get an email with the tracking link.",
    "Refunds are issued within 5 working days after the parcel reaches us.",
    "You can return any unworn item within 30 days of delivery.",
    "Orders placed before 2 pm on a working day ship the same day.",
    "If it has not arrived within 5 working days, just reply and we will open an investigation with the carrier.",
    "We have a 30-day return policy.",
    "Your order has to be unworn and in its original packaging.",
    "We expect new stock in 2-3 weeks.",
]


@pytest.mark.parametrize(("sentence", "narrates"), [(s, True) for s in NARRATING] + [(s, False) for s in GENERAL])
def test_case_narration_is_told_from_general_answers(sentence: str, narrates: bool) -> None:
    assert narrates_case(sentence) is narrates


def test_general_text_keeps_what_holds_for_every_order() -> None:
    reply = "You were charged twice - I've refunded the duplicate payment. Refunds take 5 working days.\n\nSorry!"
    assert general_text(reply) == "Refunds take 5 working days."
    assert general_text("Apologies for the mix-up! The correct item ships today.") == ""


def test_sample_drafts_answer_every_shopper_not_one_case(shop: Path) -> None:
    _, result = mine_and_draft(shop)
    notes, answers = zip(*(p.read_text().split("---\n\n", 1)[1].split("-->", 1) for p in result.created), strict=True)
    assert [a for a in answers if narrates_case(a)] == []
    alternatives = [line for note in notes for line in note.splitlines() if line[:3] in ("1. ", "2. ", "3. ")]
    assert len(alternatives) >= 5 and not any(narrates_case(line) for line in alternatives)
    assert sum("Other ways agents answered" in note for note in notes) >= 4


def test_editor_edits_survive_remining_byte_for_byte(shop: Path) -> None:
    _, first = mine_and_draft(shop)
    path = first.created[0]
    meta, _ = split_front_matter(path.read_text(), path=path)
    edited_title = f"{meta['title'].rstrip('?')}? (Edited by Sam)"
    quoted = "'" + edited_title.replace("'", "''") + "'"  # as an editor writes it in YAML (the title may hold a ')
    edited_body = "Our **own** answer, written by an editor.\n\nAsk us anytime.\n"
    text = path.read_text().replace(f"title: {meta['title']}", f"title: {quoted}")
    path.write_text(text.split("---\n\n", 1)[0] + "---\n\n" + edited_body)
    approve([path.stem], content_dir=shop / "content", by="Sam", today=TODAY)
    approved = path.read_text()

    later = FROZEN_NOW + timedelta(days=2)
    report, _ = mine_and_draft(shop, until=later)
    after = path.read_text()
    entry, _ = parse_entry(path, after)
    assert entry is not None
    assert after.endswith("---\n\n" + edited_body)
    assert f"title: {quoted}\n" in after and entry.title == edited_title
    assert entry.status == "approved" and entry.reviewed_by == "Sam"
    assert entry.last_mined == later.date()
    covering = [c for c in report.clusters if c.covered_by and c.covered_by.slug == path.stem]
    assert covering and entry.tickets == sum(c.tickets for c in covering) != meta["tickets"]
    unchanged = [line for line in approved.split("\n") if not line.startswith(("tickets:", "last_mined:", "trend:"))]
    assert all(line in after.split("\n") for line in unchanged)


def test_a_failure_midway_leaves_content_as_it_was(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")
    before = snapshot(shop / "content")
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):  # noqa: ANN001, ANN202
        calls.append(dst)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        draft_entries(report=report, db=shop / "tickets.sqlite3", content_dir=shop / "content")
    monkeypatch.undo()
    assert len(calls) > 4  # three files were in place and were put back
    assert snapshot(shop / "content") == before


HOSTILE = [
    "<script>alert('x')</script> where is my order??",
    "{{ config.site_name }} {% include 'x' %} where is my order",
    "---\ntitle: hacked\n---\nwhere is my order",
    "[click](javascript:alert(1)) where is my order?",
    "where is my order <img src=x onerror=alert(1)>",
]


def test_hostile_ticket_text_is_literal_in_drafts(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    reply = (
        "<b>Hi</b> {{ secrets }} {% raw %}\n---\n# Heading\n"
        "Your order ships <script>x()</script> today, see [x](javascript:y)."
    )
    store_tickets(db, answered(HOSTILE, [reply], count=30, every_hours=11))
    content = tmp_path / "content"
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    result = draft_entries(report=report, db=db, content_dir=content)
    assert result.created
    for path in result.created:
        text = path.read_text()
        entry, problems = parse_entry(path, text)
        assert entry is not None and problems == []
        assert text.split("\n").count("---") == 2 and text.startswith("---\n")
        html = markdown.markdown(entry.body.split("-->", 1)[1])
        assert "<script" not in html and "<img" not in html and "<b>" not in html and "<h1" not in html
        assert 'href="javascript' not in html and "<hr" not in html
        assert "{{" not in entry.body.split("-->", 1)[1] and "{%" not in entry.body.split("-->", 1)[1]
        assert "&lt;script&gt;" in html


def test_delivery_time_that_contradicts_the_shop_settings_quotes_the_setting(tmp_path: Path) -> None:
    asks = ["How long does delivery take?", "how many days does shipping take to Berlin?"]
    reply = "Hi Anna,\n\nstandard delivery takes 1-2 working days within the EU. Express is next day.\n\nBest,\nAlex"
    shop = {"standard_delivery_days": "2-4", "return_window_days": "30"}
    path = draft_one(tmp_path, asks, [reply], count=12, every_hours=27, shop=shop)
    note, answer = path.read_text().split("---\n\n", 1)[1].split("-->", 1)
    assert answer.strip() == (
        "Standard delivery takes {{ shop.standard_delivery_days }} working days within the EU. Express is next day."
    )
    assert "Agents wrote 1-2 where the shop settings say standard_delivery_days: 2-4" in note


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Delivery takes 2 to 4 working days.", "Delivery takes {{ shop.standard_delivery_days }} working days."),
        ("Outside the EU delivery takes 5-10 working days.", "Outside the EU delivery takes 5-10 working days."),
        ("Express delivery takes 1 working day.", "Express delivery takes 1 working day."),
        ("If it has not arrived within 5 working days, reply.", "If it has not arrived within 5 working days, reply."),
        ("Returns are free within 14 days.", "Returns are free within {{ shop.return_window_days }} days."),
        ("Refunds come within 5 working days of your return.", "Refunds come within 5 working days of your return."),
        ("Free shipping on orders over €40.", "Free shipping on orders over {{ shop.free_shipping_threshold }}."),
        ("Free shipping on orders over £30.", "Free shipping on orders over £30."),
    ],
)
def test_only_phrases_stating_a_configured_fact_become_placeholders(sentence: str, expected: str) -> None:
    shop = {"standard_delivery_days": "2-4", "return_window_days": "30", "free_shipping_threshold": "€50"}
    assert follow_shop_facts(sentence, shop)[0] == expected


def test_draft_note_offers_other_common_replies_and_stays_one_comment(tmp_path: Path) -> None:
    asks = ["How long does delivery take?", "how many days does shipping take?"]
    replies = [
        "Hi, standard delivery takes 2-4 working days within the EU. Orders before 2 pm ship the same day.",
        "Hi, standard delivery takes 2-4 working days within the EU. Orders before 2 pm ship the same day.",
        "Hello, parcels --> <b>leave our warehouse</b> --!> within a day, and tracking follows by email.",
        "Hi, I've refunded your shipping costs. Express orders arrive on the next working day, at no extra cost.",
    ]
    path = draft_one(tmp_path, asks, replies, count=24, every_hours=13)
    entry, _ = parse_entry(path, path.read_text())
    assert entry is not None and entry.body.count("-->") == 1 and entry.body.count("<!--") == 1
    note, answer = entry.body.split("-->", 1)
    assert answer.strip() == (
        "Standard delivery takes 2-4 working days within the EU. Orders before 2 pm ship the same day."
    )
    assert "6 of them reported what was done on one order" in note
    offered = note.splitlines()[-3:]
    assert offered[0] == "Other ways agents answered (swap one in if it serves shoppers better):"
    assert sorted(line[3:] for line in offered[1:]) == [
        "Express orders arrive on the next working day, at no extra cost.",  # the refund on one order left out
        "Parcels --&gt; &lt;b&gt;leave our warehouse&lt;/b&gt; --\\!&gt; within a day, and tracking follows by email.",
    ]
    html = markdown.markdown(entry.body)
    assert html.startswith("<!-- faq-builder:draft") and html.count("-->") == 1
    assert "<b>" not in html and "warehouse" not in html.split("-->", 1)[1]


def test_every_placeholder_has_neutral_wording() -> None:
    assert set(NEUTRAL) | {"{name}"} == set(PLACEHOLDERS.values())
    assert neutral_wording("I checked your order {order_number} and emailed {email}, {name}.") == (
        "I checked your order and emailed your email address."
    )


def test_answer_text_drops_greeting_names_and_sign_off() -> None:
    reply = (
        "Hi Anna,\n\nyour parcel ships today from order #48213.\n\nBest regards,\nAlex | Northwind Outfitters Support"
    )
    assert answer_text(reply, Redactor()) == "Your parcel ships today from order."


def test_slugs_are_unique_and_stable_ids(shop: Path) -> None:
    _, result = mine_and_draft(shop)
    stems = [p.stem for p in result.created]
    assert len(set(stems)) == len(stems)
    assert all(parse_entry(p, p.read_text())[0].id == p.stem for p in result.created)
    assert all(len(s) <= 60 and s == s.lower() for s in stems)


def test_draft_command_reads_the_newest_report(shop: Path) -> None:
    from click.testing import CliRunner

    from faq_builder.cli import main

    mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")
    common = ["--db", str(shop / "tickets.sqlite3"), "--content", str(shop / "content")]
    result = CliRunner().invoke(main, ["draft", "--reports", str(shop / "reports"), "--top", "3", *common])
    assert result.exit_code == 0, result.output
    # The top 3 of each language: 3 in English, 6 in the sample's other languages.
    assert result.output.splitlines()[-1] == "9 new drafts, 12 entries refreshed; review them with: faq-builder review"
    missing = CliRunner().invoke(main, ["draft", "--reports", str(shop / "nowhere"), *common])
    assert missing.exit_code == 1
    assert missing.output == (
        f"Error: {shop / 'nowhere'}: no questions-<date>.json report; run 'faq-builder mine' first\n"
    )


GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def test_drafted_entry_matches_golden_file(tmp_path: Path) -> None:
    """The whole generated file, byte for byte (FAQ_BUILDER_UPDATE_GOLDEN=1 rewrites it after a deliberate change)."""
    asks = ["Hi, where is my parcel? Order #55123", "where is my parcel??"]
    replies = [
        "Hi Anna,\n\nyour parcel left our warehouse today; track it with your order number.\n\nBest regards,\nAlex",
        "Hello Ben, parcels are with the carrier within a day and arrive in 2-4 working days. Thanks, Jamie",
        "Hi, you can follow every parcel on our tracking page with your order number and email.\n\nKind regards,\nAlex",
    ]
    path = draft_one(tmp_path, asks, replies, count=12, every_hours=27, shop={"standard_delivery_days": "2-4"})
    golden = GOLDEN / "drafted-entry.md"
    if os.environ.get("FAQ_BUILDER_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(path.read_text())
    assert path.relative_to(tmp_path / "content").as_posix() == "faq/shipping/where-is-my-parcel.md"
    assert path.read_text() == golden.read_text()


LEAKY_QUESTIONS = [
    "Can you help me cancel order nw-902020?",
    "I want help cancelling purchase 732201349959?",
    "Hi, my name is will. How do I cancel order Nw902020?",
    "Can ya help me cancel the order from Anna Freeman?",
    "How do I cancel my order?\n\nBest,\nDr. Emily Clark",
    "Please cancel order NW-902021, Bestellnummer 123456",
]
LEAKS = ["902020", "902021", "732201349959", "123456", "name is will", "Anna", "Freeman", "Emily", "Clark", "Morgan"]


def test_order_ids_and_names_never_reach_report_draft_or_site(tmp_path: Path) -> None:
    from faq_builder.site import build_site

    db, content = tmp_path / "tickets.sqlite3", tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "faq" / "orders" / "how-do-i-cancel-my-order.md").unlink()  # the question is new to this shop
    reply = "Hi Anna, you can cancel any order that has not shipped from your account page. Best, Morgan"
    store_tickets(db, answered(LEAKY_QUESTIONS, [reply], count=36, every_hours=5))
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    drafted = draft_entries(report=report, db=db, content_dir=content)
    assert drafted.created
    for path in drafted.created:  # the editor reads the draft, deletes the note and approves it
        path.write_text(re.sub(r"<!-- faq-builder:draft.*?-->\n*", "", path.read_text(), flags=re.S))
    approve([p.stem for p in drafted.created], content_dir=content, by="Sam", today=TODAY)
    site = build_site(config_file=ROOT / "mkdocs.yml", content_dir=content, site_dir=tmp_path / "site")
    written = [Path(report.json_path).read_text(), Path(report.markdown_path).read_text()]
    written += [p.read_text() for p in drafted.created]
    written += [p.read_text(errors="replace") for p in site.site_dir.rglob("*") if p.suffix in (".html", ".json")]
    found = {leak for leak in LEAKS for text in written if re.search(rf"(?i)\b{leak}\b", text)}
    assert found == set()


def test_two_drafting_runs_at_once_draft_each_question_once(shop: Path) -> None:
    from faq_builder.mine import mine

    report = mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")
    before = set((shop / "content").rglob("*.md"))
    command = [
        str(Path(sys.executable).parent / "faq-builder"),
        "draft",
        "--from",
        str(report.json_path),
        "--db",
        str(shop / "tickets.sqlite3"),
        "--content",
        str(shop / "content"),
        "--config",
        str(ROOT / "mkdocs.yml"),
    ]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    drafted = set((shop / "content").rglob("*.md")) - before
    titles = [split_front_matter(p.read_text(), path=p)[0]["title"] for p in drafted]
    assert len(drafted) == 16 and len(set(titles)) == 16  # the top 10 in English, 6 in other languages
    assert sorted(out.count("drafted ") for out, _err in outputs) == [0, 16]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("จะได้รับเงินคืนเมื่อไหร่คะ", "chaaidrabenginkhuenemueoaihrkha"),  # Thai writes no spaces: one word
        ("我的訂單在哪裡？", "wo-de-ding-dan-zai-na-li"),  # pinyin, a word per character
        ("Къде е поръчката ми?", "kde-e-porchkata-mi"),
        ("Đơn hàng của tôi đang ở đâu?", "don-hang-cua-toi-dang-o-dau"),
        ("Where's my order?", "where-s-my-order"),
        ("Refund?", "refunds-question-d1f9ac"),  # too little to read: the category and a hash of the key
    ],
)
def test_slugs_are_readable_in_every_script(title: str, slug: str) -> None:
    cluster = question_type("refunds/x", ClusterStatus.NEW, title)
    assert _slug(title, cluster, lambda _slug: False) == slug


def test_transliterated_slugs_are_capped_and_unique() -> None:
    title = "請問我的包裹什麼時候會到？我還沒收到訂單，訂單已經出貨了嗎？請問要怎麼退貨？"
    cluster = question_type("shipping/x", ClusterStatus.NEW, title)
    first = _slug(title, cluster, lambda _slug: False)
    assert first.startswith("qing-wen-wo-de-bao-guo") and len(first) <= MAX_SLUG
    assert _slug(title, cluster, {first}.__contains__) == f"{first}-2"
    thai = "ยังไม่ได้รับเงินคืนเลยครับ" * 5
    assert len(_slug(thai, question_type("refunds/x", ClusterStatus.NEW, thai), lambda _slug: False)) == MAX_SLUG


def test_a_twin_is_named_after_the_entry_it_translates() -> None:
    cluster = question_type("refunds/x", ClusterStatus.NEW, "我的退款什麼時候會到？", languages={"zh-TW": 5})
    twin = Twin("en", "when-will-i-get-my-refund")
    assert _slug("我的退款什麼時候會到？", cluster, lambda _slug: False, twin=twin) == "when-will-i-get-my-refund-zh-tw"
    taken = {"when-will-i-get-my-refund-zh-tw"}.__contains__
    assert _slug("我的退款什麼時候會到？", cluster, taken, twin=twin) == "when-will-i-get-my-refund-zh-tw-2"


REFUND_EN = """---
id: when-will-i-get-my-refund
title: When will I get my refund?
status: {status}
category: refunds
self_service: start_return
---
Refunds reach your account within 3-5 working days of your return arriving.
"""
THAI_REFUND_ASKS = ["จะได้รับเงินคืนเมื่อไหร่คะ", "ยังไม่ได้รับเงินคืนเลยครับ"]
THAI_REFUND_REPLY = "สวัสดีค่ะ เงินคืนจะเข้าบัญชีของคุณภายใน 3-5 วันทำการ ขอบคุณค่ะ"
ZH_REFUND_ASKS = ["我的退款什麼時候會到？", "我還沒收到退款。"]
ZH_REFUND_REPLY = "您好，退款將在3-5個工作天內退回您的帳戶。謝謝"
ZH_WHERE_REPLY = "您好，您的包裹正在運送中，預計2-4個工作天內送達。您可以在訂單追蹤頁面查詢。謝謝，王小明"


def mine_and_draft_in(folder: Path, language: str, asks: list[str], replies: list[str]):  # noqa: ANN201
    """Mine and draft 12 answered tickets in ``language`` against the entries already in ``folder``/content."""
    db, content = folder / "t.sqlite3", folder / "content"
    tickets = [replace(t, language=language) for t in answered(asks, replies, count=12, every_hours=25)]
    store_tickets(db, tickets)
    report = mine(db=db, until=FROZEN_NOW, out=folder / "reports", content_dir=content)
    return report, draft_entries(report=report, db=db, content_dir=content)


def write_entry(content: Path, path: str, text: str) -> None:
    (content / "faq" / path).parent.mkdir(parents=True, exist_ok=True)
    (content / "faq" / path).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "asks", "reply", "slug"),
    [
        ("th", THAI_REFUND_ASKS, THAI_REFUND_REPLY, "when-will-i-get-my-refund-th"),
        ("zh-TW", ZH_REFUND_ASKS, ZH_REFUND_REPLY, "when-will-i-get-my-refund-zh-tw"),
    ],
)
def test_a_new_question_answered_in_another_language_is_proposed_as_its_twin(
    tmp_path: Path, language: str, asks: list[str], reply: str, slug: str
) -> None:
    write_entry(tmp_path / "content", "refunds/when-will-i-get-my-refund.md", REFUND_EN.format(status="approved"))
    report, result = mine_and_draft_in(tmp_path, language, asks, [reply])
    (path,) = result.created
    assert path == tmp_path / "content" / "faq" / "refunds" / f"{slug}.md"
    entry, problems = parse_entry(path, path.read_text(encoding="utf-8"))
    assert entry is not None and problems == []
    assert (entry.language, entry.translations, entry.category) == (
        language,
        {"en": "when-will-i-get-my-refund"},
        "refunds",
    )
    note = entry.body.split("-->", 1)[0]
    assert f"Proposed as the {language} version of when-will-i-get-my-refund (en): check" in note
    assert entry.title in asks  # the entry stays in its customers' language
    (cluster,) = load_report(report.json_path).clusters
    assert cluster.twin_of == Twin("en", "when-will-i-get-my-refund")
    markdown_report = Path(report.markdown_path).read_text(encoding="utf-8")
    assert f"new, proposed as the {language} version of when-will-i-get-my-refund |" in markdown_report
    # Drafting again proposes nothing more: the draft answers the question, and the entry has its Thai twin.
    again = draft_entries(report=report, db=tmp_path / "t.sqlite3", content_dir=tmp_path / "content")
    assert again.created == []


@pytest.mark.parametrize(
    "other",
    [
        # a second approved refunds entry offering the same button: which one it translates is unclear
        (
            "refunds/refund-to-gift-card.md",
            REFUND_EN.format(status="approved").replace("when-will-i-get-my-refund", "refund-to-gift-card"),
        ),
        # a Thai entry already translates it (answering something else, or mining would have found it)
        (
            "refunds/thai-twin.md",
            "---\nid: thai-twin\ntitle: ฉันจะเปลี่ยนที่อยู่ได้ไหม\nstatus: draft\ncategory: refunds\nlanguage: th\n"
            "translations:\n  en: when-will-i-get-my-refund\n---\nได้ค่ะ\n",
        ),
    ],
)
def test_no_twin_is_proposed_when_it_is_not_plain(tmp_path: Path, other: tuple[str, str]) -> None:
    write_entry(tmp_path / "content", "refunds/when-will-i-get-my-refund.md", REFUND_EN.format(status="approved"))
    write_entry(tmp_path / "content", *other)
    report, result = mine_and_draft_in(tmp_path, "th", THAI_REFUND_ASKS, [THAI_REFUND_REPLY])
    (path,) = result.created
    assert path.name == "chaaidrabenginkhuenemueoaihrkha.md"
    entry, _ = parse_entry(path, path.read_text(encoding="utf-8"))
    assert entry is not None and entry.translations == {} and entry.language == "th"
    assert "Proposed as" not in entry.body and report.clusters[0].twin_of is None


def test_replies_in_scripts_without_spaces_are_answers(tmp_path: Path) -> None:
    path = draft_one(
        tmp_path, ["我的訂單在哪裡？", "請問我的包裹什麼時候會到？"], [ZH_WHERE_REPLY], count=12, every_hours=25
    )
    answer = path.read_text(encoding="utf-8").split("-->", 1)[1].strip()
    assert answer.startswith("您的包裹正在運送中") and "謝謝" not in answer
