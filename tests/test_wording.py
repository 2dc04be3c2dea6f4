"""Clean wording: FAQ titles, variants and keys hold real questions, never names, ids, swearing or fragments."""

from __future__ import annotations

import re

import pytest

from faq_builder.wording import (
    canonical_question,
    content_words,
    has_profanity,
    is_question_like,
    readable_key,
    sentences,
    tidy,
    variants,
)

QUESTIONS = [
    "Where is my order?",
    "How do I cancel an order?",
    "Can I change the delivery address for my order?",
    "hey where is my order",
    "Hi Anna, where is my parcel?",
    "@northwind Can you confirm you received my order?",
    "I want to cancel my order.",
    "I'd like to return the sneakers.",
    "Please delete my account.",
    "Can u tell me when my stuff will arrive",
    "The tracking hasn't updated in 4 days, where is my parcel?",
    "Is my order on its way? 🙏",
    # Other scripts and languages: a question mark or a question word/particle is enough.
    "พัสดุของฉันอยู่ที่ไหนคะ",
    "ขอคืนสินค้าได้ไหมครับ ไซส์ไม่พอดี",
    "สั่งของไปแล้วหรือยัง",
    "我的退款什麼時候會到？",
    "尺寸不合可以退換嗎",
    "Đơn hàng của tôi đã được giao chưa?",
    "Tôi có thể trả hàng trong bao nhiêu ngày",
    "Къде е поръчката ми?",
    "Мога ли да върна продукт",
]
NOT_QUESTIONS = [
    # Fragments, greetings, thanks and sign-offs.
    "My order?",
    "Refund?",
    "Double payment?",
    "I ordered grey.",
    "My name is will.",
    "The order was order no.",
    "When will my order order no.",
    "@northwind Dear support!",
    "Hello team!",
    "Thanks for your help!",
    "Kind regards, Sam",
    "Would appreciate a quick answer.",
    "Not happy tbh.",
    "I need it by the weekend.",
    "Haven't received my package.",
    # Pleas without a topic.
    "Can someone please get back to me?",
    "Could you help me please?",
    # Personal data, ids, handles and swearing.
    "Can ya help me to get the invoices from {name}?",
    "I want help cancelling purchase 732201349959?",
    "Please cancel order {order_number}",
    "Can you check order 123 456 789?",
    "Is @anna_shop selling the same jacket?",
    "I don't make use of the bloody user account?",
    "What the fuck is going on with my order?",
    "WTF where is my parcel??",
    # Stories and noise.
    "I ordered the jacket last week and then my sister said that she already had one so I would like to know "
    "whether I can send it back and also get the shipping costs refunded?",
    "??? !!! ... ???",
    # Statements in other scripts.
    "คำสั่งซื้อของผมยังไม่มาถึงครับ",
    "我還沒收到退款。",
    "Tôi vẫn chưa được hoàn tiền.",
    "Все още не съм получил поръчката си.",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_real_questions_are_question_like(text: str) -> None:
    assert is_question_like(text)


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_fragments_and_unclean_wordings_are_not(text: str) -> None:
    assert not is_question_like(text)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("hey where is my order", "Where is my order?"),
        ("Hello team, can i still cancel my order?", "Can I still cancel my order?"),
        ("ya can i return it??", "Can I return it?"),
        ("pls cancel my order", "Cancel my order."),
        ("@northwind promo code not accepted #fail", "Promo code not accepted."),
        ("How Do I Return An Item", "How do I return an item?"),
        ("Xin chào, Đơn hàng của tôi đã được giao chưa?", "Đơn hàng của tôi đã được giao chưa?"),
        ("您好， 我的退款什麼時候會到？", "我的退款什麼時候會到？"),
    ],
)
def test_tidy_drops_filler_and_fixes_casing(raw: str, clean: str) -> None:
    assert tidy(raw) == clean


def test_sentences_split_run_ons_but_not_order_numbers() -> None:
    assert sentences("What does shipping to Norway cost Can someone please get back to me?") == [
        "What does shipping to Norway cost?",
        "Can someone please get back to me?",
    ]
    assert sentences("How long for standard shipping I'm going on holiday.") == [
        "How long for standard shipping?",
        "I'm going on holiday.",
    ]
    assert sentences("Can I return the shoes I ordered?") == ["Can I return the shoes I ordered?"]
    assert sentences("Is my order order no. {order_number} on its way?") == [
        "Is my order order no {order_number} on its way?"
    ]


