"""Language identification for ticket text (offline; the model ships inside py3langid)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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


def detect_language(text: str, *, languages: Iterable[str] = ()) -> str:
    """ISO 639-1 code of the text's language, or ``"und"`` when there is too little text to tell.

    ``languages`` limits the answer to the languages a shop's customers use,
    which makes short messages ("refund?") far more reliable.
    """
    sample = text[:SAMPLE_CHARS]
    if not sample.isascii():
        for script, code in _SCRIPTS:
            if script.search(sample):
                return code
    if not _THREE_LETTERS.search(sample):
        return UNDETERMINED
    code, _score = _identifier(tuple(sorted(set(languages) or COMMON_LANGUAGES))).classify(sample)
    return str(code)
