"""Language identification for ticket text (offline; the model ships inside py3langid).

Shops configure codes as their site names languages (``zh-TW``, ``pt-BR``); the detector knows languages alone
(``zh``), so it is asked in base codes and its answer is given back in the shop's spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .errors import ConfigError

UNDETERMINED = "und"
#: Languages considered when the shop names none: the widely written ones, so that short
#: messages are not taken for a minority language ("refund?" is not Swahili).
COMMON_LANGUAGES = (
    "ar",
    "bg",
    "bn",
    "ca",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "fa",
    "fi",
    "fr",
    "he",
    "hi",
    "hr",
    "hu",
    "id",
    "it",
    "ja",
    "ko",
    "lt",
    "lv",
    "ms",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sr",
    "sv",
    "th",
    "tl",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh",
)
_THREE_LETTERS = re.compile(r"(?:[^\W\d_][\W\d_]*){3}")
#: Characters looked at; the start of a message tells its language as well as the whole.
SAMPLE_CHARS = 160
# Scripts that name their language outright; faster and surer than a model on short text.
_SCRIPTS = (
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
)


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]):  # noqa: ANN202 - py3langid has no public type for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    if languages:
        identifier.set_languages(list(languages))
    return identifier


def base_code(code: str) -> str:
    """The language alone, as the detector names it: ``zh`` of ``zh-TW``, ``zh_tw`` or ``ZH``."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def configured_code(code: str, languages: Iterable[str]) -> str:
    """``code`` as the shop spells it (``zh`` or ``zh-tw`` -> ``zh-TW`` when that is configured), else its base code.

    Tickets, clusters and entries then carry the site's own codes, whether a code came from detection or an export.
    """
    configured = tuple(languages)
    wanted = code.strip().replace("_", "-").lower()
    exact = next((lang for lang in configured if lang.lower() == wanted), None)
    base = base_code(code)
    return exact or next((lang for lang in configured if base_code(lang) == base), base)


@lru_cache(maxsize=8)
def _detector_codes(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The base codes of the shop's languages; a ConfigError names one the detector does not know."""
    known = frozenset(_identifier(()).nb_classes)
    for code in languages:
        if base_code(code) not in known:
            problem = (
                f"languages: {code!r} is not a language the language detector knows; give ISO 639-1 codes, "
                "a region may follow, e.g. [en, vi, th, bg, zh-TW]"
            )
            raise ConfigError(problem, details=[problem])
    return tuple(sorted({base_code(code) for code in languages}))


def detect_language(text: str, *, languages: Iterable[str] = ()) -> str:
    """Code of the text's language, or ``"und"`` when there is too little text to tell.

    ``languages`` limits the answer to the languages a shop's customers use, which makes short messages
    ("refund?") far more reliable; the answer is then spelled as configured (``zh-TW``), else ISO 639-1.
    Raises ConfigError for a configured code the detector does not know.
    """
    configured = tuple(languages)
    codes = _detector_codes(configured)
    sample = text[:SAMPLE_CHARS]
    if not sample.isascii():
        for script, code in _SCRIPTS:
            if script.search(sample):
                return configured_code(code, configured)
    if not _THREE_LETTERS.search(sample):
        return UNDETERMINED
    code, _score = _identifier(codes or COMMON_LANGUAGES).classify(sample)
    return configured_code(str(code), configured)
