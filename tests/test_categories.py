"""Guessing a question type's help-site section from customers' words (several languages) and helpdesk tags."""

from __future__ import annotations

from collections import Counter

import pytest

from faq_builder.categories import guess_category
from faq_builder.models import Category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Where is my parcel?", Category.SHIPPING),
        ("How do I reset my password?", Category.ACCOUNT),
        ("Is this jacket in stock?", Category.PRODUCT),
        ("Tôi muốn hoàn tiền", Category.REFUNDS),  # Vietnamese: I want a refund
        ("我的包裹在哪里？", Category.SHIPPING),  # Chinese: where is my parcel?
        ("Къде е моята поръчка?", Category.ORDERS),  # Bulgarian: where is my order?
        ("ฉันต้องการคืนสินค้า", Category.RETURNS),  # Thai: I want to return an item
        ("Thanks!", Category.OTHER),
    ],
)
def test_one_wording(text: str, category: Category) -> None:
    assert guess_category([text], Counter()) is category


def test_most_wordings_decide() -> None:
    texts = ["Where is my parcel?", "I want a refund", "refund please, it never came"]
    assert guess_category(texts, Counter()) is Category.REFUNDS


def test_a_tie_goes_to_the_section_shown_first() -> None:
    # One text naming returns and refunds: both score 1; returns comes first on the site.
    assert guess_category(["I want to return it for a refund"], Counter()) is Category.RETURNS


def test_tags_named_like_a_section_count_as_much_as_a_wording() -> None:
    assert guess_category(["Thanks!"], Counter({"payment": 2})) is Category.PAYMENT
    assert guess_category(["Where is my parcel?"] * 2, Counter({"payment": 3})) is Category.PAYMENT
    assert guess_category(["Where is my parcel?"] * 2, Counter({"payment": 1})) is Category.SHIPPING
    assert guess_category(["Where is my parcel?"], Counter({"urgent": 5, "vip": 2})) is Category.SHIPPING
