"""Mailboxes: an mbox file (:class:`MboxReader`) or .eml files (:class:`EmlReader`), threaded into tickets.

Messages are parsed by the standard library (``email`` with the modern
policy, ``mailbox`` for mbox) and threaded by Message-ID, In-Reply-To and
References, with a fallback on "Re: subject" from the same customer. Mail
from a support address is an agent reply; without ``--support-address`` the
addresses that answer other people's threads are taken as support.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import mailbox
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from ..cleaning import REPLY_PREFIX, mail_body_text
from ..errors import InputFormatError
from ..models import Channel, Problem, Severity, Status
from .base import ReadContext, ReadItem, RowError, draft_ticket, parse_datetime
from .probe import Probe

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
#: Headers a message file may start with (detection of .eml content without the name).
_HEADER_NAMES = (
    b"received:",
    b"return-path:",
    b"message-id:",
    b"mime-version:",
    b"from:",
    b"date:",
    b"subject:",
    b"delivered-to:",
    b"to:",
    b"x-",
)


@dataclass(slots=True)
class _Mail:
    """What threading and ticket assembly need of one message."""

    file: str
    line: int
    message_id: str
    parents: tuple[str, ...]
    sender: str
    date: datetime
    subject: str
    text: str


def _mbox_starts(path: Path) -> list[int]:
    """Line numbers of each message's "From " line, split exactly as :class:`mailbox.mbox` splits."""
    starts = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith(b"From "):
                starts.append(number)
    return starts


def _parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def _utf8(payload: bytes) -> str:
    """A part whose declared charset Python cannot read, as UTF-8 (mailboxes are; odd bytes become U+FFFD)."""
    return payload.decode("utf-8", errors="replace")


def _address(value: object) -> str:
    _name, address = email.utils.parseaddr(str(value or ""))
    return address.strip().lower()


def _ids(value: object) -> tuple[str, ...]:
    return tuple(_MESSAGE_ID.findall(str(value or "")))


def _mail(message: EmailMessage, ctx: ReadContext, file: str, line: int, raw_size: int) -> _Mail:
    if raw_size > ctx.max_field_chars * 4:
        raise RowError(f"message is {raw_size:,} bytes, over the limit")
    if not message.keys():
        raise RowError("not an email message (no headers)")
    try:
        date_header = message["Date"]
    except (ValueError, TypeError, IndexError) as error:
        raise RowError(f"unreadable Date header ({error})") from error
    date = parse_datetime(str(date_header) if date_header else None, timezone=ctx.timezone, name="Date")
    if date is None:
        raise RowError("message has no Date header")
    sender = _address(message["From"])
    if not sender:
        raise RowError("message has no From address")
    subject = str(message["Subject"] or "")
    message_ids = _ids(message["Message-ID"])
    text = mail_body_text(message, decode=_utf8)
    if not text and not subject:
        raise RowError("no readable text part (broken MIME?)")
    if "\x00" in text:
        raise RowError("message text contains NUL bytes")
    message_id = (
        message_ids[0]
        if message_ids
        else "<"
        + hashlib.blake2b(f"{sender}|{date.isoformat()}|{subject}".encode(), digest_size=12).hexdigest()
        + "@faq-builder.local>"
    )
    parents = _ids(message["In-Reply-To"]) + _ids(message["References"])
    return _Mail(file, line, message_id, parents, sender, date, subject, text)


