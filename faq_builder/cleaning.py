"""Turn raw message bodies (HTML or text emails, chat transcripts) into the customer's own words.

Removes markup, quoted earlier replies, client headers and signatures, and
normalises whitespace. HTML goes through inscriptis; reply/quote detection
through mail-parser-reply (which knows "On ... wrote:" and Outlook header
blocks in many languages). Only a thin layer of patterns it lacks is ours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from email.message import EmailMessage as MailMessage

from inscriptis import Inscriptis
from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring
from mailparser_reply.parser import EmailMessage

from .characters import strip_invisible
from .encodings import decode as decode_bytes

#: Languages whose reply headers ("On ... wrote:", "Am ... schrieb:") are recognised.
REPLY_HEADER_LANGUAGES = ["en", "de", "fr", "es", "nl", "it", "sv", "da", "pl", "zh"]

_HTML_HINT = re.compile(
    r"<\s*(?:html|body|div|p|br|span|table|tr|td|b|i|u|strong|em|a|font|blockquote|ul|ol|li|h[1-6]|img)(?=[\s/>])[^>]*>"
    r"|</\s*[a-z][a-z0-9]*\s*>|&(?:nbsp|amp|lt|gt|quot|#\d+);",
    re.IGNORECASE,
)
# Elements that hold earlier messages in HTML mail (Gmail, Apple Mail, Outlook, Thunderbird).
_QUOTE_XPATH = (
    "//blockquote | //div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //div[@id='divRplyFwdMsg'] | //div[@id='appendonsend'] | //div[@type='cite']"
    " | //div[contains(@class, 'moz-cite-prefix')] | //style | //script | //head"
)
# Anything after these is a previous message or a client footer.
_CUT_MARKERS = re.compile(
    r"^(?:-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht)\s*-{2,}.*"
    r"|_{10,}\s*"
    r"|Sent from my .*|Sent from (?:Mail|Outlook|Yahoo Mail|Gmail) .*|Get Outlook for .*"
    r"|Von meinem \S+ gesendet.*|Envoyé de mon .*|Enviado desde mi .*"
    r"|-- ?)$",
    re.IGNORECASE | re.MULTILINE,
)
# Lines that close a message ("Thanks,", "Best regards", "Cheers") followed only by a short name.
_SIGN_OFF = re.compile(
    r"\n[ \t]*(?:many thanks|thanks(?: a lot| so much| in advance)?|thank you(?: very much| in advance)?|"
    r"thx|cheers|best(?: wishes| regards)?|kind regards|warm regards|regards|sincerely|yours sincerely|"
    r"br|mfg|viele grüße|liebe grüße|cordialement|saludos|groetjes|met vriendelijke groet)"
    r"[ \t]*[,.!]*[ \t]*(?:\n[^\n]{0,60}){0,3}\s*$",
    re.IGNORECASE,
)
_REPLY_WORDS = (
    "wrote",
    "schrieb",
    "écrit",
    "escribió",
    "schreef",
    "scrisse",
    "skrev",
    "napisał",
    "写道",
    "from:",
    "von:",
    "de:",
    "van:",
)
_CUT_WORDS = ("--", "__", "sent from", "get outlook", "gesendet", "envoyé", "enviado")
_SIGN_OFF_REACH = 320
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$\n?", re.MULTILINE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_REPLY_HINT = re.compile(
    r"wrote:|schrieb|a écrit|escribió|schreef|scrisse|skrev|napisał|写道|^(?:From|Von|De|Van):", re.I | re.M
)


def looks_like_html(text: str) -> bool:
    """True when the text carries HTML markup (not just a stray '<' in prose)."""
    return ("<" in text or "&" in text) and _HTML_HINT.search(text) is not None


#: "Re:", "AW:", "Fwd: [2]:"... in front of a mail's subject, in the languages shops write in.
REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|antw|réf|rif|fw|fwd|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def mail_body_text(message: MailMessage, *, decode: Callable[[bytes], str] = decode_bytes) -> str:
    """A mail's text: the plain part, else the HTML part as text, else any readable text part; a part whose
    declared charset cannot be read is decoded with ``decode``."""
    candidates = []
    try:
        preferred = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError, ValueError):
        preferred = None
    if preferred is not None:
        candidates.append(preferred)
    candidates.extend(part for part in message.walk() if part.get_content_maintype() == "text")
    for part in candidates:
        try:
            content = part.get_content()
        except (LookupError, ValueError, AssertionError, UnicodeError):
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            content = decode(payload)
        if isinstance(content, str) and content.strip():
            return html_to_text(content) if part.get_content_subtype() == "html" else content
    return ""


def html_to_text(html: str, *, drop_quotes: bool = True) -> str:
    """Render HTML as readable text, dropping quoted earlier messages and scripts."""
    try:
        tree: HtmlElement = document_fromstring(html)
    except (ParserError, ValueError):
        return html
    if drop_quotes:
        for element in tree.xpath(_QUOTE_XPATH):
            element.drop_tree()
    return Inscriptis(tree).get_text()


def normalise_whitespace(text: str) -> str:
    """Unify newlines and spaces, drop control and invisible characters, keep at most one blank line."""
    text = strip_invisible(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def strip_reply_noise(text: str) -> str:
    """Remove quoted replies, forwarded headers, client footers and sign-offs from plain text."""
    lower = text.lower()
    if any(word in lower for word in _REPLY_WORDS) and _REPLY_HINT.search(text):
        message = EmailMessage(text=text, languages=REPLY_HEADER_LANGUAGES, keep_hyphen_lists=True).read()
        if message.replies and message.replies[0].body:
            text = message.replies[0].body
    if any(word in lower for word in _CUT_WORDS):
        cut = _CUT_MARKERS.search(text)
        if cut and cut.start() > 0:
            text = text[: cut.start()]
    if ">" in text:
        text = _QUOTED_LINE.sub("", text)
    # A sign-off is followed by three short lines at most, so it sits near the end.
    offset = max(0, len(text) - _SIGN_OFF_REACH)
    signed = _SIGN_OFF.search(text, offset)
    if signed and signed.start() > 0:
        text = text[: signed.start()]
    return text


def clean_message(raw: str | None, *, is_html: bool | None = None) -> str:
    """The readable new content of one message, from HTML or plain text."""
    if not raw:
        return ""
    text = raw
    if is_html or (is_html is None and looks_like_html(raw)):
        text = html_to_text(raw)
    text = normalise_whitespace(text)
    stripped = strip_reply_noise(text)
    return text if stripped is text else normalise_whitespace(stripped)


GREETING = re.compile(
    r"^\s*(?:(?:(?:hi|hello|hey|dear|good (?:morning|evening|afternoon)|hiya|greetings)\b[^\n.!?,]{0,30}"
    r"|xin chào|chào shop|chào bạn|здравейте|добър ден|您好|你好|สวัสดีค่ะ|สวัสดีครับ|สวัสดี)[,!.\-–，]?\s*)+",
    re.IGNORECASE,
)


def strip_greeting(text: str) -> str:
    """``text`` without the greeting it opens with ("Hi Anna,", "Hello team!", "Xin chào", ...)."""
    return GREETING.sub("", text).strip()
