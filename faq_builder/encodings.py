"""Text encodings of helpdesk bytes (export files, tickets sent to the API), sniffed the same way by every reader."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

SNIFF_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(sample: bytes) -> str:
    """The encoding of a file from its first bytes: BOM, then UTF-8 (also when a few stray bytes are not:
    they become U+FFFD and each such row is reported), then a Western code page unless charset-normalizer
    clearly sees another script in enough non-ASCII text."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 4 and len(sample) >= SNIFF_BYTES:
            return "utf-8"  # a character cut in two at the end of the sample
    high = sum(1 for byte in sample if byte >= 0x80)
    in_sequences = sum(len(match) for match in _UTF8_SEQUENCE.findall(sample))
    if in_sequences and in_sequences >= 2 * (high - in_sequences):
        return "utf-8"  # UTF-8 text with a few stray bytes: keep the script, flag the rows
    if high < _SCRIPT_EVIDENCE:
        return "cp1252"  # a handful of accented letters says nothing about the script: the Western default
    # Western exports are cp1252 far more often than any other single-byte code page; only a clearly
    # different script (Cyrillic, Thai, CJK, UTF-16 without BOM) overrides it.
    best = from_bytes(
        sample, cp_isolation=["utf_16_le", "utf_16_be", "cp1252", "cp1251", "gb18030", "big5", "cp874", "shift_jis"]
    ).best()
    return best.encoding if best is not None else "cp1252"


#: A well-formed multi-byte UTF-8 character.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: Non-ASCII bytes needed before a script other than Western European is considered.
_SCRIPT_EVIDENCE = 64


def decode(data: bytes) -> str:
    """``data`` as text in its sniffed encoding (a BOM is dropped); undecodable bytes become U+FFFD."""
    return data.decode(sniff_encoding(data[:SNIFF_BYTES]), errors="replace").removeprefix("\ufeff")