def test_profanity() -> None:
    assert has_profanity("this is bloody annoying") and has_profanity("Shitty service") and has_profanity("wtf")
    assert not has_profanity("Hello, can I pass my class?") and not has_profanity("Scunthorpe shell")


def test_canonical_prefers_the_typical_clean_question() -> None:
    candidates = [
        "Can ya help me to get the invoices from {name}?",
        "I want help cancelling purchase 732201349959?",
        "hi, how do i cancel my order",
        "Please cancel order {order_number}",
        "How do I cancel my order?",
        "Is it too late to cancel my order?",
        "i changed my mind, pls cancel",
        "How do I cancel my order? Thanks!",
    ]
    assert canonical_question(candidates) == "How do I cancel my order?"


def test_canonical_avoids_product_names_places_and_slang() -> None:
    stock = [
        "When will the fleece jacket be back in stock?",
        "When will the hiking boots be back in stock?",
        "When will it be back in stock?",
        "When will the leather belt be back in stock?",
    ]
    assert canonical_question(stock) == "When will it be back in stock?"
    abroad = ["Do you ship to Norway?", "Do u ship abroad?", "Do you ship to Brazil?", "Do you ship abroad?"]
    assert canonical_question(abroad) == "Do you ship abroad?"


def test_canonical_falls_back_to_a_clean_statement_then_to_a_cleaned_sentence() -> None:
    lost = [
        "Missing parcel\nI was home all day.",
        "Lost package\nMy parcel seems to be lost in transit.",
        "My parcel is marked as delivered but it's not here.",
        "I think my parcel got lost.",
    ]
    assert canonical_question(lost) == "My parcel seems to be lost in transit."
    assert canonical_question(["My order?", "Order {order_number} cancel now 123456 asap"]) == "Order cancel now asap."
    assert canonical_question(["Refund?"]) == "Refund?"
    assert canonical_question([]) == ""


def test_canonical_names_a_type_of_reports_by_its_statement_not_by_stray_questions() -> None:
    wrong_item = [
        "not what I ordered\nHello -\n\nI received the wrong item.\n\nIt's a gift so I'm a bit stressed.",
        "Can you tell me where my order is? It's a gift so I'm a bit stressed.",
        "Wrong item received\nHi,\n\nI received the wrong item.\n\nThe label on the bag is correct though.",
        "Received the wrong product\nYou sent me the wrong size.\n\nOrder {order_number}.",
        "Where is my order?\nHello, this is {name}.\n\nWhere is my order?\n\nIt's a gift so I'm a bit stressed.",
        "Wrong size sent\nHey -\n\nI received the wrong item.\n\nI ordered olive.",
        "not what I ordered\nThis isn't what I ordered.\n\nThe label on the bag is correct though.",
        "Wrong item received\nGood morning,\n\nI received the wrong item.\n\nThis is really urgent.",
        "Received the wrong product\nI received the wrong item.\n\nThe label on the bag is correct though.",
        "I got a sports bra instead of what I ordered. It's a gift so I'm a bit stressed.",
    ]
    # Not a subject line ("Not what I ordered."), a mood ("It's a gift ...") or an aside ("The label ...").
    assert canonical_question(wrong_item) == "I received the wrong item."
    # Where most members ask, their question stays the title however often they add a statement.
    sizing = [
        "Which size should I get? I usually wear M.",
        "Which size should I get? I usually wear XS.",
        "What size should I get? I usually wear L.",
        "Which size should I get for the boots? I usually wear UK 9.",
        "I usually wear S.",
    ]
    assert canonical_question(sizing) == "Which size should I get?"


def test_variants_are_distinct_question_like_wordings() -> None:
    texts = [
        "Where is my order?\nHello, where is my order?",
        "WHERE IS MY ORDER??",
        "My order?",
        "Still no parcel. Can you tell me where my order is?",
        "@northwind Dear support!",
        "Has my order shipped yet? I need it by the weekend.",
        "can you tell me where my order is",
    ]
    assert variants(texts, "Where is my order?") == [
        "Can you tell me where my order is?",
        "Has my order shipped yet?",
    ]
    many = [f"Can I return the {n} jacket, it doesn't fit?" for n in "red blue green black white grey".split()]
    assert len(variants(many * 3, "How do I return an item?", limit=4)) == 4


