from __future__ import annotations

import pytest

from faq_builder.cleaning import clean_message, looks_like_html, normalise_whitespace

CASES = [
    # HTML email with Gmail quote and signature
    (
        '<html><body><div dir="ltr"><p>Hi,</p><p>Where is my <b>order</b>?</p></div>'
        '<div class="gmail_quote">On Mon, Shop wrote:<blockquote>old text</blockquote></div></body></html>',
        "Hi,\n\nWhere is my order?",
    ),
    # Outlook header block and "Sent from my iPhone"
    (
        "Hello\r\nMy order hasnt come.\n\nSent from my iPhone\n\nFrom: Shop Support <s@shop.com>\nSent: Monday\n"
        "To: me\nSubject: Re: order\n\nold text",
        "Hello\nMy order hasnt come.",
    ),
    # "-- " signature
    (
        "Hi,\nmy card was charged twice - please help\n-- \nAnna Smith\n+44 20 7946 0958",
        "Hi,\nmy card was charged twice - please help",
    ),
    # "On ... wrote:" with > quotes, and a hyphen list that is not a signature
    (
        "Items:\n- shoes\n- shirt\nwhich one ships first?\n\n"
        "On 3 Nov 2025, at 10:00, Shop <a@b.c> wrote:\n> hi\n> there",
        "Items:\n- shoes\n- shirt\nwhich one ships first?",
    ),
    # sign-off with a name
    (
        "Thank you, the parcel came but the size is wrong.\nCan I swap it?\nBest regards\nJohn",
        "Thank you, the parcel came but the size is wrong.\nCan I swap it?",
    ),
    # German reply header
    ("Wo ist mein Paket?\n\nAm 03.11.2025 um 10:00 schrieb Shop <s@shop.de>:\n> Hallo", "Wo ist mein Paket?"),
    # whitespace, NBSP and zero-width characters
    ("  where\u00a0is   my\u200b order?  \n\n\n\n thanks for help ", "where is my order?\n\nthanks for help"),
    # a stray '<' is prose, not HTML
    ("I paid 5 < 10 euros?", "I paid 5 < 10 euros?"),
    # script and style never become text
    ("<html><head><style>p{color:red}</style></head><body><p>Hi</p><script>alert(1)</script></body></html>", "Hi"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_clean_message(raw: str, expected: str) -> None:
    assert clean_message(raw) == expected


def test_html_detection_ignores_angle_bracketed_addresses() -> None:
    assert not looks_like_html("Shop <support@shop.example> wrote")
    assert looks_like_html("<p>hello</p>")
    assert looks_like_html("a&nbsp;b")


INVISIBLE = [
    # a bidi override that would show the order number backwards, isolates around it
    ("my order \u202e4321-WN\u202c is late", "my order 4321-WN is late"),
    ("ship to \u2066Baker Street\u2069 please", "ship to Baker Street please"),
    # zero-width characters inside words and digits, a byte-order mark, marks of direction
    ("\ufeffwhere\u200b is my\u200c pa\u200drcel\u200e?\u200f", "where is my parcel?"),
    # C0 and C1 controls go; tabs stay; line and paragraph separators end lines
    ("bell\x07 escape\x1b[0m next\x85line\tcol", "bell escape[0m next\nline col"),
    ("one\u2028two\u2029\u2029three", "one\ntwo\n\nthree"),
    # a zero-width joiner inside an emoji sequence stays
    ("love it 👩\u200d💻!", "love it 👩\u200d💻!"),
]


@pytest.mark.parametrize(("raw", "expected"), INVISIBLE)
def test_clean_message_strips_invisible_characters(raw: str, expected: str) -> None:
    assert clean_message(raw) == expected


def test_html_messages_lose_invisible_characters_too() -> None:
    assert clean_message("<p>Hi\u202e there</p><p>\u200bwhere is it?</p>") == "Hi there\n\nwhere is it?"


def test_normalise_whitespace_drops_invisible_characters() -> None:
    assert normalise_whitespace("a\u200b\u200bb\x00c") == "abc"
