"""Which section of the help site a question belongs to, from the words customers use and the helpdesk's tags."""

from __future__ import annotations

from collections import Counter

from .models import Category

#: Words (lower case, several languages) that place a question in a category.
CATEGORY_WORDS: dict[Category, tuple[str, ...]] = {
    Category.REFUNDS: ("refund", "money back", "reimburse", "hoàn tiền", "退款", "เงินคืน", "възстановяване"),
    Category.RETURNS: (
        "return",
        "exchange",
        "swap",
        "damaged",
        "broken",
        "faulty",
        "defective",
        "wrong item",
        "wrong size",
        "warranty",
        "trả",
        "退貨",
        "退回",
        "คืนสินค้า",
        "върн",
    ),
    Category.SHIPPING: (
        "deliver",
        "shipping",
        "ship ",
        "parcel",
        "package",
        "tracking",
        "arrive",
        "courier",
        "customs",
        "dispatch",
        "giao",
        "包裹",
        "運送",
        "พัสดุ",
        "пратка",
        "пристигн",
    ),
    Category.PAYMENT: (
        "pay",
        "card",
        "charged",
        "charge",
        "invoice",
        "vat",
        "discount",
        "promo",
        "code",
        "voucher",
        "gift card",
        "paypal",
        "receipt",
        "price",
        "плащане",
    ),
    Category.ACCOUNT: (
        "account",
        "password",
        "log in",
        "login",
        "sign in",
        "newsletter",
        "unsubscribe",
        "email",
        "delete my",
        "profile",
    ),
    Category.ORDERS: ("order", "cancel", "confirmation", "address", "đơn hàng", "訂單", "คำสั่งซื้อ", "поръчка"),
    Category.PRODUCT: ("size", "fit", "stock", "restock", "wash", "material", "colour", "color", "model"),
}


def guess_category(texts: list[str], tags: Counter[str]) -> Category:
    """The category most texts name by its words (tags named like a category count as much), else OTHER."""
    scores: Counter[Category] = Counter()
    for text in texts:
        lower = text.lower()
        for category, words in CATEGORY_WORDS.items():
            if any(word in lower for word in words):
                scores[category] += 1
    for tag, count in tags.items():
        if tag in tuple(Category):
            scores[Category(tag)] += count
    if not scores:
        return Category.OTHER
    order = list(Category)
    return max(order, key=lambda c: (scores[c], -order.index(c)))
