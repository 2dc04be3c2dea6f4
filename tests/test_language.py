from __future__ import annotations

import pytest

from faq_builder.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Where is my order? I placed it last week and nothing arrived", "en"),
        ("Đơn hàng của tôi đang ở đâu?", "vi"),
        ("พัสดุของฉันอยู่ที่ไหนคะ", "th"),
        ("Къде е поръчката ми?", "bg"),
        ("我的訂單在哪裡？", "zh"),
        ("Wo ist meine Bestellung? Ich habe vor einer Woche bestellt.", "de"),
        ("ok", "und"),
        ("12345 !!!", "und"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_shop_languages_narrow_the_choice() -> None:
    assert detect_language("refund?", languages=["en", "vi", "th", "bg", "zh"]) == "en"
    assert detect_language("Hola, dónde está mi pedido", languages=["en", "vi"]) in {"en", "vi"}
