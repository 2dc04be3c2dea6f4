"""Suggested replies: reading tickets in every form, matching approved entries, and when to send on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faq_builder.errors import FaqBuilderError
from faq_builder.settings import PortalConfig, load_settings
from faq_builder.suggest import Suggester, TicketError, plain_text, read_ticket

from .conftest import write_entry

SITE = "https://help.shop.example/"
PORTAL = PortalConfig.from_mapping(
    portal={
        "track_order": {"url": "https://shop.example/track?order={order_number}&email={email}"},
        "order_history": "https://shop.example/account/orders",
    },
    shop={"standard_delivery_days": "2-4"},
    returns={"window_days": 30},
)

#: Entries of a small shop: (folder/slug, title, variants, self_service, answer).
ENTRIES = [
    (
        "shipping/where-is-my-order",
        "Where is my order?",
        [
            "My parcel hasn't arrived yet",
            "When will my order arrive?",
            "Has my order shipped yet?",
            "Where is my package?",
            "My order still hasn't come",
            "I haven't received my order",
            "Can you tell me where my parcel is?",
        ],
        "track_order",
        "Orders arrive within **{{ shop.standard_delivery_days }}** working days. See [tracking](../x.md).",
    ),
    (
        "returns/how-do-i-return-an-item",
        "How do I return an item?",
        [
            "What's your return policy?",
            "How do I get a return label?",
            "Can I send back my shoes?",
            "I want to return a jacket",
            "How can I send an item back?",
            "Is return shipping free?",
        ],
        None,
        "You can return unworn items within {{ shop.return_window_days }} days.",
    ),
    (
        "payment/why-was-my-payment-declined",
        "Why was my payment declined?",
        [
            "My card was declined",
            "Payment failed at checkout",
            "Why can't I pay with my credit card?",
            "The payment did not go through",
            "My card keeps getting rejected",
        ],
        None,
        "Check that the card's billing address matches the one you entered.",
    ),
    (
        "account/i-forgot-my-password",
        "I forgot my password",
        [
            "How do I reset my password?",
            "I can't log in to my account",
            "Password reset email never came",
            "Locked out of my account",
            "Forgot my login password",
        ],
        None,
        "Use 'Forgot password?' on the sign-in page.",
    ),
]


def _entry_text(slug: str, title: str, variants: list[str], action: str | None, answer: str, status: str) -> str:
    lines = ["---", f"id: {slug}", f"title: {json.dumps(title)}", f"status: {status}", "variants:"]
    lines += [f"  - {json.dumps(variant)}" for variant in variants]
    if action:
        lines.append(f"self_service: {action}")
    return "\n".join([*lines, "---", "", answer, ""])


@pytest.fixture()
def shop(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    for relative, title, variants, action, answer in ENTRIES:
        text = _entry_text(relative.split("/")[1], title, variants, action, answer, "approved")
        write_entry(content, f"{relative}.md", text)
    write_entry(
        content,
        "orders/draft-only.md",
        _entry_text("draft-only", "Do you ship to the moon?", ["Moon delivery?"], None, "No.", "draft"),
    )
    return content


@pytest.fixture()
def suggester(shop: Path) -> Suggester:
    return Suggester(shop, portal=PORTAL, site_url=SITE)


# --- reading tickets -------------------------------------------------------------------------------------------


def test_plain_text_is_cleaned() -> None:
    assert read_ticket(b"  Where is my order?\n\nThanks,\nAnna\n") == "Where is my order?"


def test_json_object_subject_and_body() -> None:
    data = json.dumps({"subject": "Delivery", "body": "<p>Where is my <b>order</b>?</p>"}).encode()
    assert read_ticket(data, name="ticket.json") == "Delivery\nWhere is my order?"


def test_webhook_json_ticket() -> None:
    data = json.dumps(
        {"ticket": {"id": 7, "subject": "Re: my parcel", "description": "My parcel hasn't arrived yet"}}
    ).encode()
    assert "My parcel hasn't arrived yet" in read_ticket(data)


def test_eml_drops_quoted_reply_and_signature() -> None:
    message = (
        b"From: Anna Example <anna@example.com>\r\n"
        b"To: support@shop.example\r\n"
        b"Subject: Re: Your order\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"\r\n"
        b"My parcel hasn't arrived yet, where is it?\r\n"
        b"\r\n"
        b"Best regards,\r\n"
        b"Anna\r\n"
        b"\r\n"
        b"On Sun, 22 Nov 2026 at 09:00, Shop <support@shop.example> wrote:\r\n"
        b"> Your order has shipped.\r\n"
        b"> Tracking: 123\r\n"
    )
    question = read_ticket(message, name="mail.eml")
    assert "arrived yet" in question
    assert "shipped" not in question and "Anna" not in question and "wrote" not in question


def test_non_utf8_bytes_are_decoded() -> None:
    text = "Où est ma commande? Je l'attends depuis une éternité, très déçu. " * 3
    assert read_ticket(text.encode("cp1252")).startswith("Où est ma commande?")


def test_empty_or_unreadable_tickets_are_errors() -> None:
    for data in (b"", b"   \n", b"> only a quote\n", b'{"subject": "", "body": ""}', b"[1, 2]"):
        with pytest.raises(TicketError):
            read_ticket(data)
    with pytest.raises(TicketError, match="not valid JSON"):
        read_ticket(b"{not json", name="x.json")
    with pytest.raises(TicketError, match="binary"):
        read_ticket(b"PK\x03\x04\x00\x00")
    assert issubclass(TicketError, FaqBuilderError)


# --- suggesting ------------------------------------------------------------------------------------------------


def test_only_approved_entries_are_offered(suggester: Suggester) -> None:
    assert "draft-only" not in {entry.slug for entry in suggester.entries}
    assert len(suggester.entries) == 4


def test_confident_match_is_sent(suggester: Suggester) -> None:
    suggestion = suggester.suggest("Hi, my parcel hasn't arrived yet. Where is my order?")
    assert suggestion.matches[0].slug == "where-is-my-order"
    assert suggestion.matches[0].url == SITE + "faq/shipping/where-is-my-order/"
    assert suggestion.auto_send, suggestion.reason
    assert suggestion.reason == ""
    assert suggestion.confidence >= suggestion.threshold
    assert [m.score for m in suggestion.matches] == sorted((m.score for m in suggestion.matches), reverse=True)
    assert len(suggester.suggest("where is my order", limit=2).matches) == 2


def test_unrelated_question_is_not_sent(suggester: Suggester) -> None:
    suggestion = suggester.suggest("Do you sponsor local football clubs with jerseys?")
    assert not suggestion.auto_send
    assert suggestion.reason
    assert suggestion.reply is not None  # offered to an agent all the same


def test_two_near_entries_are_not_sent(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shared = ["How do I change my order?", "Can I change my order?", "I need to change my order", "change order"]
    write_entry(
        content,
        "orders/change-order.md",
        _entry_text(
            "change-order", "How do I change my order?", [*shared[1:], "modify my order"], None, "Edit it.", "approved"
        ),
    )
    write_entry(
        content,
        "orders/change-my-order.md",
        _entry_text(
            "change-my-order",
            "Can I change my order?",
            [shared[0], *shared[2:], "update my order"],
            None,
            "Edit.",
            "approved",
        ),
    )
    for relative, title, variants, action, answer in ENTRIES[1:]:
        write_entry(content, f"{relative}.md", _entry_text("x", title, variants, action, answer, "approved"))
    suggestion = Suggester(content, portal=PORTAL).suggest("How can I change my order please?")
    assert {m.slug for m in suggestion.matches[:2]} == {"change-order", "change-my-order"}
    assert not suggestion.auto_send
    assert "next" in suggestion.reason


def test_an_entry_with_few_wordings_is_never_sent_on_its_own(tmp_path: Path) -> None:
    """Three entries of two wordings each: nothing is known of how far their questions stray, so even nonsense
    nearest one of them must not be answered automatically."""
    content = tmp_path / "content"
    for slug, title, variant in [("a", "Where is my order?", "Parcel not here"), ("b", "How do I return?", "Label")]:
        write_entry(content, f"orders/{slug}.md", _entry_text(slug, title, [variant], None, "Answer.", "approved"))
    suggester = Suggester(content, portal=PORTAL)
    for text in ("AAA", "Where is my order?"):
        suggestion = suggester.suggest(text)
        assert not suggestion.auto_send and "under 5" in suggestion.reason, text


def test_reply_has_answer_links_and_portal(suggester: Suggester) -> None:
    suggestion = suggester.suggest("My parcel hasn't arrived yet, where is my order?")
    reply = suggestion.reply
    assert reply is not None
    assert "Orders arrive within 2-4 working days. See tracking." in reply
    assert "**" not in reply and "{{" not in reply and "](" not in reply
    assert SITE + "faq/shipping/where-is-my-order/" in reply
    assert SITE + "portal/track-order/" in reply
    without_site = Suggester(suggester.entries[0].path.parents[2], portal=PORTAL)
    assert "https://shop.example/track?order={order_number}&email={email}" in (
        without_site.suggest("where is my order").reply or ""
    )
    returns = suggester.suggest("How do I return an item?").reply or ""
    assert "within 30 days" in returns and "portal" not in returns


def test_no_personal_data_echoed(suggester: Suggester) -> None:
    text = (
        "Hi, this is Anna Schmidt. My parcel for order 77812345 hasn't arrived yet. "
        "Mail me at anna.schmidt@example.com or call +44 20 7946 0958."
    )
    suggestion = suggester.suggest(text)
    for secret in ("Anna", "Schmidt", "77812345", "anna.schmidt@example.com", "7946"):
        assert secret not in suggestion.question
        assert secret not in (suggestion.reply or "")
        assert secret not in json.dumps(suggestion.to_dict())
    assert "{email}" in suggestion.question


def test_empty_question_and_bad_options(suggester: Suggester, tmp_path: Path) -> None:
    with pytest.raises(TicketError):
        suggester.suggest("   ")
    with pytest.raises(FaqBuilderError):
        suggester.suggest("where is my order", limit=0)
    with pytest.raises(FaqBuilderError, match="threshold"):
        Suggester(tmp_path, threshold=1.5)
    with pytest.raises(FaqBuilderError, match="no faq/ folder"):
        Suggester(tmp_path / "missing")


def test_no_approved_entries(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_entry(content, "orders/a.md", _entry_text("a", "Where is my order?", [], None, "Soon.", "draft"))
    suggestion = Suggester(content).suggest("Where is my order?")
    assert suggestion.matches == [] and not suggestion.auto_send and "no approved" in suggestion.reason


def test_plain_text_strips_markdown() -> None:
    markdown = "<!-- note -->\n## Steps\n\n- **Open** [your account](../a.md)\n- Click \\*Returns\\*\n"
    assert plain_text(markdown) == "Steps\n\nOpen your account\nClick *Returns*"


# --- the command -----------------------------------------------------------------------------------------------


def _config(folder: Path) -> Path:
    config = folder / "mkdocs.yml"
    config.write_text(
        f"site_name: Help\nsite_url: {SITE}\nplugins:\n  - faq-builder:\n      portal:\n"
        "        track_order: https://shop.example/track?order={order_number}\n",
        encoding="utf-8",
    )
    return config


def test_command_prints_matches_reply_and_verdict(shop: Path) -> None:
    from click.testing import CliRunner

    from faq_builder.cli import main

    args = ["suggest", "-", "--content", str(shop), "--config", str(_config(shop.parent))]
    ticket = "Hi, my parcel hasn't arrived yet. Where is my order?"
    expected = Suggester(shop, portal=load_settings(shop.parent / "mkdocs.yml").portal, site_url=SITE).suggest(ticket)
    result = CliRunner().invoke(main, args, input=ticket)
    lines = result.output.splitlines()
    assert result.exit_code == 0
    url = f"{SITE}faq/shipping/where-is-my-order/"
    assert lines[0] == f"{expected.matches[0].score:.2f}  where-is-my-order  Where is my order?  {url}"
    assert lines[-1] == f"Send automatically: yes; confidence {expected.confidence:.2f} (threshold 0.90)"
    assert f"More on this: {SITE}faq/shipping/where-is-my-order/" in result.output
    as_json = CliRunner().invoke(main, [*args, "--json"], input=ticket)
    assert json.loads(as_json.output) == expected.to_dict()
    empty = CliRunner().invoke(main, args, input="   ")
    assert (empty.exit_code, empty.output.splitlines()[-1]) == (1, "Error: " + str(_empty_error()))
    bad = CliRunner().invoke(main, [*args, "--threshold", "0"])
    assert bad.exit_code == 2 and "--threshold" in bad.output


def _empty_error() -> str:
    with pytest.raises(TicketError) as raised:
        read_ticket(b"   ")
    return str(raised.value)