@pytest.mark.parametrize(
    ("category", "texts", "key"),
    [
        (
            "orders",
            ["How do I cancel my order?", "I want to cancel my orders", "Cancelling order {order_number}?"],
            "orders/cancel-order",
        ),
        (
            "shipping",
            ["How can I track my order?", "Where can I track my parcel?", "Can I track the order online?"],
            "shipping/track-order",
        ),
        (
            "account",
            ["How do I delete my account?", "Please delete my account.", "Delete account?"],
            "account/delete-account",
        ),
        (
            "account",
            ["Why is my bloody account deleted?", "Why was my account deleted?", "Why did you delete my account?"],
            "account/account-delete",
        ),
        ("account", ["Why is my bloody account deleted?", "What the fuck happened to my account?"], "account/question"),
        ("refunds", ["我的退款什麼時候會到？"], "refunds/我的退款什麼時候會到"),
        # Thai vowel and tone marks are combining characters: kept with their letters, never split off.
        ("refunds", ["จะได้รับเงินคืนเมื่อไหร่คะ", "ยังไม่ได้รับเงินคืนเลยครับ"], "refunds/จะได้รับเงินคืน"),
        ("shipping", ["พัสดุของฉันอยู่ที่ไหนคะ", "สินค้าจะมาถึงเมื่อไหร่คะ"], "shipping/พัสดุของฉันอยู่ที่"),
        ("shipping", ["我的訂單在哪裡？", "請問我的包裹什麼時候會到？"], "shipping/我的訂單在哪裡"),
        ("other", ["Thanks!", "Hello"], "other/question"),
    ],
)
def test_readable_keys(category: str, texts: list[str], key: str) -> None:
    assert readable_key(category, texts) == key


def test_content_words_are_lemmatised_and_clean() -> None:
    assert content_words("Cancelling orders, shipped parcels and changing addresses") == [
        "cancel",
        "order",
        "ship",
        "parcel",
        "change",
        "address",
    ]
    assert content_words("@northwind I didn't get my fucking {order_number} #fail") == []


def test_sample_shop_top_questions_are_clean_questions(mined_report) -> None:  # noqa: ANN001
    top = [c for c in mined_report.clusters if c.status != "incident"][:10]
    assert len(top) == 10
    for cluster in top:
        title = cluster.canonical_question
        assert title[0].isupper() and title.endswith(("?", ".")), title
        if title.endswith("?"):
            assert is_question_like(title), title
        else:  # a type of reports is named by its typical complete, clean statement
            assert not re.search(r"[{}\d@]", title) and not has_profanity(title) and len(title.split()) >= 4, title
            assert not re.match(r"(?i)(?:not|no|still|received|wrong|missing)\b", title), title
        assert all(is_question_like(v) for v in cluster.variants), cluster.variants
        assert re.fullmatch(r"[a-z]+/[a-z]+(?:-[a-z]+){0,2}(?:-[0-9a-f]{6})?", cluster.key), cluster.key


def test_sample_shop_wrong_item_reports_are_not_titled_as_where_is_my_order(mined_report) -> None:  # noqa: ANN001
    wrong = [
        c for c in mined_report.clusters if re.search(r"wrong|what I ordered", c.canonical_question, re.IGNORECASE)
    ]
    assert wrong, [c.canonical_question for c in mined_report.clusters]
    assert not any(re.search(r"(?i)where\b.*\border", c.canonical_question) for c in wrong)
    top = [c for c in mined_report.clusters if c.status != "incident"][:10]
    where = [c for c in top if re.search(r"(?i)where\b.*\border", c.canonical_question)]
    assert len(where) <= 1, [c.canonical_question for c in where]  # the top 10 ask where the order is once


def test_a_title_cleaned_of_placeholders_keeps_no_dangling_words() -> None:
    # Every wording holds a placeholder (a name, an order number): the title drops it with the words leading to it.
    title = canonical_question(["can ya help me to get the invoices from {name}?", "get invoices from {name}"])
    assert title == "Can ya help me to get the invoices?"
    assert canonical_question(["Can you help me cancel order {order_number}?"]) == "Can you help me cancel order?"


def test_variants_fill_up_with_wordings_cleaned_of_placeholders() -> None:
    texts = [
        "Where is my invoice?",
        "can ya help me to get the invoices from {name}?",
        "how do I download bill #{order_number}?",
    ]
    assert variants(texts, "Where can I get an invoice?") == [
        "Where is my invoice?",
        "Can ya help me to get the invoices?",
        "How do I download bill?",
    ]
