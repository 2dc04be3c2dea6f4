from __future__ import annotations

from datetime import UTC, datetime

import pytest

from faq_builder.errors import ConfigError
from faq_builder.ingest.base import TicketFactory
from faq_builder.language import configured_code, detect_language


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


SHOP = ["en", "vi", "th", "bg", "zh-TW"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("我的訂單在哪裡？", "zh-TW"),  # the script shortcut answers in the shop's spelling
        ("Where is my order? I placed it last week and nothing arrived", "en"),
        ("Къде е поръчката ми?", "bg"),
        ("ok", "und"),
    ],
)
def test_regional_codes_are_answered_as_configured(text: str, code: str) -> None:
    assert detect_language(text, languages=SHOP) == code


def test_the_model_is_asked_in_base_codes() -> None:
    assert detect_language("Onde está o meu pedido? Comprei na semana passada.", languages=["en", "pt-BR"]) == "pt-BR"


@pytest.mark.parametrize(
    ("given", "code"),
    [("zh-tw", "zh-TW"), ("zh", "zh-TW"), ("ZH_TW", "zh-TW"), ("en-US", "en"), ("pt-br", "pt"), ("vi", "vi")],
)
def test_export_languages_are_spelled_as_configured(given: str, code: str) -> None:
    assert configured_code(given, SHOP) == code


def test_the_exact_regional_code_wins_over_another_of_its_language() -> None:
    assert configured_code("zh-cn", ["zh-TW", "zh-CN"]) == "zh-CN"
    assert configured_code("zh", ["zh-TW", "zh-CN"]) == "zh-TW"


@pytest.mark.parametrize("unknown", ["xx", "tlh"])
def test_an_unknown_configured_code_is_a_config_error(unknown: str) -> None:
    with pytest.raises(ConfigError, match=rf"languages: '{unknown}' is not a language.*e\.g\. \[en, vi"):
        detect_language("Where is my order?", languages=["en", unknown])


def test_ticket_languages_are_the_shop_codes() -> None:
    factory = TicketFactory(source="csv", salt=b"salt", languages=tuple(SHOP))
    at = datetime(2026, 11, 23, tzinfo=UTC)
    given = factory.build(external_id=1, created_at=at, first_message="Where is my order?", language="zh-tw")
    detected = factory.build(external_id=2, created_at=at, first_message="我的訂單在哪裡？")
    assert (given.language, detected.language) == ("zh-TW", "zh-TW")


def test_ingest_reports_an_unknown_language_setting_not_a_crash() -> None:
    factory = TicketFactory(source="csv", salt=b"salt", languages=("en", "xx"))
    with pytest.raises(ConfigError, match="'xx'"):
        factory.build(external_id=1, created_at=datetime(2026, 11, 23, tzinfo=UTC), first_message="Where is my order?")
