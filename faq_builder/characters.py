"""Characters nothing faq-builder writes may hold: controls and invisible format characters (one table for all)."""

from __future__ import annotations

import re

#: Characters that end a line in some system: they become "\n".
LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
#: Characters an emoji sequence is made of: a zero-width joiner between two of them stays ("👩‍💻").
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21ff\u2300-\u23ff\u24c2\u25a0-\u27bf\u2934\u2935"
    "\u2b00-\u2bff\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff"
)
#: Control characters (C0 and C1 but tab and newline), format characters (Unicode category Cf: bidi
#: controls, zero-width spaces and joiners, the byte-order mark, soft hyphens, tags), lone surrogates and the
#: invisible fillers that pass for letters. Zero-width joiners inside emoji sequences are kept.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
    f"|(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])"
)
SUSPECT = re.compile(_INVISIBLE.pattern + "|" + LINE_BREAKS.pattern)


def strip_invisible(text: str) -> str:
    """``text`` without control and invisible characters; line and paragraph separators become "\\n".

    Tabs and newlines stay, and so does a zero-width joiner between two emoji ("👩‍💻"); everything else
    that is not printed (bidi overrides, zero-width spaces, the byte-order mark, C0/C1 controls, tag
    characters) goes, so it can neither reverse what a reader sees nor split personal data past a pattern.
    """
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub("", LINE_BREAKS.sub("\n", text))
