"""Redaction table: real-world-shaped text in, placeholders out (and things that must stay)."""

from __future__ import annotations

import pytest

from faq_builder.privacy import Redactor, customer_key

REDACTED = [
    # emails
    ("Email me at anna.smith+shop@gmail.com please", "Email me at {email} please"),
    ("my mail: J.O'Neil@example.co.uk", "my mail: {email}"),
    ("Contact <lena_m@web.de>", "Contact <{email}>"),
    # phone numbers, international and national
    ("Call +44 20 7946 0958 after 5", "Call {phone} after 5"),
    ("My number is +1 (415) 555-2671.", "My number is {phone}."),
    ("ring 0151 496 0123 anytime", "ring {phone} anytime"),
    ("+49 151 2345678 is my mobile", "{phone} is my mobile"),
    ("+33 6 12 34 56 78", "{phone}"),
    ("Vietnam: +84 912 345 678", "Vietnam: {phone}"),
    ("Whatsapp me on 07700 900123", "Whatsapp me on {phone}"),
    # payment cards (Luhn-valid only)
    ("Card 4111 1111 1111 1111 was charged twice", "Card {card_number} was charged twice"),
    ("card no 5500-0000-0000-0004", "card no {card_number}"),
    ("paid with 378282246310005", "paid with {card_number}"),
    # IBANs
    ("IBAN DE89 3704 0044 0532 0130 00 please refund", "IBAN {iban} please refund"),
    ("refund to GB82WEST12345698765432", "refund to {iban}"),
    # street addresses and postcodes
    ("I live at 221B Baker Street, London NW1 6XE", "I live at {address}, London {postcode}"),
    ("Send it to Hauptstraße 12, 10115 Berlin", "Send it to {address}"),
    ("ship to 14 Elm Road instead", "ship to {address} instead"),
    ("My new address is 5 rue de la Paix, Paris", "My new address is {address}"),
    ("deliver to 1600 Pennsylvania Avenue NW", "deliver to {address} NW"),
    (
        "Use your order number and email address: you get a label.",
        "Use your order number and email address: you get a label.",
    ),
    # order and tracking numbers
    ("Order number NW-102938 is late", "Order number {order_number} is late"),
    ("My order #100234 never came", "My order {order_number} never came"),
    ("order no. 552341 missing", "order no. {order_number} missing"),
    ("The order number is 226139.", "The order number is {order_number}."),
    ("Order ID: A-99812", "Order ID: {order_number}"),
    ("Bestellung 4456123 ist nicht da", "Bestellung {order_number} ist nicht da"),
    ("Tôi chưa nhận được đơn hàng #458812.", "Tôi chưa nhận được đơn hàng {order_number}."),
    ("我還沒收到訂單 #NW-100234。", "我還沒收到訂單 {order_number}。"),
    ("tracking number 1Z999AA10123456784", "tracking number {tracking_number}"),
    ("Parcel RR123456789DE is stuck", "Parcel {tracking_number} is stuck"),
    # order-like ids in any case, with or without separators or an order word
    ("nw-902020 never arrived", "{order_number} never arrived"),
    ("NW-902020 never arrived", "{order_number} never arrived"),
    ("Nw902020 never arrived", "{order_number} never arrived"),
    ("where is order nw 902020?", "where is order {order_number}?"),
    ("my reference AB12CD34EF", "my reference {order_number}"),
    ("Bestellnummer 123456 fehlt", "Bestellnummer {order_number} fehlt"),
    ("Cancel purchase 732201349959?", "Cancel purchase {order_number}?"),
    ("is 732201349959 shipped yet?", "is {order_number} shipped yet?"),
    ("order on 1234567 was charged twice", "order on {order_number} was charged twice"),
    # URLs with tokens
    ("see https://shop.example/track?order=123&token=abcdef", "see {url}"),
    ("reset link https://shop.example/reset/a8f9c0d1e2b3a4f5c6d7 expired", "reset link {url} expired"),
    ("it says https://shop.example/orders/732201349959 is empty", "it says {url} is empty"),
    # names after greetings, introductions and sign-offs
    ("Hi, I'm Anna. Where is it?", "Hi, I'm {name}. Where is it?"),
    ("Thanks, Anna", "Thanks, {name}"),
    ("My name is Lena Müller", "My name is {name}"),
    ("my name is Will", "my name is {name}"),
    ("My name is will.", "My name is {name}."),
    ("my name is will and I ordered twice", "my name is {name} and I ordered twice"),
    ("Name: Olivia Brown", "Name: {name}"),
    ("this is Anna Freeman", "this is {name}"),
    ("I'm Anna", "I'm {name}"),
    ("Hello, this is Will.", "Hello, this is {name}."),
    ("Can you help me get the invoices from Anna Freeman?", "Can you help me get the invoices from {name}?"),
    ("a parcel from Dr. Clark", "a parcel from {name}"),
    ("Best,\nDr. Emily Clark", "Best,\n{name}"),
    ("Love,\nAnna", "Love,\n{name}"),
    ("Mit freundlichen Grüßen\nHans Müller", "Mit freundlichen Grüßen\n{name}"),
    ("Thanks in advance,\n\nGrace Miller", "Thanks in advance,\n\n{name}"),
    ("Many thanks,\nWill", "Many thanks,\n{name}"),
    ("Thanks, John", "Thanks, {name}"),
    ("Regards,\nJohn Smith", "Regards,\n{name}"),
    ("Hi Sam,\nyour parcel is on its way", "Hi {name},\nyour parcel is on its way"),
    ("Kind regards, Priya Patel", "Kind regards, {name}"),
    ("This is Marco from Milan", "This is {name} from Milan"),
    ("Cheers\nTom", "Cheers\n{name}"),
    ("Dear Olivia,", "Dear {name},"),
]