class _Threads:
    """Union-find over message ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a


def normalise_subject(subject: str) -> str:
    return re.sub(r"\s+", " ", REPLY_PREFIX.sub("", subject)).strip().lower()


class MailReader:
    """Threads messages into tickets; :class:`MboxReader` and :class:`EmlReader` say where the messages come from."""

    default_source = "email"

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        """Nothing to check before reading."""

    def _messages(self, path: Path, ctx: ReadContext) -> Iterator[_Mail | Problem]:
        raise NotImplementedError

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        mails: list[_Mail] = []
        for item in self._messages(path, ctx):
            if isinstance(item, Problem):
                yield item
            else:
                mails.append(item)
        if not mails:
            yield Problem(str(path), 1, "no email messages found", severity=Severity.WARNING)
            return
        support = ctx.support_addresses or self._infer_support(mails, ctx, path)
        for thread in self._thread(mails, support):
            yield from self._draft(thread, support, ctx)

    def _thread(self, mails: list[_Mail], support: frozenset[str]) -> list[list[_Mail]]:
        threads = _Threads()
        known = {mail.message_id for mail in mails}
        for mail in mails:
            threads.find(mail.message_id)
            for parent in mail.parents:
                if parent in known:
                    threads.union(parent, mail.message_id)
        # Replies whose client dropped the headers: same subject, same customer, later date.
        by_subject: dict[tuple[str, str], str] = {}
        for mail in sorted(mails, key=lambda m: m.date):
            customer = mail.sender if mail.sender not in support else ""
            key = (normalise_subject(mail.subject), customer)
            is_reply = bool(REPLY_PREFIX.match(mail.subject))
            if is_reply and not any(p in known for p in mail.parents) and key in by_subject and key[0]:
                threads.union(by_subject[key], mail.message_id)
            by_subject.setdefault(key, mail.message_id)
        groups: dict[str, list[_Mail]] = {}
        for mail in mails:
            groups.setdefault(threads.find(mail.message_id), []).append(mail)
        return [sorted(group, key=lambda m: m.date) for group in groups.values()]

    def _infer_support(self, mails: list[_Mail], ctx: ReadContext, path: Path) -> frozenset[str]:
        """Addresses that reply in two or more threads started by others, and start none themselves."""
        by_id = {mail.message_id: mail for mail in mails}
        starters = {mail.sender for mail in mails if not any(p in by_id for p in mail.parents)}
        answering: Counter[str] = Counter()
        for mail in mails:
            parents = [by_id[p] for p in mail.parents if p in by_id]
            if parents and parents[0].sender != mail.sender:
                answering[mail.sender] += 1
        inferred = frozenset(a for a, n in answering.items() if n >= 2 and a not in starters)
        if inferred:
            ctx.notes.append(
                f"{path}: treating {', '.join(sorted(inferred))} as the support address "
                "(pass --support-address to say which)"
            )
        return inferred

    def _draft(self, thread: list[_Mail], support: frozenset[str], ctx: ReadContext) -> Iterator[ReadItem]:
        customer_mails = [mail for mail in thread if mail.sender not in support]
        agent_mails = [mail for mail in thread if mail.sender in support]
        if not customer_mails:
            first = thread[0]
            yield Problem(
                first.file,
                first.line,
                "thread has only messages from the support address (outbound mail, no customer question)",
                severity=Severity.WARNING,
            )
            return
        root = customer_mails[0]
        replies_after = [mail for mail in agent_mails if mail.date >= root.date]
        try:
            draft = draft_ticket(
                external_id=root.message_id.strip("<>"),
                created_at=root.date,
                first_message=root.text,
                subject=REPLY_PREFIX.sub("", root.subject).strip(),
                channel=Channel.EMAIL,
                customer=root.sender,
                later_customer_messages=[mail.text for mail in customer_mails[1:]],
                agent_replies=[mail.text for mail in replies_after],
                first_response_at=replies_after[0].date if replies_after else None,
                updated_at=thread[-1].date,
                status=Status.PENDING if thread[-1].sender in support else Status.OPEN,
            )
        except RowError as error:
            yield Problem(root.file, root.line, str(error))
            return
        yield root.line, draft


class MboxReader(MailReader):
    """An mbox file: messages split on their "From " lines."""

    name = "mbox"
    description = "mailbox file"

    def detects(self, probe: Probe) -> bool:
        """A .mbox file, or any file that starts with a "From " line."""
        return not probe.is_dir and (probe.suffix == ".mbox" or probe.head.startswith(b"From "))

    def _messages(self, path: Path, ctx: ReadContext) -> Iterator[_Mail | Problem]:
        starts = _mbox_starts(path)
        box = mailbox.mbox(path, create=False)
        try:
            for index, key in enumerate(box.iterkeys()):
                line = starts[index] if index < len(starts) else 0
                data = box.get_bytes(key)
                try:
                    yield _mail(_parse(data), ctx, str(path), line, len(data))
                except RowError as error:
                    yield Problem(str(path), line, str(error), data[:2000].decode("utf-8", "replace"))
                if index % 256 == 0:
                    ctx.progress(index)
        finally:
            box.close()


class EmlReader(MailReader):
    """One .eml message file, or a folder of them."""

    name = "eml"
    description = "message file or folder of .eml files"

    def detects(self, probe: Probe) -> bool:
        """A folder holding .eml files, a .eml file, or a file that starts with mail headers and a blank line."""
        if probe.is_dir:
            return ".eml" in probe.folder_suffixes
        head = probe.head
        return probe.suffix == ".eml" or (
            head.lstrip().lower().startswith(_HEADER_NAMES) and b"\n\n" in head.replace(b"\r\n", b"\n")
        )

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        if path.is_dir() and not any(path.glob("*.eml")):
            raise InputFormatError(f"{path}: folder holds no .eml files")

    def _messages(self, path: Path, ctx: ReadContext) -> Iterator[_Mail | Problem]:
        files = sorted(path.glob("*.eml")) if path.is_dir() else [path]
        for file in files:
            data = file.read_bytes()
            try:
                yield _mail(_parse(data), ctx, str(file), 1, len(data))
            except RowError as error:
                yield Problem(str(file), 1, str(error), data[:2000].decode("utf-8", "replace"))
