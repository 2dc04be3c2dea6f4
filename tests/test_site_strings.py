"""The site's words per language: every translation complete and shaped like English's, and how gaps fall back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from faq_builder.site.languages import HAN_QUERY, patch_search_worker
from faq_builder.site.strings import available_languages, site_strings

LOCALES = Path(__file__).parents[1] / "faq_builder" / "site" / "locales"


def names(value: object) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", str(value)))


def flat(data: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out |= flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_the_shipped_languages() -> None:
    assert available_languages() == ("bg", "en", "th", "vi", "zh-TW")


@pytest.mark.parametrize("language", ["bg", "th", "vi", "zh-TW"])
def test_each_translation_has_every_word_with_the_same_placeholders(language: str) -> None:
    english = flat(yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8")))
    own = flat(yaml.safe_load((LOCALES / f"{language}.yml").read_text(encoding="utf-8")))
    assert sorted(set(english) - set(own)) == []  # nothing missing
    assert sorted(set(own) - set(english)) == []  # nothing misspelt
    for key, value in english.items():
        if isinstance(value, list):
            assert isinstance(own[key], list) and len(own[key]) == len(value), key  # "a, b" unquoted splits in two
        assert names(own[key]) == names(value), key


def test_a_language_without_a_file_falls_back_to_english_and_says_so() -> None:
    assert not site_strings("de").translated and site_strings("de")("contact_nav") == "Contact"
    assert site_strings("pt-BR").language == "pt-BR" and not site_strings("pt-BR").translated
    assert site_strings("zh-TW").translated and site_strings("zh-TW")("contact_nav") == "聯絡我們"


def test_words_are_filled_in_and_days_written_as_ranges() -> None:
    vi = site_strings("vi")
    assert vi.questions(1) == "1 câu hỏi" and vi.questions(4) == "Tất cả 4 câu hỏi"
    assert vi.day_ranges([0, 1, 2, 3, 4]) == "Thứ Hai–Thứ Sáu"
    assert site_strings("en").day_ranges([0, 1, 5]) == "Monday, Tuesday, Saturday"
    assert site_strings("bg")("returns_window", days=30) == "Можете да върнете стоката до 30 дни след доставката."


def test_thai_query_splitting_is_patched_into_materials_worker_or_the_build_fails(tmp_path: Path) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    worker = workers / "search.1234.min.js"
    worker.write_text(f'e=e.replace(new RegExp({HAN_QUERY},"gu"),s=>s)', encoding="utf-8")
    patch_search_worker(tmp_path)
    assert "sc=Thai" in worker.read_text(encoding="utf-8")
    patch_search_worker(tmp_path)  # twice is fine (a dirty rebuild)
    worker.write_text('e=e.replace(new RegExp(somethingElse,"gu"),s=>s)', encoding="utf-8")
    with pytest.raises(PluginError, match="no longer splits queries"):
        patch_search_worker(tmp_path)