KEPT = [
    "Size EU 42 costs €49.99",
    "I ordered 2 pairs on 12/03/2025",
    "It cost £120.00 including VAT",
    "I usually wear UK 9 or US 10",
    "Delivery takes 2-4 working days",
    "The price dropped from 89 to 69 euros",
    "see https://shop.example/returns for the policy",
    "Hi there, where is my order?",
    "Hi Support Team, where is my order?",
    "Thanks for the quick answer",
    "Hello, Where is my parcel",
    "I'm 178 cm tall and weigh 72 kg",
    "Order date 2026-11-03 14:05",
    "Returns within 30 days",
    "Thanks, I'm waiting",
    "order #12 of the day",  # too short to be an order number
    "Do you ship from Germany?",
    "Can I order from the US?",
    "The sale runs from Monday",
    "It was sent from DHL",
    "We moved from New York",
    "size 42 is too small",
    "Delivery takes 3-5 days",
    "I ordered it in 2026",
    "It costs €49.99",
    "My iPhone 15 case",
    "My iPhone15 case",
    "Ordered 2 pairs in 2XL-3XL, 1500ml bottle, 1920x1080 screen",
    "It cost 1234567.89 in total",
    "Thanks, May I ask something?",
    "My name is not on the invoice",
    "Regards,\nThe Team",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redacts(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_keeps_what_is_not_personal(text: str) -> None:
    assert Redactor().redact(text) == text


def test_table_is_big_enough() -> None:
    assert len(REDACTED) + len(KEPT) >= 40 and len(KEPT) >= 10


def test_findings_name_each_kind() -> None:
    text = "Cancel purchase 732201349959? Thanks, Anna Freeman"
    assert [(f.kind, f.value) for f in Redactor().findings(text)] == [
        ("order_number", "732201349959"),
        ("name", "Anna Freeman"),
    ]


def test_lower_case_order_number_for_the_store() -> None:
    assert Redactor().order_number("where is nw-902020?") == "nw-902020"
    assert Redactor().order_number("Bestellnummer 123456 fehlt") == "123456"


def test_luhn_invalid_digits_are_not_a_card() -> None:
    assert "{card_number}" not in Redactor().redact("ref 4111 1111 1111 1112")


def test_custom_order_pattern() -> None:
    redactor = Redactor(order_patterns=[r"\b(SO\d{6})\b"])
    assert redactor.redact("about SO123456") == "about {order_number}"
    assert redactor.order_number("about SO123456") == "SO123456"


def test_order_number_for_the_store_strips_the_hash() -> None:
    assert Redactor().order_number("my order #100234 is late") == "100234"
    assert Redactor().order_number("no number here") is None


def test_customer_key_is_keyed_and_normalised() -> None:
    salt = b"0123456789abcdef"
    key = customer_key(" Anna@Example.com ", salt=salt)
    assert key == customer_key("anna@example.com", salt=salt)
    assert key != customer_key("anna@example.com", salt=b"another-salt....")
    assert "anna" not in (key or "")
    assert customer_key("   ", salt=salt) is None
